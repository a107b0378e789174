// Turns the notices that hold into `backup.notice` events, each occurrence once: the ids already told are
// kept in the data directory, so a restart, a retry or a re-evaluation does not notify again, while a notice
// that stopped holding and comes back (a new failure streak) is told anew.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { BackupNotice } from '../../src-shared/contract/backup.ts';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';
import { newNotices } from './notices.ts';

export interface NotifierDeps {
  /** `backup/notified.json`: the ids already told. */
  file: string;
  /** The notices that hold now. */
  evaluate: () => Promise<BackupNotice[]>;
  emit: (notice: BackupNotice) => void;
  /** Re-evaluation on a timer (an outbox's wait and an expiry near with time alone); default 10 minutes. */
  everyMs?: number;
}

const toldSchema = z.array(z.string());

export class BackupNotifier {
  readonly #deps: NotifierDeps;
  #told: Set<string> | null = null;
  #checking: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: NotifierDeps) {
    this.#deps = deps;
  }

  /** Evaluates now (after any check under way); emits what is new. Failures to evaluate wait for the next check. */
  check(): Promise<void> {
    this.#checking = this.#checking.then(() => this.#check()).catch(() => undefined);
    return this.#checking;
  }

  start(): void {
    void this.check();
    this.#timer ??= setInterval(() => void this.check(), this.#deps.everyMs ?? 600_000).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#checking;
  }

  async #check(): Promise<void> {
    const told = (this.#told ??= await this.#load());
    const { fresh, remember } = newNotices(await this.#deps.evaluate(), told);
    const changed = remember.size !== told.size || [...remember].some((id) => !told.has(id));
    this.#told = remember;
    if (changed) await writeFileAtomic(this.#deps.file, JSON.stringify([...remember]));
    for (const notice of fresh) this.#deps.emit(notice);
  }

  async #load(): Promise<Set<string>> {
    const raw = await readFile(this.#deps.file, 'utf8').catch(() => null);
    let data: unknown = [];
    try {
      data = raw === null ? [] : JSON.parse(raw);
    } catch {
      // A damaged file only means a notice may be told once more.
    }
    const parsed = toldSchema.safeParse(data);
    return new Set(parsed.success ? parsed.data : []);
  }
}
