import { type AgentStores, type AgentStoresOptions, closeAgentStores, openAgentStores } from "./agent-stores";

/**
 * The agent's data directory, opened once on first use. `restore` runs once its files are open, before any caller
 * gets them (connections, databases, where reports go), and returns what to undo on close. The open stores are also
 * kept for the agent's synchronous reads (`status`, `conflicts`).
 */
export class DataDirectory {
  private opening: Promise<AgentStores> | null = null;
  private current: AgentStores | null = null;
  private undoRestore: (() => void) | null = null;

  constructor(
    private readonly options: AgentStoresOptions,
    private readonly restore: (stores: AgentStores) => Promise<() => void>,
  ) {}

  /** Opens the data directory and restores what it holds, once; later calls get the same stores. */
  stores(): Promise<AgentStores> {
    this.opening ??= this.open();
    return this.opening;
  }

  /** The stores once open, or null before. */
  get opened(): AgentStores | null {
    return this.current;
  }

  /** The stores for a synchronous read that needs them open. */
  require(): AgentStores {
    if (!this.current) throw new Error("The agent is not open yet.");
    return this.current;
  }

  /** Flushes and closes every store; the next `stores()` opens the directory again. */
  async close(): Promise<void> {
    if (!this.opening) return;
    const stores = await this.opening;
    this.undoRestore?.();
    await closeAgentStores(stores);
    this.opening = null;
    this.current = null;
    this.undoRestore = null;
  }

  private async open(): Promise<AgentStores> {
    const stores = await openAgentStores(this.options);
    this.current = stores;
    this.undoRestore = await this.restore(stores);
    return stores;
  }
}
