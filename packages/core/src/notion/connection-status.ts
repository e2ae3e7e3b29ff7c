import type { Clock } from "../clock/clock";
import type { EventBus } from "../events/events";
import type { RequestScheduler, SchedulerStatus } from "../scheduling/request-scheduler";

/** Turns scheduler status changes into this connection's events. */
export function reportStatus(
  scheduler: RequestScheduler,
  events: EventBus,
  connectionId: string,
  clock: Clock,
): void {
  scheduler.onStatus((status: SchedulerStatus, previous: SchedulerStatus) => {
    const at = new Date(clock.now()).toISOString();
    if (status.state === "throttled" && previous.state !== "throttled") {
      events.emit("sync.throttled", { connectionId, retryAfterMs: status.retryAfterMs, at });
    }
    if (status.state === "offline" && previous.state !== "offline") {
      events.emit("sync.offline", { connectionId, pending: scheduler.pending(), at });
    }
    if (previous.state === "offline" && status.state !== "offline") {
      events.emit("sync.online", { connectionId, at });
    }
  });
}
