import { CONTROL_OPERATION_NAMES, type ControlOperationName, type SandboxControl } from "./operations";

export class SandboxControlError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    message: string,
  ) {
    super(`Sandbox control ${operation} failed (${status}): ${message}`);
    this.name = "SandboxControlError";
  }
}

/** A typed client for a sandbox running in another process, e.g. one started with `npm run sandbox`. */
export function createControlClient(baseUrl: string): SandboxControl {
  const call = async (operation: ControlOperationName, args: unknown[]): Promise<unknown> => {
    const response = await fetch(new URL(`/__control/${operation}`, baseUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ args }),
    });
    const body = (await response.json()) as { result?: unknown; error?: string };
    if (!response.ok)
      throw new SandboxControlError(operation, response.status, body.error ?? response.statusText);
    return body.result;
  };
  const client: Partial<Record<ControlOperationName, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const operation of CONTROL_OPERATION_NAMES) client[operation] = (...args) => call(operation, args);
  // Every operation name was filled in above from the same list the type is built from.
  return client as SandboxControl;
}
