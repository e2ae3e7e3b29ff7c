import { randomBytes } from "node:crypto";
import { ShortenerError } from "../errors/shortener-error";
import type { ShortenerStore, UtmTemplateRecord } from "../store/store";
import { paramsForLink, parseUtmTemplate, type ScopedTemplate, type TemplateParam } from "./utm-template";

/**
 * The UTM templates of the service: stored through the store, and kept parsed in memory because every redirect
 * reads them.
 */
export class UtmTemplates {
  private parsed: ScopedTemplate[] = [];
  /** Grows on every change, so anything derived from the templates can tell it is stale. */
  private currentGeneration = 0;

  private constructor(
    private readonly store: ShortenerStore,
    private readonly now: () => number,
  ) {}

  static async load(store: ShortenerStore, now: () => number): Promise<UtmTemplates> {
    const templates = new UtmTemplates(store, now);
    await templates.refresh();
    return templates;
  }

  list(): Promise<readonly UtmTemplateRecord[]> {
    return this.store.utmTemplates();
  }

  /** One template per scope: saving for a tag (or for all links, `tag` null) that has one replaces it. */
  async save(
    tag: string | null,
    template: string,
  ): Promise<{ template: UtmTemplateRecord; created: boolean }> {
    const check = parseUtmTemplate(template);
    if (!check.ok) throw new ShortenerError("invalid_input", check.reason);
    const at = new Date(this.now()).toISOString();
    const saved = await this.store.saveUtmTemplate({
      id: `utm_${randomBytes(9).toString("base64url")}`,
      tag,
      template,
      createdAt: at,
      updatedAt: at,
    });
    await this.refresh();
    return saved;
  }

  async remove(id: string): Promise<void> {
    const removed = await this.store.deleteUtmTemplate(id);
    if (!removed) {
      throw new ShortenerError(
        "not_found",
        `No UTM template has id "${id}". List them with GET /api/utm-templates.`,
      );
    }
    await this.refresh();
  }

  get generation(): number {
    return this.currentGeneration;
  }

  paramsFor(link: { readonly slug: string; readonly tags: readonly string[] }): TemplateParam[] {
    return this.parsed.length === 0 ? [] : paramsForLink(link, this.parsed);
  }

  private async refresh(): Promise<void> {
    const records = await this.store.utmTemplates();
    this.parsed = records.map((record) => {
      const check = parseUtmTemplate(record.template);
      if (!check.ok) {
        throw new Error(
          `Stored UTM template ${record.id} is invalid (${check.reason}); fix it in the data file.`,
        );
      }
      return { tag: record.tag, params: check.params };
    });
    this.currentGeneration += 1;
  }
}
