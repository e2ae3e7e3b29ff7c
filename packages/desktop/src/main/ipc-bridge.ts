import type { EventBus } from "@linksync/core";
import { dispatch } from "../host/dispatch";
import {
  API_METHOD_NAMES,
  type Envelope,
  IPC_EVENT_CHANNEL,
  ipcChannelOf,
  type LinksyncApi,
} from "../shared/contract";

/** The parts of Electron's `ipcMain` and `IpcMainInvokeEvent` the bridge uses. */
export interface IpcMainLike {
  handle(
    channel: string,
    handler: (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown,
  ): void;
  removeHandler(channel: string): void;
}

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/**
 * One handler per contract method, generated from the contract. Each checks that the message comes from our own
 * page before the agent sees it.
 */
export function registerIpcBridge(
  ipcMain: IpcMainLike,
  api: LinksyncApi,
  isTrustedSender: (url: string) => boolean,
): () => void {
  for (const name of API_METHOD_NAMES) {
    ipcMain.handle(ipcChannelOf(name), (event, ...args): Promise<Envelope<unknown>> | Envelope<never> => {
      const url = event.senderFrame?.url ?? "";
      if (!isTrustedSender(url)) {
        return {
          ok: false,
          error: { code: "untrusted_sender", message: "This page may not control Linksync." },
        };
      }
      return dispatch(api, name, args);
    });
  }
  return () => {
    for (const name of API_METHOD_NAMES) ipcMain.removeHandler(ipcChannelOf(name));
  };
}

/** Pushes every engine event to the window while it exists. */
export function forwardEvents(events: EventBus, target: () => EventTarget | null): () => void {
  return events.onAny((event) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event);
  });
}
