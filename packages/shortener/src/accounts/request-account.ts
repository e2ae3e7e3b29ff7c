import { ShortenerError } from "../errors/shortener-error";
import { currentAccount } from "./account-scope";
import type { Account } from "./accounts";

/** The account an authenticated `/api` request was made with. */
export function requestAccount(): Account {
  const account = currentAccount();
  if (!account) {
    throw new ShortenerError("unauthorized", "Send an account's API key as `Authorization: Bearer <key>`.");
  }
  return account;
}
