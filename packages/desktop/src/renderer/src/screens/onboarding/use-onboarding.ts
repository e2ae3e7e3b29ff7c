import type { ConnectionSummary, DatabaseCandidate, DatabaseSummary, FieldMap } from "@linksync/core";
import { useCallback, useState } from "react";
import type { LinksyncApi, ProviderChoice } from "../../../../shared/contract";
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
}

const NO_CHOICES: Choices = {
  connection: null,
  picked: [],
  maps: new Map(),
  createMissing: false,
  creation: null,
};

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

  const connected = useCallback((connection: ConnectionSummary) => {
    setChoices((current) => ({ ...current, connection }));
    setStep("pick");
  }, []);
  const picked = useCallback((candidates: readonly DatabaseCandidate[]) => {
    setChoices((current) => ({ ...current, picked: candidates, creation: null }));
    setStep("map");
  }, []);
  const creating = useCallback((creation: NewDatabase) => {
    setChoices((current) => ({ ...current, creation }));
    setStep("provider");
  }, []);
  const mapped = useCallback((maps: ReadonlyMap<string, Partial<FieldMap>>, createMissing: boolean) => {
    setChoices((current) => ({ ...current, maps, createMissing }));
    setStep("provider");
  }, []);
  /** One step back, keeping what was chosen there; a new database skipped the column step, so it goes back to pick. */
  const back = useCallback(() => {
    setStep((current) => {
      if (current === "pick") return "connect";
      if (current === "map") return "pick";
      if (current === "provider") return choices.creation ? "pick" : "map";
      return current;
    });
  }, [choices.creation]);
  const attach = useCallback(
    async (provider: ProviderChoice) => {
      setAttached(await attachChoices(api, choices, provider));
      setStep("backfill");
    },
    [api, choices],
  );

  return { step, choices, attached, connected, picked, creating, mapped, attach, back };
}
