import type { Clock } from "../clock/clock";
import { newId } from "../ids/ids";
import { WorkspaceEvents } from "./events";
import type {
  BlockRecord,
  BlockType,
  CommentRecord,
  DatabaseParent,
  DatabaseRecord,
  DataSourceRecord,
  FileUploadRecord,
  PageParent,
  PageRecord,
  PageState,
  PropertyConfig,
  RichText,
  StoredValues,
  TokenRecord,
  UserRecord,
  WorkspaceInfo,
  WorkspaceSnapshot,
} from "./types";

export interface NewDatabase {
  parent: DatabaseParent;
  title: RichText;
  description: RichText;
  isInline: boolean;
  dataSource: { title: RichText; properties: PropertyConfig[] };
}

/** A block to append, with its own children (Notion takes two levels of nesting per request). */
export interface NewBlock {
  type: BlockType;
  content: Record<string, unknown>;
  children: NewBlock[];
}

export interface PageChange {
  values?: StoredValues;
  inTrash?: boolean;
}

/**
 * The in-memory workspace. It applies already-validated changes, keeps indexes for fast queries,
 * stamps times from the sandbox clock and announces every change on `events`.
 */
export class WorkspaceStore {
  readonly events = new WorkspaceEvents();
  workspace: WorkspaceInfo;
  readonly users = new Map<string, UserRecord>();
  /** Keyed by token hash. */
  readonly tokens = new Map<string, TokenRecord>();
  readonly databases = new Map<string, DatabaseRecord>();
  readonly dataSources = new Map<string, DataSourceRecord>();
  readonly pages = new Map<string, PageRecord>();
  readonly comments = new Map<string, CommentRecord>();
  readonly fileUploads = new Map<string, FileUploadRecord>();
  readonly resolvedDiscussions = new Set<string>();
  readonly blocks = new Map<string, BlockRecord>();
  /** Child block ids per page or block, in order. */
  readonly #blockChildren = new Map<string, string[]>();
  /** Rows per data source in creation order, so a query never scans other data sources. */
  readonly #rows = new Map<string, PageRecord[]>();
  readonly #templates = new Map<string, PageRecord[]>();
  #mutations = 0;

  constructor(
    readonly clock: Clock,
    public visibilityDelayMs = 0,
  ) {
    this.workspace = { id: newId(), name: "Sandbox Workspace" };
  }

  /** Increments on every change; persistence watches it. */
  get mutationCount(): number {
    return this.#mutations;
  }

  rowsOf(dataSourceId: string): readonly PageRecord[] {
    return this.#rows.get(dataSourceId) ?? [];
  }

  templatesOf(dataSourceId: string): readonly PageRecord[] {
    return this.#templates.get(dataSourceId) ?? [];
  }

  addUser(user: UserRecord): UserRecord {
    this.users.set(user.id, user);
    this.#changed();
    return user;
  }

  addToken(token: TokenRecord): TokenRecord {
    this.tokens.set(token.tokenHash, token);
    this.#changed();
    return token;
  }

  revokeToken(tokenHash: string): boolean {
    const record = this.tokens.get(tokenHash);
    if (!record || record.revokedAt !== null) return false;
    record.revokedAt = this.clock.now();
    this.#changed();
    return true;
  }

  createDatabase(
    input: NewDatabase,
    authorId: string,
  ): { database: DatabaseRecord; dataSource: DataSourceRecord } {
    const now = this.clock.now();
    const database: DatabaseRecord = {
      id: newId(),
      parent: input.parent,
      title: input.title,
      description: input.description,
      isInline: input.isInline,
      createdTime: now,
      lastEditedTime: now,
      dataSourceIds: [],
      inTrash: false,
    };
    const dataSource: DataSourceRecord = {
      id: newId(),
      databaseId: database.id,
      title: input.dataSource.title,
      description: [],
      properties: input.dataSource.properties,
      createdTime: now,
      createdBy: authorId,
      lastEditedTime: now,
      lastEditedBy: authorId,
      inTrash: false,
      nextUniqueNumber: 1,
    };
    database.dataSourceIds.push(dataSource.id);
    this.databases.set(database.id, database);
    this.dataSources.set(dataSource.id, dataSource);
    this.#rows.set(dataSource.id, []);
    this.#changed();
    return { database, dataSource };
  }

  updateDataSource(
    dataSource: DataSourceRecord,
    change: { title?: RichText; description?: RichText; properties?: PropertyConfig[]; inTrash?: boolean },
    authorId: string,
  ): void {
    if (change.title) dataSource.title = change.title;
    if (change.description) dataSource.description = change.description;
    if (change.inTrash !== undefined) dataSource.inTrash = change.inTrash;
    if (change.properties) {
      const kept = new Set(change.properties.map((property) => property.id));
      const removed = dataSource.properties.filter((property) => !kept.has(property.id)).map((p) => p.id);
      const retyped = change.properties
        .filter((next) => dataSource.properties.some((old) => old.id === next.id && old.type !== next.type))
        .map((property) => property.id);
      dataSource.properties = change.properties;
      this.#dropValues(dataSource.id, [...removed, ...retyped]);
    }
    dataSource.lastEditedTime = this.clock.now();
    dataSource.lastEditedBy = authorId;
    this.#changed();
    if (change.properties) {
      this.events.emit({
        type: "data_source.schema_updated",
        dataSourceId: dataSource.id,
        databaseId: dataSource.databaseId,
        authorId,
        at: dataSource.lastEditedTime,
      });
    }
  }

