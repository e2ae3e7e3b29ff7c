import type { ConnectionSummary, DatabaseCandidate, DatabaseSummary, FieldMap } from "@linksync/core";
import { useCallback, useState } from "react";
import type { DefaultShortener, LinksyncApi, ProviderChoice } from "../../../../shared/contract";
import { useCompanion } from "../../state/companion-context";

export type Step = "connect" | "pick" | "map" | "provider" | "backfill";

export const STEPS: readonly { readonly id: Step; readonly label: string }[] = [
  { id: "connect", label: "Connect" },
  { id: "pick", label: "Databases" },
  { id: "map", label: "Columns" },
  { id: "provider", label: "Short links" },
  { id: "backfill", label: "Links" },
];

/** A new database with every Linksync column, under a page the user named by its link. */
export interface NewDatabase {
  readonly parentPageId: string;
  readonly title: string;
}

/** What the user chose so far; each step adds to it. */
export interface Choices {
  readonly connection: ConnectionSummary | null;
  readonly picked: readonly DatabaseCandidate[];
  readonly maps: ReadonlyMap<string, Partial<FieldMap>>;
  readonly createMissing: boolean;
  /** Set when the user creates a new database instead of picking existing ones (the map step is skipped). */
  readonly creation: NewDatabase | null;
  /** The connection's own shortener (its Linksync account, or the host's): the provider step is skipped with one. */
  readonly shortener: DefaultShortener | null;
  /** Every picked database's columns were fine as found, so the column step was skipped. */
  readonly columnsFine: boolean;
  /** The user asked to choose the columns and the shortener themselves: no step is skipped. */
  readonly review: boolean;
}

const NO_CHOICES: Choices = {
  connection: null,
  picked: [],
  maps: new Map(),
  createMissing: false,
  creation: null,
  shortener: null,
  columnsFine: false,
  review: false,
};

/** Only a Linksync account the workspace signed in with settles where links live without asking. */
const shortenerSettled = (choices: Choices) => !choices.review && choices.shortener?.source === "account";

/**
 * Attaches what the user chose: one new database, or each picked one with its field map. Kept out of the screens so
 * the order of calls (one attach after the other, each validated by the engine) reads in one place.
 */
export async function attachChoices(
  api: LinksyncApi,
  choices: Choices,
  provider: ProviderChoice,
): Promise<readonly DatabaseSummary[]> {
  const { connection, creation } = choices;
  if (!connection) throw new Error("Connect a Notion workspace first.");
  if (creation) return [await api.createDatabase({ connectionId: connection.id, ...creation, provider })];
  const summaries: DatabaseSummary[] = [];
  for (const candidate of choices.picked) {
    summaries.push(
      await api.attachDatabase({
        connectionId: connection.id,
        dataSourceId: candidate.dataSourceId,
        fieldMap: choices.maps.get(candidate.dataSourceId),
        createMissingColumns: choices.createMissing,
        provider,
        ...("runHereToo" in candidate && candidate.runHereToo === true ? { runHereToo: true } : {}),
      }),
    );
  }
  return summaries;
}

/** The onboarding wizard's state: the current step, the choices made, and the transitions between steps. */
export function useOnboarding() {
  const { api } = useCompanion();
  const [step, setStep] = useState<Step>("connect");
  const [choices, setChoices] = useState<Choices>(NO_CHOICES);
  const [attached, setAttached] = useState<readonly DatabaseSummary[]>([]);

  const connected = useCallback(
    async (connection: ConnectionSummary) => {
      const shortener = await api.defaultShortener(connection.id);
      setChoices((current) => ({ ...current, connection, shortener }));
      setStep("pick");
    },
    [api],
  );
  const attach = useCallback(
    async (provider: ProviderChoice, chosen: Choices = choices) => {
      setAttached(await attachChoices(api, chosen, provider));
      setStep("backfill");
    },
    [api, choices],
  );
  /**
   * The happy path: when every picked database's columns are fine as they are (Linksync's own are added, as the pick
   * step says) and the workspace signed in with its Linksync account, picking is the last decision; otherwise the
   * step that needs the user comes next. `review` walks every step.
   */
  const picked = useCallback(
    async (candidates: readonly DatabaseCandidate[], review: boolean) => {
      const connection = choices.connection;
      if (!connection) return;
      const reports = review
        ? []
        : await Promise.all(
            candidates.map((candidate) => api.inspectDatabase(connection.id, candidate.dataSourceId)),
          );
      const columnsFine = !review && reports.every((report) => report.errors.length === 0);
      const next: Choices = {
        ...choices,
        picked: candidates,
        creation: null,
        maps: new Map(),
        createMissing: columnsFine,
        columnsFine,
        review,
      };
      setChoices(next);
      if (!columnsFine) setStep("map");
      else if (shortenerSettled(next)) await attach({ kind: "host-default" }, next);
      else setStep("provider");
    },
    [api, attach, choices],
  );
  const creating = useCallback(
    async (creation: NewDatabase) => {
      const next: Choices = { ...choices, creation, review: false };
      setChoices(next);
      if (shortenerSettled(next)) await attach({ kind: "host-default" }, next);
      else setStep("provider");
    },
    [attach, choices],
  );
  const mapped = useCallback(
    async (maps: ReadonlyMap<string, Partial<FieldMap>>, createMissing: boolean) => {
      const next: Choices = { ...choices, maps, createMissing, columnsFine: false };
      setChoices(next);
      if (shortenerSettled(next)) await attach({ kind: "host-default" }, next);
      else setStep("provider");
    },
    [attach, choices],
  );
  /** One step back, keeping what was chosen there; a new database skipped the column step, so it goes back to pick. */
  const back = useCallback(() => {
    setStep((current) => {
      if (current === "pick") return "connect";
      if (current === "map") return "pick";
      if (current === "provider") return choices.creation || choices.columnsFine ? "pick" : "map";
      return current;
    });
  }, [choices.creation, choices.columnsFine]);

  return { step, choices, attached, connected, picked, creating, mapped, attach, back };
}
