type Kind = "null" | "array" | "object" | "string" | "number" | "boolean" | "undefined" | "other";

function kindOf(value: unknown): Kind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const kind = typeof value;
  return kind === "object" ||
    kind === "string" ||
    kind === "number" ||
    kind === "boolean" ||
    kind === "undefined"
    ? kind
    : "other";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return kindOf(value) === "object";
}

/**
 * Lists every place where `actual` does not have the shape of `expected`: a missing or extra key,
 * a different value type, or a different nesting. Values themselves are not compared. Array items are
 * compared with the expected item of the same `type` (or the first one), so a list of mixed blocks works.
 */
export function shapeDifferences(expected: unknown, actual: unknown, path = "$"): string[] {
  const expectedKind = kindOf(expected);
  const actualKind = kindOf(actual);
  if (expectedKind !== actualKind) return [`${path}: expected ${expectedKind}, got ${actualKind}`];
  if (isRecord(expected) && isRecord(actual)) {
    const differences: string[] = [];
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) differences.push(`${path}.${key}: missing`);
      else differences.push(...shapeDifferences(expected[key], actual[key], `${path}.${key}`));
    }
    for (const key of Object.keys(actual)) {
      if (!(key in expected)) differences.push(`${path}.${key}: unexpected key`);
    }
    return differences;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length === 0) return [];
    return actual.flatMap((item, index) =>
      shapeDifferences(counterpart(expected, item), item, `${path}[${index}]`),
    );
  }
  return [];
}

function counterpart(expected: unknown[], item: unknown): unknown {
  if (isRecord(item) && typeof item.type === "string") {
    const sameType = expected.find((candidate) => isRecord(candidate) && candidate.type === item.type);
    if (sameType !== undefined) return sameType;
  }
  return expected[0];
}