  /**
   * `alreadyIndexed` skips the visibility delay, for seeded data that should be queryable at once. A `template`
   * page belongs to its data source's templates, not to its rows.
   */
  createPage(
    parent: PageParent,
    values: StoredValues,
    authorId: string,
    alreadyIndexed = false,
    template?: { name: string; isDefault: boolean },
  ): PageRecord {
    const now = this.clock.now();
    const dataSource = parent.type === "data_source" ? this.dataSources.get(parent.dataSourceId) : undefined;
    const page: PageRecord = {
      id: newId(),
      parent,
      createdTime: now,
      createdBy: authorId,
      uniqueNumber: dataSource ? dataSource.nextUniqueNumber++ : 0,
      state: {
        values,
        inTrash: false,
        lastEditedTime: now,
        lastEditedBy: authorId,
        visibleAt: alreadyIndexed ? now : now + this.visibilityDelayMs,
      },
      earlierStates: [],
      ...(template ? { template } : {}),
    };
    this.pages.set(page.id, page);
    if (template && dataSource) {
      if (template.isDefault) {
        for (const other of this.templatesOf(dataSource.id))
          if (other.template) other.template.isDefault = false;
      }
      this.#templates.set(dataSource.id, [...this.templatesOf(dataSource.id), page]);
      this.#changed();
      return page;
    }
    if (dataSource) this.#rows.get(dataSource.id)?.push(page);
    this.#changed();
    this.events.emit({
      type: "page.created",
      pageId: page.id,
      dataSourceId: dataSource?.id ?? null,
      authorId,
      at: now,
    });
    return page;
  }

  updatePage(page: PageRecord, change: PageChange, authorId: string): void {
    const now = this.clock.now();
    const previous = page.state;
    const next: PageState = {
      values: { ...previous.values, ...change.values },
      inTrash: change.inTrash ?? previous.inTrash,
      lastEditedTime: now,
      lastEditedBy: authorId,
      visibleAt: now + this.visibilityDelayMs,
    };
    // Filters keep seeing the newest state that was already visible, until the later ones become visible.
    const older = [...page.earlierStates, previous];
    const latestVisible = older.filter((state) => state.visibleAt <= now).at(-1);
    const pending = older.filter((state) => state.visibleAt > now);
    page.earlierStates = latestVisible ? [latestVisible, ...pending] : pending;
    page.state = next;
    this.#changed();
    const dataSourceId = page.parent.type === "data_source" ? page.parent.dataSourceId : null;
    const propertyIds = Object.keys(change.values ?? {});
    if (propertyIds.length > 0) {
      this.events.emit({
        type: "page.properties_updated",
        pageId: page.id,
        dataSourceId,
        propertyIds,
        authorId,
        at: now,
      });
    }
    if (change.inTrash !== undefined && change.inTrash !== previous.inTrash) {
      this.events.emit({
        type: change.inTrash ? "page.deleted" : "page.undeleted",
        pageId: page.id,
        dataSourceId,
        authorId,
        at: now,
      });
    }
  }

  /** The state query filters see now, or undefined while a new page is not yet visible. */
  visibleState(page: PageRecord, now: number): PageState | undefined {
    if (page.state.visibleAt <= now) return page.state;
    return page.earlierStates.filter((state) => state.visibleAt <= now).at(-1);
  }

  addComment(
    pageId: string,
    discussionId: string | null,
    richText: RichText,
    authorId: string,
    extra: { attachments?: string[]; customName?: string } = {},
  ): CommentRecord {
    const comment: CommentRecord = {
      id: newId(),
      pageId,
      discussionId: discussionId ?? newId(),
      createdTime: this.clock.now(),
      createdBy: authorId,
      richText,
      ...(extra.attachments && extra.attachments.length > 0 ? { attachments: extra.attachments } : {}),
      ...(extra.customName !== undefined ? { customName: extra.customName } : {}),
    };
    // A reply reopens a resolved discussion, as replying in Notion's UI does.
    this.resolvedDiscussions.delete(comment.discussionId);
    this.comments.set(comment.id, comment);
    this.#changed();
    this.events.emit({
      type: "comment.created",
      commentId: comment.id,
      pageId,
      authorId,
      at: comment.createdTime,
    });
    return comment;
  }

  /** A person resolves (or reopens) a discussion; resolved ones leave the comment listing. */
  setDiscussionResolved(discussionId: string, resolved: boolean): boolean {
    if (![...this.comments.values()].some((comment) => comment.discussionId === discussionId)) return false;
    if (resolved) this.resolvedDiscussions.add(discussionId);
    else this.resolvedDiscussions.delete(discussionId);
    this.#changed();
    return true;
  }

