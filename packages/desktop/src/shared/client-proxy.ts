import { API_METHOD_NAMES, type ApiMethodName, type Envelope, type LinksyncApi } from "./contract";

/** A failed call, with the code and human sentence the host sent. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type RawCall = (name: ApiMethodName, args: readonly unknown[]) => Promise<Envelope<unknown>>;

/** Builds the typed API from one transport function: every method of the contract, none other. */
export function createApiProxy(call: RawCall): LinksyncApi {
  const entries = API_METHOD_NAMES.map((name) => [
    name,
    async (...args: unknown[]) => {
      const envelope = await call(name, args);
      if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message);
      return envelope.value;
    },
  ]);
  return Object.fromEntries(entries) as LinksyncApi;
}
