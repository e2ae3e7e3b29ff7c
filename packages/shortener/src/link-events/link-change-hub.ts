import type { LinkChange, LinkChangeListener } from "./link-change";

/** Hands each durable link change to the integrations that subscribed (webhooks, Link Preview updates). */
export class LinkChangeHub {
  private readonly listeners: LinkChangeListener[] = [];

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  subscribe(listener: LinkChangeListener): void {
    this.listeners.push(listener);
  }

  /** The link write is already durable: a failing listener is reported, never turned into a failed write. */
  async notify(change: LinkChange): Promise<void> {
    await Promise.all(
      this.listeners.map((listener) =>
        listener(change).catch((error: unknown) => this.onListenerError(error)),
      ),
    );
  }
}
