import { MemoryAuditLog } from "@linksync/core";
import { describe, expect, it } from "vitest";
import { createCompanionApi } from "../host/companion-api";
import { SettingsStore } from "../host/settings/settings-store";
import { API_METHOD_NAMES, IPC_EVENT_CHANNEL, ipcChannelOf } from "../shared/contract";
import { conflictEvent, ScriptedAgent } from "../testing/scripted-agent";
import { forwardEvents, type IpcMainLike, registerIpcBridge } from "./ipc-bridge";

type Handler = Parameters<IpcMainLike["handle"]>[1];

/** Records handlers the way ipcMain does, so the test can invoke a channel as a window would. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    ipcMain: {
      handle: (channel: string, handler: Handler) => {
        handlers.set(channel, handler);
      },
      removeHandler: (channel: string) => {
        handlers.delete(channel);
      },
    } satisfies IpcMainLike,
  };
}

function setup() {
  const agent = new ScriptedAgent();
  const api = createCompanionApi(agent, {
    info: {
      shell: "electron",
      canLaunchAtLogin: true,
      notionBaseUrl: null,
      defaultProvider: null,
      secretStorage: { where: "the macOS Keychain", encrypted: true, warning: null },
    },
    settings: new SettingsStore(),
    audit: new MemoryAuditLog(),
    defaultProvider: null,
  });
  const { ipcMain, handlers } = fakeIpcMain();
  const trusted = "file:///app/out/renderer/index.html";
  const unregister = registerIpcBridge(ipcMain, api, (url) => url.startsWith(trusted));
  const invoke = (name: string, senderUrl: string, ...args: unknown[]) =>
    handlers.get(`linksync:api:${name}`)?.({ senderFrame: { url: senderUrl } }, ...args);
  return { agent, handlers, invoke, trusted, unregister };
}

describe("IPC bridge", () => {
  it("registers exactly one channel per contract method", () => {
    const { handlers, unregister } = setup();
    expect([...handlers.keys()].sort()).toEqual(API_METHOD_NAMES.map(ipcChannelOf).sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it("runs calls from our own page", async () => {
    const { agent, invoke, trusted } = setup();
    expect(await invoke("pause", trusted, "db-1")).toEqual({ ok: true, value: undefined });
    expect(agent.calls).toEqual([{ name: "pause", args: ["db-1"] }]);
  });

  it("refuses calls from any other frame before the agent sees them", async () => {
    const { agent, invoke } = setup();
    expect(await invoke("pause", "https://evil.example/", "db-1")).toMatchObject({
      ok: false,
      error: { code: "untrusted_sender" },
    });
    expect(await invoke("pause", "", "db-1")).toMatchObject({ ok: false });
    expect(agent.calls).toEqual([]);
  });

  it("returns the host's refusal with its code and sentence", async () => {
    const { invoke, trusted } = setup();
    expect(await invoke("updateSettings", trusted, { pollIntervalMinutes: 0 })).toMatchObject({
      ok: false,
      error: { code: "invalid_setting", message: expect.stringContaining("between 1 and 1440") },
    });
  });

  it("forwards engine events to the live window only", () => {
    const agent = new ScriptedAgent();
    const sent: unknown[] = [];
    let destroyed = false;
    forwardEvents(agent.events, () => ({
      isDestroyed: () => destroyed,
      send: (channel, payload) => sent.push([channel, payload]),
    }));
    agent.raiseConflict(conflictEvent(1));
    destroyed = true;
    agent.raiseConflict(conflictEvent(2));
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, { type: "conflict", payload: conflictEvent(1) }]]);
  });
});
