/**
 * What a contract suite needs from one implementation of a port: a way to open it on the same storage again (the
 * second `open` is a restart) and everything it keeps at rest as text (to prove no secret is stored in plain text).
 */
export interface ContractSubject<T> {
  open(): Promise<T>;
  /** The stored bytes as text: the files' contents, or the rows of the tables. */
  atRest(): Promise<string>;
  /** Removes the storage (temporary directory, test schema). */
  dispose(): Promise<void>;
}

/** Called before each test: a fresh, empty storage. */
export type ContractSetup<T> = () => Promise<ContractSubject<T>>;

/** A Notion token's shape: what a leaked secret would look like at rest. */
export const CONTRACT_TOKEN = "ntn_4c1Dq8ZbY7tP2wXk9LmN3vR6sQ0aE5fG1hJ2kL3mN4o";

/** A secret the host knows (a provider API key): the setups open their audit logs with `secrets: () => [it]`. */
export const CONTRACT_KNOWN_SECRET = "lsk_provider_key_123";
