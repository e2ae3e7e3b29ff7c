import { AsyncLocalStorage } from "node:async_hooks";
import type { Account } from "./accounts";

/**
 * The account an API request is made with. The link API and its store know nothing of accounts; the request
 * listener runs each `/api` request in this scope so that the link-change observer can record who owns a new link.
 */
const scope = new AsyncLocalStorage<Account>();

export function runAsAccount<T>(account: Account, work: () => T): T {
  return scope.run(account, work);
}

export function currentAccount(): Account | undefined {
  return scope.getStore();
}
