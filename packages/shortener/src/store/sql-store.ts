import type { SqlClient, SqlQueryable } from "../database/sql-client";
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

/** NOTIFY channels: a link's slug when it changed, an account id when its UTM templates changed. */
export const LINK_CHANGED_CHANNEL = "linksync_link_changed";
export const UTM_CHANGED_CHANNEL = "linksync_utm_changed";

interface LinkRow {
  id: string;
  account_id: string;
  slug: string;
  destination: string;
  tags: string[];
  title: string | null;
  external_id: string | null;
  version: number;
  change_seq: number;
  /** A Date from a column; a string from a link stored as JSON (`link_update_keys`). */
  created_at: Date | string;
  updated_at: Date | string;
  updated_by: string;
}

interface UtmRow {
  id: string;
  tag: string | null;
  template: string;
  created_at: Date;
  updated_at: Date;
}

const LINK_COLUMNS =
  "id, account_id, slug, destination, tags, title, external_id, version, change_seq, created_at, updated_at, updated_by";

/**
 * The links, click totals and UTM templates in SQL: the same statements on PostgreSQL and on PGlite. Each method is
 * one statement or one short transaction and touches only the rows it names, so its cost does not grow with the
 * number of links.
 */
export class SqlStore implements ShortenerStore {
  constructor(private readonly sql: SqlClient) {}

  async createLink(draft: LinkDraft): Promise<CreateOutcome> {
    // One statement (one round trip, its own transaction): the feed lock row is produced before nextval runs.
    const { rows } = await this.sql.query<LinkRow>(
      `WITH feed_lock AS (SELECT pg_advisory_xact_lock(hashtextextended($11, 0)))
       INSERT INTO links (id, account_id, slug, destination, tags, title, external_id, version, change_seq,
                          created_at, updated_at, updated_by, request_key)
       SELECT $1, $2, $3, $4, $5, $6, $7, 1, nextval('link_change_seq'), $8, $9, $10, $12 FROM feed_lock
       ON CONFLICT DO NOTHING
       RETURNING ${LINK_COLUMNS}`,
      [
        draft.id,
        draft.accountId,
        draft.slug,
        draft.destination,
        draft.tags,
        draft.title,
        draft.externalId,
        draft.createdAt,
        draft.updatedAt,
        draft.updatedBy,
        feedLockKey(draft.accountId),
        draft.requestKey ?? null,
      ],
    );
    if (rows[0]) return { kind: "created", link: toLink(rows[0]) };
    const existing =
      (draft.externalId !== null && (await this.linkByExternalId(draft.accountId, draft.externalId))) ||
      (draft.requestKey && (await this.linkByRequestKey(draft.accountId, draft.requestKey)));
    return existing ? { kind: "existing", link: existing } : { kind: "slug_taken" };
  }

  async updateLink(
    accountId: string,
    id: string,
    edit: LinkEdit,
    expectedVersion: number | null,
  ): Promise<UpdateOutcome> {
    // One statement: lock, compare-and-set, the request's Idempotency-Key stored with the result (a data-modifying
    // CTE always runs, so key and update commit together), and the NOTIFY that evicts the slug on every instance at
    // commit (the NOTIFY's CTE is read in the select list: an unread one would not run).
    const { rows } = await this.sql.query<LinkRow>(
      `WITH feed_lock AS (SELECT pg_advisory_xact_lock(hashtextextended($9, 0))),
       updated AS (
         UPDATE links SET destination = $3, tags = $4, updated_at = $5, updated_by = $6,
                          version = version + 1, change_seq = nextval('link_change_seq')
         FROM feed_lock
         WHERE account_id = $1 AND id = $2 AND ($7::integer IS NULL OR version = $7)
         RETURNING ${LINK_COLUMNS}),
       keyed AS (
         INSERT INTO link_update_keys (account_id, key, link, created_at)
         SELECT $1, $10::text, to_jsonb(updated), $5 FROM updated WHERE $10::text IS NOT NULL
         ON CONFLICT DO NOTHING),
       notified AS (SELECT pg_notify($8, updated.slug) FROM updated)
       SELECT updated.*, (SELECT count(*) FROM notified) AS notified FROM updated`,
      [
        accountId,
        id,
        edit.destination,
        edit.tags,
        edit.updatedAt,
        edit.updatedBy,
        expectedVersion,
        this.sql.channel(LINK_CHANGED_CHANNEL),
        feedLockKey(accountId),
        edit.idempotencyKey ?? null,
      ],
    );
    if (rows[0]) return { kind: "updated", link: toLink(rows[0]) };
    const current = await this.ownedLink(accountId, id);
    return current ? { kind: "version_conflict", current } : { kind: "not_found" };
  }

  ownedLink(accountId: string, id: string): Promise<LinkRecord | null> {
    return selectLink(this.sql, "account_id = $1 AND id = $2", [accountId, id]);
  }

  linkById(id: string): Promise<LinkRecord | null> {
    return selectLink(this.sql, "id = $1", [id]);
  }

  linkBySlug(slug: string): Promise<LinkRecord | null> {
    return selectLink(this.sql, "slug = $1", [slug]);
  }

  linkByExternalId(accountId: string, externalId: string): Promise<LinkRecord | null> {
    return selectLink(this.sql, "account_id = $1 AND external_id = $2", [accountId, externalId]);
  }

