import { requestAccount } from "../accounts/request-account";
import type { Route } from "../api/router";
import { ShortenerError } from "../errors/shortener-error";
import type { EventIntake } from "./event-intake";
import { isReportedEventType, REPORTED_EVENT_TYPES } from "./reported-event";

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

/** `/api/events`: agents report `conflict` and `sync.paused`; subscribers and samples read the recent ones. */
export function eventRoutes(intake: EventIntake): readonly Route<object>[] {
  return [
    {
      method: "POST",
      path: "/api/events",
      handle: async ({ body }) => {
        const { event, duplicate } = await intake.report(requestAccount().id, body);
        return { status: duplicate ? 200 : 202, body: { event, duplicate } };
      },
    },
    {
      method: "GET",
      path: "/api/events",
      handle: async ({ query }) => ({
        status: 200,
        body: {
          events: await intake.recent(
            requestAccount().id,
            typeFilter(query.get("type")),
            pageSize(query.get("limit")),
          ),
        },
      }),
    },
  ];
}

function typeFilter(value: string | null) {
  if (value === null || value === "") return null;
  if (!isReportedEventType(value)) {
    throw new ShortenerError("invalid_input", `type must be one of ${REPORTED_EVENT_TYPES.join(", ")}.`);
  }
  return value;
}

function pageSize(value: string | null): number {
  if (value === null || value === "") return DEFAULT_PAGE;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new ShortenerError("invalid_input", `limit must be a whole number from 1 to ${MAX_PAGE}.`);
  }
  return limit;
}
