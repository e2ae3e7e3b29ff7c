import { createApiProxy } from "../../shared/client-proxy";
import type { Envelope, LinksyncBridge, LinksyncIpc, UiEvent } from "../../shared/contract";

declare global {
  interface Window {
    readonly linksyncIpc?: LinksyncIpc;
  }
}

const SESSION_KEY = "linksync.session";

/** In the app the preload's IPC carries calls; in a browser (`linksync ui`) HTTP and server-sent events do. */
export function connectBridge(): LinksyncBridge {
  const ipc = window.linksyncIpc;
  if (ipc) return { api: createApiProxy(ipc.call), onEvent: ipc.onEvent };
  return httpBridge(sessionToken());
}

/** The token arrives once in the URL; it is kept for reloads and taken out of the address bar and history. */
function sessionToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get("session");
  if (fromUrl) {
    sessionStorage.setItem(SESSION_KEY, fromUrl);
    url.searchParams.delete("session");
    history.replaceState(null, "", url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(SESSION_KEY) ?? "";
}

function httpBridge(token: string): LinksyncBridge {
  const api = createApiProxy(async (name, args) => {
    const response = await fetch(`/api/call/${encodeURIComponent(name)}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-linksync-session": token },
      body: JSON.stringify({ args }),
    });
    return (await response.json()) as Envelope<unknown>;
  });
  const listeners = new Set<(event: UiEvent) => void>();
  let source: EventSource | null = null;
  return {
    api,
    onEvent: (listener) => {
      listeners.add(listener);
      source ??= openEvents(token, (event) => {
        for (const each of listeners) each(event);
      });
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = null;
        }
      };
    },
  };
}

function openEvents(token: string, deliver: (event: UiEvent) => void): EventSource {
  const source = new EventSource(`/api/events?session=${encodeURIComponent(token)}`);
  source.onmessage = (message: MessageEvent<string>) => deliver(JSON.parse(message.data) as UiEvent);
  return source;
}
