import type { Capability } from "../store/types";

export interface ShareableObject {
  id: string;
  title: string;
  kind: "page" | "database";
}

export interface ConsentScreen {
  integrationName: string;
  workspaceName: string;
  ownerName: string;
  capabilities: readonly Capability[];
  objects: readonly ShareableObject[];
  consentId: string;
  /** Where the form posts. */
  action: string;
}

const CAPABILITY_TEXT: Record<Capability, string> = {
  read_content: "View pages and databases you share",
  update_content: "Edit pages and databases you share",
  insert_content: "Create content in pages and databases you share",
  read_comments: "View comments",
  insert_comments: "Add comments",
};

/** The consent screen of `GET /v1/oauth/authorize`: plain HTML, works without JavaScript. */
export function renderConsentPage(screen: ConsentScreen): string {
  const objects =
    screen.objects.length === 0
      ? `<p class="empty">This workspace has no pages or databases yet.</p>`
      : `<ul class="objects">${screen.objects
          .map(
            (object) => `
        <li><label><input type="checkbox" name="grant" value="${escapeHtml(object.id)}">
          <span class="icon">${object.kind === "database" ? "▦" : "▤"}</span>
          <span class="title">${escapeHtml(object.title || "Untitled")}</span>
          <span class="kind">${object.kind}</span></label></li>`,
          )
          .join("")}
      </ul>`;
  const capabilities = screen.capabilities
    .map((capability) => `<li>${escapeHtml(CAPABILITY_TEXT[capability])}</li>`)
    .join("");
  return page(
    `${screen.integrationName} wants to access ${screen.workspaceName}`,
    `
    <p class="workspace"><span class="avatar">${escapeHtml(screen.workspaceName.slice(0, 1).toUpperCase())}</span>
      ${escapeHtml(screen.workspaceName)} · signed in as ${escapeHtml(screen.ownerName)}</p>
    <h1><strong>${escapeHtml(screen.integrationName)}</strong> is requesting access to your workspace</h1>
    <h2>It will be able to</h2>
    <ul class="capabilities">${capabilities}</ul>
    <form method="post" action="${escapeHtml(screen.action)}">
      <input type="hidden" name="consent_id" value="${escapeHtml(screen.consentId)}">
      <h2>Select the pages and databases it can access</h2>
      ${objects}
      <div class="buttons">
        <button type="submit" name="decision" value="cancel" class="secondary">Cancel</button>
        <button type="submit" name="decision" value="allow" class="primary">Allow access</button>
      </div>
    </form>`,
  );
}

/** An authorize request that cannot be redirected (unknown client, unregistered redirect URI). */
export function renderAuthorizeErrorPage(message: string): string {
  return page("Cannot connect", `<h1>Something went wrong</h1><p class="error">${escapeHtml(message)}</p>`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { margin: 0; background: #f7f6f3; color: #37352f; font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
  main { max-width: 480px; margin: 48px auto; background: #fff; border-radius: 10px; padding: 32px;
         box-shadow: 0 1px 3px rgba(15, 15, 15, 0.1), 0 8px 24px rgba(15, 15, 15, 0.08); }
  h1 { font-size: 20px; font-weight: 600; margin: 12px 0 20px; }
  h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.04em; color: #787774; margin: 20px 0 8px; }
  .workspace { display: flex; align-items: center; gap: 8px; color: #787774; margin: 0; }
  .avatar { display: inline-flex; width: 24px; height: 24px; border-radius: 4px; background: #e9e5e3;
            align-items: center; justify-content: center; font-weight: 600; color: #37352f; }
  .capabilities { margin: 0; padding-left: 20px; }
  .objects { list-style: none; margin: 0; padding: 0; border: 1px solid #e9e9e7; border-radius: 6px; max-height: 320px; overflow: auto; }
  .objects li + li { border-top: 1px solid #e9e9e7; }
  .objects label { display: flex; align-items: center; gap: 10px; padding: 8px 12px; cursor: pointer; }
  .objects label:hover { background: #f7f6f3; }
  .objects .title { flex: 1; }
  .objects .kind { color: #9b9a97; font-size: 12px; }
  .empty, .error { color: #787774; }
  .buttons { display: flex; justify-content: flex-end; gap: 8px; margin-top: 24px; }
  button { font: inherit; border-radius: 6px; padding: 8px 16px; cursor: pointer; border: 1px solid #d3d1cb; }
  .primary { background: #2383e2; border-color: #2383e2; color: #fff; font-weight: 500; }
  .secondary { background: #fff; color: #37352f; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
