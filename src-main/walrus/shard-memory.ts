// What the client knows of a deployment's shard count, per publisher URL. The count is learned, never
// assumed right: from a publisher refusing a quilt with too many patches (which names the limit), from
// the encoded length a publisher reports for a fresh store (which pins the count exactly), or from the
// network's system state (read elsewhere and handed in through `learnShards`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';
import { encodedLength, quiltPatchLimit } from './cost.ts';

/** Where a count came from. `refusal` is one of two counts with the same patch limit; the others are exact. */
export type ShardSource = 'refusal' | 'stored-blob' | 'system-state';

export interface ShardFact {
  shards: number;
  source: ShardSource;
  /** ISO time it was learned. */
  learnedAt: string;
}

/** The store the client consults before packing and teaches when a publisher tells it more. */
export interface ShardMemory {
  knownShards(publisherUrl: string): ShardFact | undefined;
  learnShards(publisherUrl: string, shards: number, source: ShardSource): Promise<void>;
}

/** Mainnet and testnet: what a client assumes until a deployment teaches it otherwise. */
export const ASSUMED_SHARDS = 1000;
/** Beyond any committee Walrus runs; bounds the search for a count that explains a reported length. */
const MAX_SHARDS = 4096;

/** The same publisher however its URL is spelled (trailing slash, case of the host). */
export function publisherKey(publisherUrl: string): string {
  const url = new URL(publisherUrl);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Whether a new count replaces the known one: an exact fact wins over a refusal's estimate unless the
 * refusal contradicts it (a different patch limit means the deployment changed); a new exact fact wins.
 */
function replaces(known: ShardFact | undefined, shards: number, source: ShardSource): boolean {
  if (!known) return true;
  if (known.shards === shards) return known.source === 'refusal' && source !== 'refusal';
  if (source === 'refusal' && known.source !== 'refusal') return quiltPatchLimit(known.shards) !== quiltPatchLimit(shards);
  return true;
}

export class InMemoryShardMemory implements ShardMemory {
  protected facts = new Map<string, ShardFact>();

  knownShards(publisherUrl: string): ShardFact | undefined {
    return this.facts.get(publisherKey(publisherUrl));
  }

  async learnShards(publisherUrl: string, shards: number, source: ShardSource): Promise<void> {
    checkShards(shards);
    if (!replaces(this.knownShards(publisherUrl), shards, source)) return;
    this.facts.set(publisherKey(publisherUrl), { shards, source, learnedAt: new Date().toISOString() });
    await this.persist();
  }

  protected async persist(): Promise<void> {}
}

const factSchema = z.object({ shards: z.number().int().min(4).max(MAX_SHARDS), source: z.enum(['refusal', 'stored-blob', 'system-state']), learnedAt: z.string() });
const fileSchema = z.object({ version: z.literal(1), publishers: z.record(z.string(), factSchema) });

/**
 * A small JSON file in the data directory, so a count learned in one run (or on the backup thread)
 * holds for the next. An unreadable file is treated as empty: the worst case is one refusal more.
 */
export class ShardFile extends InMemoryShardMemory {
  readonly #path: string;

  /** The file every client of one data directory shares (the app's, the CLI's, the backup thread's). */
  static inDataDir(dataDir: string): ShardFile {
    return new ShardFile(join(dataDir, 'walrus', 'shards.json'));
  }

  constructor(path: string) {
    super();
    this.#path = path;
    this.facts = readFacts(path);
  }

  override knownShards(publisherUrl: string): ShardFact | undefined {
    // Another thread or process may have learned since this one started.
    this.facts = new Map([...this.facts, ...readFacts(this.#path)]);
    return super.knownShards(publisherUrl);
  }

  protected override async persist(): Promise<void> {
    const merged = new Map([...readFacts(this.#path), ...this.facts]);
    await writeFileAtomic(this.#path, JSON.stringify({ version: 1, publishers: Object.fromEntries(merged) }, null, 2) + '\n');
  }
}

function readFacts(path: string): Map<string, ShardFact> {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return new Map(parsed.success ? Object.entries(parsed.data.publishers) : []);
  } catch {
    return new Map();
  }
}

function checkShards(shards: number): void {
  if (!Number.isInteger(shards) || shards < 4 || shards > MAX_SHARDS) throw new RangeError(`a shard count must be a whole number from 4 to ${MAX_SHARDS}, got ${shards}`);
}

/**
 * The count whose quilts hold at most `limit` patches. Two counts share each limit (999 and 1000 both
 * allow 666); the larger is the 3k + 1 form committees are sized to (10, 100, 1000), and the next
 * fresh store's encoded length settles it.
 */
export function shardsFromPatchLimit(limit: number): number | undefined {
  if (!Number.isInteger(limit) || limit < 1) return undefined;
  for (let n = Math.min(MAX_SHARDS, Math.ceil(1.5 * (limit + 1)) + 2); n >= 4; n--) if (quiltPatchLimit(n) === limit) return n;
  return undefined;
}

/** The one count whose RS2 encoding of `size` bytes is `encoded` bytes long (metadata included), if any. */
export function shardsFromEncodedLength(size: number, encoded: number): number | undefined {
  for (let n = 4; n <= MAX_SHARDS; n++) {
    const length = encodedLength(size, n);
    if (length === encoded) return n;
    if (length > encoded && n * n * 64 > encoded) return undefined; // the metadata alone is already longer
  }
  return undefined;
}
