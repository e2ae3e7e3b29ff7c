import { readFile } from "node:fs/promises";
import { isFileMissing, writeFileAtomic } from "../store/durable-file";
import {
  isWebhookEventName,
  type WebhookDelivery,
  WebhookError,
  type WebhookEventName,
} from "./outgoing-webhook";

export interface SubscriptionRecord {
  readonly id: string;
  readonly url: string;
  readonly events: readonly WebhookEventName[];
  /** The signing secret sealed by the agent's `SecretBox`, bound to the subscription id. */
  readonly sealedSecret: string;
  status: "active" | "paused";
  pausedReason: string | null;
  consecutiveFailures: number;
  readonly createdAt: string;
}

export interface DeliveryRecord extends Omit<WebhookDelivery, "nextAttemptAt" | "attempts" | "state"> {
  /** The exact bytes sent (and signed) on every attempt. */
  readonly body: string;
  state: WebhookDelivery["state"];
  attempts: WebhookDelivery["attempts"][number][];
  /** Epoch ms of the next attempt while pending. */
  nextAttemptAt: number | null;
}

interface WebhooksFile {
  readonly version: 1;
  readonly subscriptions: Record<string, SubscriptionRecord>;
  readonly deliveries: Record<string, DeliveryRecord>;
}

/**
 * Webhook subscriptions and their deliveries in one JSON file of the agent's data directory. Every change is
 * applied in memory and written atomically, changes in the order they were made, so a restart resumes the
 * pending deliveries where they stood.
 */
export class WebhookStore {
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    readonly data: WebhooksFile,
  ) {}

  static async open(path: string): Promise<WebhookStore> {
    return new WebhookStore(path, await readWebhooks(path));
  }

  /** Applies `mutate` now and resolves once the file holds the result. */
  change(mutate: (data: WebhooksFile) => void): Promise<void> {
    mutate(this.data);
    const text = `${JSON.stringify(this.data)}\n`;
    const written = this.writes.then(() => writeFileAtomic(this.path, text, 0o600));
    // The next write queues behind this one whatever its outcome; the failure itself reaches this change's caller.
    this.writes = written.then(
      () => undefined,
      () => undefined,
    );
    return written;
  }

  async close(): Promise<void> {
    await this.writes;
  }
}

async function readWebhooks(path: string): Promise<WebhooksFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (isFileMissing(error)) return { version: 1, subscriptions: {}, deliveries: {} };
    throw error;
  }
  if (!isWebhooksFile(parseJson(text))) {
    throw new WebhookError(
      "webhooks_file_corrupt",
      `The webhooks file ${path} is not in a format Linksync wrote. Move it aside and add the webhooks again.`,
    );
  }
  return JSON.parse(text) as WebhooksFile;
}

/** `undefined` for text that is not JSON, so every bad file gets the one clear "corrupt" error. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isWebhooksFile(value: unknown): value is WebhooksFile {
  if (typeof value !== "object" || value === null) return false;
  const file = value as Partial<WebhooksFile>;
  return (
    file.version === 1 &&
    typeof file.subscriptions === "object" &&
    file.subscriptions !== null &&
    Object.values(file.subscriptions).every(
      (s) => typeof s.url === "string" && s.events.every((name) => isWebhookEventName(name)),
    ) &&
    typeof file.deliveries === "object" &&
    file.deliveries !== null
  );
}
