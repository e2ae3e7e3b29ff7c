import { randomBytes } from "node:crypto";
import { ShortenerError } from "../errors/shortener-error";
import type { ShortenerStore, UtmTemplateRecord } from "../store/store";
import { paramsForLink, parseUtmTemplate, type ScopedTemplate, type TemplateParam } from "./utm-template";

/** One account's templates, parsed; `generation` changes whenever they may have changed. */
export interface AccountTemplates {
  readonly generation: number;
  paramsFor(link: { readonly slug: string; readonly tags: readonly string[] }): TemplateParam[];
}

/** Accounts whose parsed templates are kept; the least recently used beyond this are read again when needed. */
const MAX_CACHED_ACCOUNTS = 10_000;

/**
 * The UTM templates of each account: stored through the store, and kept parsed in memory per account because every
 * redirect reads them. A change made here or on another instance (NOTIFY, see `invalidate`) drops the account's
 * parsed copy.
 */
export class UtmTemplates {
  /** Per account: the load in progress or done, and its result once it is there (read without waiting). */
  private readonly parsed = new Map<
    string,
    { loading: Promise<AccountTemplates>; loaded?: AccountTemplates }
  >();
  private generationCounter = 0;

  constructor(
    private readonly store: ShortenerStore,
    private readonly now: () => number,
  ) {}

  list(accountId: string): Promise<readonly UtmTemplateRecord[]> {
    return this.store.utmTemplates(accountId);
  }

  /** One template per scope: saving for a tag (or for all links, `tag` null) that has one replaces it. */
  async save(
    accountId: string,
    tag: string | null,
    template: string,
  ): Promise<{ template: UtmTemplateRecord; created: boolean }> {
    const check = parseUtmTemplate(template);
    if (!check.ok) throw new ShortenerError("invalid_input", check.reason);
    const at = new Date(this.now()).toISOString();
    const saved = await this.store.saveUtmTemplate(accountId, {
      id: `utm_${randomBytes(9).toString("base64url")}`,
      tag,
      template,
      createdAt: at,
      updatedAt: at,
    });
    this.invalidate(accountId);
    return saved;
  }

  async remove(accountId: string, id: string): Promise<void> {
    const removed = await this.store.deleteUtmTemplate(accountId, id);
    if (!removed) {
      throw new ShortenerError(
        "not_found",
        `No UTM template has id "${id}". List them with GET /api/utm-templates.`,
      );
    }
    this.invalidate(accountId);
  }

  /** The account's parsed templates, read from the store once and then from memory until they change. */
  forAccount(accountId: string): Promise<AccountTemplates> {
    const cached = this.parsed.get(accountId);
    if (cached) {
      this.parsed.delete(accountId);
      this.parsed.set(accountId, cached);
      return cached.loading;
    }
    const entry: { loading: Promise<AccountTemplates>; loaded?: AccountTemplates } = {
      loading: this.load(accountId),
    };
    this.parsed.set(accountId, entry);
    entry.loading.then(
      (templates) => {
        entry.loaded = templates;
      },
      () => this.parsed.get(accountId) === entry && this.parsed.delete(accountId),
    );
    if (this.parsed.size > MAX_CACHED_ACCOUNTS) this.parsed.delete(this.parsed.keys().next().value!);
    return entry.loading;
  }

  /** The account's parsed templates when they are in memory and current, without waiting (the redirect hot path). */
  loaded(accountId: string): AccountTemplates | undefined {
    return this.parsed.get(accountId)?.loaded;
  }

  /** Forgets the account's parsed templates (after a change here or a NOTIFY from another instance). */
  invalidate(accountId: string): void {
    this.generationCounter += 1;
    this.parsed.delete(accountId);
  }

  /** Forgets every account's (when notifications may have been missed). */
  invalidateAll(): void {
    this.generationCounter += 1;
    this.parsed.clear();
  }

  private async load(accountId: string): Promise<AccountTemplates> {
    const generation = ++this.generationCounter;
    const records = await this.store.utmTemplates(accountId);
    const parsed: ScopedTemplate[] = records.map((record) => {
      const check = parseUtmTemplate(record.template);
      if (!check.ok) {
        throw new Error(
          `Stored UTM template ${record.id} is invalid (${check.reason}); fix it in the database.`,
        );
      }
      return { tag: record.tag, params: check.params };
    });
    return {
      generation,
      paramsFor: (link) => (parsed.length === 0 ? [] : paramsForLink(link, parsed)),
    };
  }
}