  async linkUpdatedWithKey(accountId: string, idempotencyKey: string): Promise<LinkRecord | null> {
    const { rows } = await this.sql.query<{ link: LinkRow }>(
      "SELECT link FROM link_update_keys WHERE account_id = $1 AND key = $2",
      [accountId, idempotencyKey],
    );
    return rows[0] ? toLink(rows[0].link) : null;
  }

  linkByRequestKey(accountId: string, requestKey: string): Promise<LinkRecord | null> {
    return selectLink(this.sql, "account_id = $1 AND request_key = $2", [accountId, requestKey]);
  }

  async changesSince(accountId: string, afterSeq: number, limit: number): Promise<ChangePage> {
    const { rows } = await this.sql.query<LinkRow>(
      `SELECT ${LINK_COLUMNS} FROM links WHERE account_id = $1 AND change_seq > $2
       ORDER BY change_seq LIMIT $3`,
      [accountId, afterSeq, limit + 1],
    );
    return { links: rows.slice(0, limit).map(toLink), hasMore: rows.length > limit };
  }

  async clickTotals(accountId: string, ids: readonly string[]): Promise<Map<string, ClickTally>> {
    const { rows } = await this.sql.query<{ id: string; count: number | null; last_click_at: Date | null }>(
      `SELECT links.id, link_clicks.count, link_clicks.last_click_at
       FROM links LEFT JOIN link_clicks ON link_clicks.link_id = links.id
       WHERE links.account_id = $1 AND links.id = ANY($2::text[])`,
      [accountId, ids],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          count: Number(row.count ?? 0),
          lastClickAt: row.last_click_at === null ? null : iso(row.last_click_at),
        },
      ]),
    );
  }

  async addClicks(batch: ReadonlyMap<string, ClickTally>): Promise<void> {
    if (batch.size === 0) return;
    const ids: string[] = [];
    const counts: number[] = [];
    const times: (string | null)[] = [];
    for (const [id, tally] of batch) {
      ids.push(id);
      counts.push(tally.count);
      times.push(tally.lastClickAt);
    }
    // One statement for the whole batch; links deleted meanwhile are skipped by the join.
    await this.sql.query(
      `INSERT INTO link_clicks (link_id, count, last_click_at)
       SELECT batch.id, batch.count, batch.at
       FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS batch (id, count, at)
       JOIN links ON links.id = batch.id
       ON CONFLICT (link_id) DO UPDATE SET
         count = link_clicks.count + EXCLUDED.count,
         last_click_at = GREATEST(link_clicks.last_click_at, EXCLUDED.last_click_at)`,
      [ids, counts, times],
    );
  }

  async utmTemplates(accountId: string): Promise<readonly UtmTemplateRecord[]> {
    const { rows } = await this.sql.query<UtmRow>(
      "SELECT id, tag, template, created_at, updated_at FROM utm_templates WHERE account_id = $1 ORDER BY created_at, id",
      [accountId],
    );
    return rows.map(toTemplate);
  }

  saveUtmTemplate(
    accountId: string,
    template: UtmTemplateRecord,
  ): Promise<{ template: UtmTemplateRecord; created: boolean }> {
    return this.sql.transaction(async (tx) => {
      const { rows } = await tx.query<UtmRow & { created: boolean }>(
        `INSERT INTO utm_templates (id, account_id, tag, template, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id, tag) DO UPDATE SET template = EXCLUDED.template, updated_at = EXCLUDED.updated_at
         RETURNING id, tag, template, created_at, updated_at, (xmax = 0) AS created`,
        [template.id, accountId, template.tag, template.template, template.createdAt, template.updatedAt],
      );
      await this.notifyUtm(tx, accountId);
      const row = rows[0]!;
      return { template: toTemplate(row), created: row.created };
    });
  }

  deleteUtmTemplate(accountId: string, id: string): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const { rows } = await tx.query(
        "DELETE FROM utm_templates WHERE account_id = $1 AND id = $2 RETURNING id",
        [accountId, id],
      );
      if (rows.length > 0) await this.notifyUtm(tx, accountId);
      return rows.length > 0;
    });
  }

  /** The SQL client belongs to whoever opened it. */
  async close(): Promise<void> {}

  private async notifyUtm(tx: SqlQueryable, accountId: string): Promise<void> {
    await tx.query("SELECT pg_notify($1, $2)", [this.sql.channel(UTM_CHANGED_CHANNEL), accountId]);
  }
}

/**
 * Writers of one account's links queue on this transaction lock until commit, and take their change position after
 * it: so positions of one account are handed out in commit order, and a feed reader can never see n+1 before n.
 */
function feedLockKey(accountId: string): string {
  return `linksync-feed:${accountId}`;
}

async function selectLink(
  db: SqlQueryable,
  where: string,
  params: readonly unknown[],
): Promise<LinkRecord | null> {
  const { rows } = await db.query<LinkRow>(`SELECT ${LINK_COLUMNS} FROM links WHERE ${where}`, params);
  return rows[0] ? toLink(rows[0]) : null;
}

function toLink(row: LinkRow): LinkRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    slug: row.slug,
    destination: row.destination,
    tags: row.tags,
    title: row.title,
    externalId: row.external_id,
    version: row.version,
    changeSeq: Number(row.change_seq),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
  };
}

function toTemplate(row: UtmRow): UtmTemplateRecord {
  return {
    id: row.id,
    tag: row.tag,
    template: row.template,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}
