import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { authentication } from "./authentication";
import App from "./index";

/** zapier-platform-core's own schema tools: what `zapier-platform validate` runs before a push. */
interface SchemaTools {
  prepareApp(app: unknown): unknown;
  validateApp(compiledApp: unknown): unknown[];
}
const schemaTools = createRequire(import.meta.url)("zapier-platform-core/src/tools/schema") as SchemaTools;

interface OutputField {
  readonly key: string;
  readonly label?: string;
  readonly type?: string;
}
interface Step {
  readonly key: string;
  readonly display: { readonly label: string; readonly description: string; readonly hidden?: boolean };
  readonly operation: {
    readonly sample?: Record<string, unknown>;
    readonly outputFields?: readonly OutputField[];
    readonly inputFields?: readonly {
      readonly key: string;
      readonly label?: string;
      readonly helpText?: string;
    }[];
  };
}

const triggers = Object.values(App.triggers) as Step[];
const steps = [
  ...triggers,
  ...(Object.values(App.creates) as Step[]),
  ...(Object.values(App.searches) as Step[]),
];

const SMALL_WORDS = new Set([
  "a",
  "an",
  "and",
  "as",
  "at",
  "by",
  "for",
  "in",
  "of",
  "on",
  "or",
  "the",
  "to",
  "with",
]);
function isTitleCase(label: string): boolean {
  return label.split(" ").every((word, i) => (i > 0 && SMALL_WORDS.has(word)) || /^[A-Z0-9]/.test(word));
}
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe("the app definition", () => {
  it("validates with zero errors through zapier-platform-core's schema tools", () => {
    expect(schemaTools.validateApp(schemaTools.prepareApp(App))).toEqual([]);
  });

  it.each(
    steps.map((s) => [s.key, s] as const),
  )("%s has a sample with an id and exactly its output fields", (_, step) => {
    const { sample, outputFields } = step.operation;
    expect(sample?.id).toEqual(expect.any(String));
    expect(Object.keys(sample ?? {}).sort()).toEqual((outputFields ?? []).map((f) => f.key).sort());
  });

  it.each(steps.map((s) => [s.key, s] as const))("%s labels its step and fields in Title Case", (_, step) => {
    const labels = [
      step.display.label,
      ...(step.operation.outputFields ?? []).map((f) => f.label ?? ""),
      ...(step.operation.inputFields ?? []).map((f) => f.label ?? ""),
    ];
    expect(labels.filter((label) => !isTitleCase(label))).toEqual([]);
  });

  it.each(steps.map((s) => [s.key, s] as const))("%s dates its sample in ISO-8601", (_, step) => {
    const dates = (step.operation.outputFields ?? []).filter((f) => f.type === "datetime");
    for (const field of dates) expect(step.operation.sample?.[field.key]).toMatch(ISO_8601);
  });

  it('describes every trigger starting with "Triggers when"', () => {
    expect(triggers.map((t) => t.display.description).filter((d) => !d.startsWith("Triggers when"))).toEqual(
      [],
    );
  });

  it("links to setup help where a user must act outside Zapier", () => {
    const database = steps
      .flatMap((s) => s.operation.inputFields ?? [])
      .find((f) => f.key === "dataSourceId");
    expect(database?.helpText).toMatch(/\[[^\]]+\]\(https:\/\/[^)]+\)/);
    const baseUrl = authentication.fields.find((f) => f.key === "shortenerBaseUrl");
    expect(baseUrl?.helpText).toMatch(/\[[^\]]+\]\(https:\/\/[^)]+\)/);
  });

  it("asks for no API key in any step's fields: credentials live in the connection", () => {
    const keys = steps.flatMap((s) => (s.operation.inputFields ?? []).map((f) => f.key.toLowerCase()));
    expect(keys.filter((key) => /key|token|secret|password/.test(key))).toEqual([]);
  });
});
