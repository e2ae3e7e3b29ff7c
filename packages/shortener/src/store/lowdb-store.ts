import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { type Adapter, Low, Memory } from "lowdb";
import { DataFile } from "lowdb/node";
import { ChangeFeedIndex } from "./change-feed-index";
import { emptyShortenerData, parseShortenerData, type ShortenerData } from "./shortener-data";
import type {
  ChangePage,
  ClickTally,
  CreateOutcome,
  LinkDraft,
  LinkEdit,
  LinkRecord,
  ShortenerStore,
  UpdateOutcome,
  UtmTemplateRecord,
} from "./store";

/**
 * The embedded store: all data in memory, persisted as one JSON file through lowdb. lowdb's steno writer writes a
 * temporary file and renames it over the data file, so a crash mid-write leaves either the previous or the new
 * complete file, never a torn one; concurrent writes are coalesced into the latest state. Every mutation resolves
 * after the write that contains it, so what a caller was told is on disk.
 */
export class LowdbStore implements ShortenerStore {
  private readonly bySlug = new Map<string, LinkRecord>();
  private readonly byExternalId = new Map<string, LinkRecord>();
  private readonly feed = new ChangeFeedIndex();
  private lastWrite: Promise<void> = Promise.resolve();

  private constructor(private readonly db: Low<ShortenerData>) {
    const links = Object.values(db.data.links).sort((a, b) => a.changeSeq - b.changeSeq);
    for (const link of links) this.index(link);
  }

  /** Opens (or creates) the data file; without a file, keeps everything in memory only. */
  static async open(dataFile?: string): Promise<LowdbStore> {
    const adapter = dataFile === undefined ? new Memory<ShortenerData>() : await fileAdapter(dataFile);
    const db = new Low(adapter, emptyShortenerData());
    await db.read();
    return new LowdbStore(db);
  }

  async createLink(draft: LinkDraft): Promise<CreateOutcome> {
    const { externalId } = draft;
    if (externalId !== null && this.byExternalId.has(externalId)) {
      await this.durable();
      return { kind: "existing", link: this.byExternalId.get(externalId)! };
    }
    if (this.bySlug.has(draft.slug)) return { kind: "slug_taken" };
    const link: LinkRecord = { ...draft, version: 1, changeSeq: this.nextChangeSeq() };
    this.put(link);
    await this.persist();
    return { kind: "created", link };
  }

  async updateLink(id: string, edit: LinkEdit, expectedVersion: number | null): Promise<UpdateOutcome> {
    const current = this.db.data.links[id];
    if (!current) return { kind: "not_found" };
    if (expectedVersion !== null && expectedVersion !== current.version)
      return { kind: "version_conflict", current };
    const link: LinkRecord = {
      ...current,
      ...edit,
      version: current.version + 1,
      changeSeq: this.nextChangeSeq(),
    };
    this.put(link);
    await this.persist();
    return { kind: "updated", link };
  }

  async linkById(id: string): Promise<LinkRecord | null> {
    await this.durable();
    return this.db.data.links[id] ?? null;
  }

  /** The redirect path: answers from memory without waiting for writes, since a redirect promises nothing. */
  async linkBySlug(slug: string): Promise<LinkRecord | null> {
    return this.bySlug.get(slug) ?? null;
  }

  async linkByExternalId(externalId: string): Promise<LinkRecord | null> {
    await this.durable();
    return this.byExternalId.get(externalId) ?? null;
  }

  async changesSince(afterSeq: number, limit: number): Promise<ChangePage> {
    await this.durable();
    const { ids, hasMore } = this.feed.page(afterSeq, limit);
    return { links: ids.map((id) => this.db.data.links[id]!), hasMore };
  }

  async clickTotals(ids: readonly string[]): Promise<Map<string, ClickTally>> {
    const totals = new Map<string, ClickTally>();
    for (const id of ids) {
      if (!this.db.data.links[id]) continue;
      totals.set(id, this.db.data.clicks[id] ?? { count: 0, lastClickAt: null });
    }
    return totals;
  }

  async addClicks(batch: ReadonlyMap<string, ClickTally>): Promise<void> {
    for (const [id, added] of batch) {
      const stored = this.db.data.clicks[id] ?? { count: 0, lastClickAt: null };
      this.db.data.clicks[id] = {
        count: stored.count + added.count,
        lastClickAt: laterOf(stored.lastClickAt, added.lastClickAt),
      };
    }
    await this.persist();
  }

  async utmTemplates(): Promise<readonly UtmTemplateRecord[]> {
    return this.db.data.utmTemplates;
  }

  async saveUtmTemplate(
    template: UtmTemplateRecord,
  ): Promise<{ template: UtmTemplateRecord; created: boolean }> {
    const templates = this.db.data.utmTemplates;
    const same = templates.find((existing) => existing.tag === template.tag);
    const saved = same ? { ...same, template: template.template, updatedAt: template.updatedAt } : template;
    this.db.data.utmTemplates = [...templates.filter((existing) => existing !== same), saved];
    await this.persist();
    return { template: saved, created: same === undefined };
  }

  async deleteUtmTemplate(id: string): Promise<boolean> {
    const templates = this.db.data.utmTemplates;
    const kept = templates.filter((template) => template.id !== id);
    if (kept.length === templates.length) return false;
    this.db.data.utmTemplates = kept;
    await this.persist();
    return true;
  }

  async close(): Promise<void> {
    await this.persist();
  }

  private nextChangeSeq(): number {
    this.db.data.lastChangeSeq += 1;
    return this.db.data.lastChangeSeq;
  }

  private put(link: LinkRecord): void {
    this.db.data.links[link.id] = link;
    this.index(link);
  }

  private index(link: LinkRecord): void {
    this.bySlug.set(link.slug, link);
    if (link.externalId !== null) this.byExternalId.set(link.externalId, link);
    this.feed.add(link.id, link.changeSeq);
  }

  private persist(): Promise<void> {
    this.lastWrite = this.db.write();
    return this.lastWrite;
  }

  /**
   * Resolves once everything in memory is on disk, so a read never hands out a link that a crash could still take
   * back (the sync engine would record it and later mint a second one). Retries the write when the last one failed.
   */
  private durable(): Promise<void> {
    return this.lastWrite.catch(() => this.persist());
  }
}

async function fileAdapter(dataFile: string): Promise<Adapter<ShortenerData>> {
  await mkdir(dirname(dataFile), { recursive: true });
  const file = new DataFile<unknown>(dataFile, {
    parse: (text) => parseJson(text, dataFile),
    stringify: (data) => JSON.stringify(data),
  });
  return {
    read: async () => {
      const raw = await file.read();
      return raw === null ? null : parseShortenerData(raw, dataFile);
    },
    write: (data) => file.write(data),
  };
}

function parseJson(text: string, dataFile: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${dataFile} is not valid JSON; restore it from a backup or point dataFile elsewhere.`, {
      cause: error,
    });
  }
}

function laterOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
