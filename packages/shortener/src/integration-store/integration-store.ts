import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { type Adapter, Low, Memory } from "lowdb";
import { DataFile } from "lowdb/node";
import type { SealedSecret, SecretBox } from "../secrets/secret-box";
import { emptyIntegrationData, type IntegrationData, parseIntegrationData } from "./integration-data";

const KEY_CHECK = "linksync-key-check";

/**
 * The integrations' state, in memory and written as one JSON file through lowdb (temporary file renamed over the
 * old one, like the link store). `change` resolves after the write that holds the change, so what a caller
 * acknowledged (a subscription, a queued delivery, a grant) survives a crash.
 */
export class IntegrationStore {
  private lastWrite: Promise<void> = Promise.resolve();

  private constructor(
    private readonly db: Low<IntegrationData>,
    private readonly box: SecretBox,
    /** False when secrets would be written to a file with a key that dies with the process. */
    readonly keepsSecrets: boolean,
  ) {}

  /** Opens (or creates) the file, in memory only without one; refuses a key that cannot open its secrets. */
  static async open(file: string | undefined, box: SecretBox): Promise<IntegrationStore> {
    const adapter = file === undefined ? new Memory<IntegrationData>() : await fileAdapter(file);
    const db = new Low(adapter, emptyIntegrationData());
    await db.read();
    if (db.data.keyCheck !== null && !opens(box, db.data.keyCheck)) {
      throw new Error(
        `${file} holds secrets sealed with another secretsKey; start with the key used before.`,
      );
    }
    return new IntegrationStore(db, box, file === undefined || box.durable);
  }

  /** The current state; mutate it only through `change`. */
  get data(): Readonly<IntegrationData> {
    return this.db.data;
  }

  async change<T>(mutate: (data: IntegrationData) => T): Promise<T> {
    const result = mutate(this.db.data);
    this.lastWrite = this.db.write();
    await this.lastWrite;
    return result;
  }

  /** Seals a secret for storage; the first one also records the key check, so a wrong key is caught at start. */
  seal(plain: string): SealedSecret {
    this.db.data.keyCheck ??= this.box.seal(KEY_CHECK);
    return this.box.seal(plain);
  }

  open(sealed: SealedSecret): string {
    return this.box.open(sealed);
  }

  /** Every change is written when made; only a failed last write is tried again. */
  async close(): Promise<void> {
    await this.lastWrite.catch(() => this.db.write());
  }
}

/** A key that cannot open the check value is the wrong key; that is the one failure expected here. */
function opens(box: SecretBox, keyCheck: SealedSecret): boolean {
  try {
    return box.open(keyCheck) === KEY_CHECK;
  } catch {
    return false;
  }
}

async function fileAdapter(file: string): Promise<Adapter<IntegrationData>> {
  await mkdir(dirname(file), { recursive: true });
  const dataFile = new DataFile<unknown>(file, {
    parse: (text) => JSON.parse(text),
    stringify: (data) => JSON.stringify(data),
  });
  return {
    read: async () => {
      const raw = await dataFile.read();
      return raw === null ? null : parseIntegrationData(raw, file);
    },
    write: (data) => dataFile.write(data),
  };
}