  /** Appends blocks (and their nested children) under a page or block, after `afterId` or at the end. */
  appendBlocks(
    parent: BlockRecord["parent"],
    pageId: string,
    blocks: readonly NewBlock[],
    authorId: string,
    place: { afterId: string } | "start" | "end" = "end",
  ): BlockRecord[] {
    const now = this.clock.now();
    const created = blocks.map((block) => {
      const record: BlockRecord = {
        id: newId(),
        parent,
        pageId,
        type: block.type,
        content: block.content,
        createdTime: now,
        createdBy: authorId,
        lastEditedTime: now,
        lastEditedBy: authorId,
        inTrash: false,
      };
      this.blocks.set(record.id, record);
      if (block.children.length > 0) {
        this.appendBlocks({ type: "block_id", id: record.id }, pageId, block.children, authorId);
      }
      return record;
    });
    const siblings = this.#blockChildren.get(parent.id) ?? [];
    const ids = created.map((block) => block.id);
    const at =
      place === "end"
        ? siblings.length
        : place === "start"
          ? 0
          : Math.max(0, siblings.indexOf(place.afterId) + 1);
    siblings.splice(at, 0, ...ids);
    this.#blockChildren.set(parent.id, siblings);
    this.#changed();
    return created;
  }

  /** The children of a page or block, in order; trashed ones are left out as Notion does. */
  childBlocks(parentId: string): BlockRecord[] {
    return (this.#blockChildren.get(parentId) ?? [])
      .map((id) => this.blocks.get(id))
      .filter((block): block is BlockRecord => block !== undefined && !block.inTrash);
  }

  updateBlock(
    block: BlockRecord,
    change: { content?: Record<string, unknown>; inTrash?: boolean },
    authorId: string,
  ): void {
    if (change.content) block.content = change.content;
    if (change.inTrash !== undefined) block.inTrash = change.inTrash;
    block.lastEditedTime = this.clock.now();
    block.lastEditedBy = authorId;
    this.#changed();
  }

  addFileUpload(upload: FileUploadRecord): FileUploadRecord {
    this.fileUploads.set(upload.id, upload);
    this.#changed();
    return upload;
  }

  touchFileUpload(upload: FileUploadRecord, change: Partial<FileUploadRecord>): void {
    Object.assign(upload, change, { lastEditedTime: this.clock.now() });
    this.#changed();
  }

  snapshot(): WorkspaceSnapshot {
    return structuredClone({
      version: 1,
      workspace: this.workspace,
      users: [...this.users.values()],
      tokens: [...this.tokens.values()],
      databases: [...this.databases.values()],
      dataSources: [...this.dataSources.values()],
      pages: [...this.pages.values()],
      comments: [...this.comments.values()],
      fileUploads: [...this.fileUploads.values()],
      resolvedDiscussions: [...this.resolvedDiscussions],
      blocks: [...this.blocks.values()],
      blockChildren: Object.fromEntries(this.#blockChildren),
    });
  }

  load(snapshot: WorkspaceSnapshot): void {
    this.clear();
    const copy = structuredClone(snapshot);
    this.workspace = copy.workspace;
    for (const user of copy.users) this.users.set(user.id, user);
    for (const token of copy.tokens) this.tokens.set(token.tokenHash, token);
    for (const database of copy.databases) this.databases.set(database.id, database);
    for (const dataSource of copy.dataSources) {
      this.dataSources.set(dataSource.id, dataSource);
      this.#rows.set(dataSource.id, []);
    }
    for (const page of copy.pages) {
      this.pages.set(page.id, page);
      if (page.parent.type !== "data_source") continue;
      const index = page.template ? this.#templates : this.#rows;
      const list = index.get(page.parent.dataSourceId) ?? [];
      list.push(page);
      index.set(page.parent.dataSourceId, list);
    }
    for (const comment of copy.comments) this.comments.set(comment.id, comment);
    for (const upload of copy.fileUploads) this.fileUploads.set(upload.id, upload);
    for (const id of copy.resolvedDiscussions ?? []) this.resolvedDiscussions.add(id);
    for (const block of copy.blocks ?? []) this.blocks.set(block.id, block);
    for (const [parentId, ids] of Object.entries(copy.blockChildren ?? {}))
      this.#blockChildren.set(parentId, ids);
    this.#changed();
  }

  clear(): void {
    for (const map of [
      this.users,
      this.tokens,
      this.databases,
      this.dataSources,
      this.pages,
      this.comments,
      this.fileUploads,
      this.resolvedDiscussions,
      this.blocks,
      this.#blockChildren,
      this.#rows,
      this.#templates,
    ]) {
      map.clear();
    }
    this.workspace = { id: newId(), name: "Sandbox Workspace" };
    this.#changed();
  }

  #dropValues(dataSourceId: string, propertyIds: string[]): void {
    if (propertyIds.length === 0) return;
    for (const page of this.rowsOf(dataSourceId)) {
      for (const state of [page.state, ...page.earlierStates]) {
        for (const id of propertyIds) delete state.values[id];
      }
    }
  }

  #changed(): void {
    this.#mutations++;
  }
}
