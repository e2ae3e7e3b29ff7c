import { afterEach, beforeEach } from "vitest";
import type { Bundle } from "zapier-platform-core";
import { perform as createShortLink } from "../creates/create-short-link";
import type { ShortenerSubscription } from "../triggers/rest-hooks/shortener-subscription";
import { type HookReceiver, startHookReceiver } from "./hook-receiver";
import { type LiveServices, startLiveServices } from "./live-services";

/** One operation of a REST-hook trigger, called as Zapier calls it. */
export type HookOperation = (z: unknown, bundle: Bundle) => Promise<unknown>;

/** A REST-hook trigger's operations, typed for tests (the platform's types do not name them on a trigger). */
export function hookOperations(trigger: {
  readonly operation: unknown;
}): Record<"performSubscribe" | "performUnsubscribe" | "perform" | "performList", HookOperation> {
  return trigger.operation as Record<
    "performSubscribe" | "performUnsubscribe" | "perform" | "performList",
    HookOperation
  >;
}

export interface InstantTriggerWorld {
  readonly live: LiveServices;
  /** Stands in for Zapier's `targetUrl`. */
  readonly zapier: HookReceiver;
  /** A bundle on the seeded database, `extra` on top. */
  bundle(extra?: Record<string, unknown>): {
    readonly authData: LiveServices["authData"];
    readonly inputData: { readonly dataSourceId: string };
  };
  /** Subscribes the trigger to the hook receiver and answers what Zapier keeps as `subscribeData`. */
  subscribe(performSubscribe: HookOperation): Promise<ShortenerSubscription>;
  /** The shortener's webhook subscriptions, as its API lists them. */
  webhooks(): Promise<{ id: string; url: string; events: string[] }[]>;
  /** A linked row in the seeded database, made by the Create Short Link action. */
  createLink(input: {
    readonly title: string;
    readonly destination: string;
    readonly tags?: readonly string[];
  }): ReturnType<typeof createShortLink>;
}

/**
 * The set-up every instant trigger's tests share: the live sandbox and shortener and a hook receiver, started before
 * each test of the calling file and closed after it. `options` is read before each start (a fresh clock, say).
 */
export function instantTriggerWorld(
  options: () => Parameters<typeof startLiveServices>[0] = () => ({}),
): InstantTriggerWorld {
  let live: LiveServices | null = null;
  let zapier: HookReceiver | null = null;
  beforeEach(async () => {
    live = await startLiveServices(options());
    zapier = await startHookReceiver();
  });
  afterEach(async () => {
    await live?.close();
    await zapier?.close();
    live = zapier = null;
  });
  const started = <T>(value: T | null): T => {
    if (value === null) throw new Error("The instant-trigger world runs only inside a test.");
    return value;
  };
  const world: InstantTriggerWorld = {
    get live() {
      return started(live);
    },
    get zapier() {
      return started(zapier);
    },
    bundle: (extra = {}) => ({
      authData: world.live.authData,
      inputData: { dataSourceId: world.live.dataSourceId },
      ...extra,
    }),
    subscribe: async (performSubscribe) =>
      (await world.live.appTester(
        performSubscribe,
        world.bundle({ targetUrl: world.zapier.url }),
      )) as ShortenerSubscription,
    createLink: (input) =>
      world.live.appTester(createShortLink, {
        authData: world.live.authData,
        inputData: { dataSourceId: world.live.dataSourceId, ...input },
      }),
    webhooks: async () => {
      const { shortener } = world.live;
      const response = await fetch(`${shortener.url}/api/webhooks`, {
        headers: { authorization: `Bearer ${shortener.apiKey}` },
      });
      return ((await response.json()) as { webhooks: { id: string; url: string; events: string[] }[] })
        .webhooks;
    },
  };
  return world;
}
