import type { Account } from "../accounts/accounts";
import { escapeHtml } from "../public-http/html-escape";

/** The pages Notion opens when someone first pastes one of our short links: sign in, then Allow or Deny. */

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}label{display:block;margin:1rem 0 .25rem}input{width:100%;padding:.5rem;font:inherit}
.actions{display:flex;gap:.75rem;margin-top:1.5rem}button{padding:.5rem 1.25rem;font:inherit;cursor:pointer}
button[value=allow],button[value=sign-in]{background:#2383e2;color:#fff;border:0;border-radius:4px}
.error{color:#b42318}.account{background:#f6f8fa;padding:.75rem;border-radius:4px}`;

export const AUTHORIZE_ACTIONS = ["sign-in", "allow", "deny"] as const;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)} · Linksync</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function signInPage(formAction: string, ticket: string, error: string | null): string {
  return page(
    "Connect Notion",
    `<h1>Connect Notion to Linksync</h1>
<p>Notion wants to show live previews of your Linksync short links: title, destination, clicks, tags and last click.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="${escapeHtml(formAction)}">
<input type="hidden" name="ticket" value="${escapeHtml(ticket)}">
<label for="api_key">Your Linksync API key</label>
<input id="api_key" name="api_key" type="password" autocomplete="off" required>
<div class="actions"><button name="action" value="sign-in">Continue</button>
<button name="action" value="deny" formnovalidate>Deny</button></div></form>`,
  );
}

export function consentPage(formAction: string, ticket: string, account: Account): string {
  return page(
    "Allow Notion",
    `<h1>Allow Notion to preview your links?</h1>
<p class="account">Linksync account: <strong>${escapeHtml(account.name)}</strong> (${escapeHtml(account.id)})</p>
<p>Notion will read the title, destination, clicks, tags and last click of this account's short links when they are
pasted into a page, and keep those previews up to date. It cannot change your links.</p>
<form method="post" action="${escapeHtml(formAction)}">
<input type="hidden" name="ticket" value="${escapeHtml(ticket)}">
<div class="actions"><button name="action" value="allow">Allow</button>
<button name="action" value="deny">Deny</button></div></form>`,
  );
}

export function errorPage(message: string): string {
  return page("Cannot connect", `<h1>Cannot connect Notion</h1><p>${escapeHtml(message)}</p>`);
}
