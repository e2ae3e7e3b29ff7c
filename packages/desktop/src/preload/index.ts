import { contextBridge, type IpcRendererEvent, ipcRenderer } from "electron";
import {
  IPC_EVENT_CHANNEL,
  ipcChannelOf,
  isApiMethod,
  type LinksyncIpc,
  type UiEvent,
} from "../shared/contract";

// The page gets these two functions, never ipcRenderer: it can call only the contract's methods.
const bridge: LinksyncIpc = {
  call: (name, args) =>
    isApiMethod(name)
      ? ipcRenderer.invoke(ipcChannelOf(name), ...args)
      : Promise.resolve({
          ok: false,
          error: { code: "unknown_method", message: `Unknown method ${String(name)}.` },
        }),
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, payload: UiEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld("linksyncIpc", bridge);
