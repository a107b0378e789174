// Fault injection: rules per route with a probability, drawn from a seeded generator so a failing run
// can be replayed. The state is persisted, so a restarted server keeps misbehaving the same way.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';

export const FAULT_ROUTES = ['storeBlob', 'storeQuilt', 'readBlob', 'readPatch', 'listPatches', 'status', 'all'] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];

const Common = {
  route: z.enum(FAULT_ROUTES),
  probability: z.number().min(0).max(1).default(1),
  /** The rule breaks at most this many requests, then is removed (a one-off fault: `times: 1`). */
  times: z.number().int().min(1).optional(),
};
export const FaultRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    ...Common,
    kind: z.literal('error'),
    status: z.union([z.literal(429), z.literal(500), z.literal(503), z.literal(504)]).default(500),
    /** 'after': the request is carried out (a store is stored and paid for), then the answer is the error. */
    phase: z.enum(['before', 'after']).default('before'),
    /** Sent as a Retry-After header. */
    retryAfterSeconds: z.number().int().min(0).optional(),
  }),
  z.object({
    ...Common,
    kind: z.literal('latency'),
    ms: z.number().int().min(0).max(600_000),
    /** 'after': the request is carried out first, then the answer waits (a client timing out has still paid). */
    phase: z.enum(['before', 'after']).default('before'),
  }),
  z.object({
    ...Common,
    kind: z.literal('reset'),
    /** 'after': the request is carried out (a store is stored and paid for), then the connection is dropped unanswered. */
    phase: z.enum(['before', 'after']).default('before'),
  }),
  z.object({ ...Common, kind: z.literal('truncate') }),
  z.object({ ...Common, kind: z.literal('corrupt') }),
]);
/** Input form: `probability` (and an error's `status`) may be omitted. */
export type FaultRule = z.input<typeof FaultRuleSchema>;
type ParsedRule = z.output<typeof FaultRuleSchema>;
export type TerminalFault = Exclude<ParsedRule, { kind: 'latency' }>;

export const FaultStateSchema = z.object({
  seed: z.number().int().default(1),
  down: z.boolean().default(false),
  rules: z.array(FaultRuleSchema).default([]),
});
export type FaultState = z.output<typeof FaultStateSchema>;

/** What to do to one request: wait (before handling it, or after), then maybe break it. */
export interface FaultDecision {
  latencyMs: number;
  latencyAfterMs: number;
  terminal: TerminalFault | undefined;
}

export class FaultController {
  #state: FaultState;
  #random: () => number;
  readonly #path: string;
  #saving: Promise<void> = Promise.resolve();

  private constructor(path: string, state: FaultState) {
    this.#path = path;
    this.#state = state;
    this.#random = mulberry32(state.seed);
  }

  /** Options win over the persisted state; without options the persisted faults come back. */
  static async open(dataDir: string, initial?: FaultRule[]): Promise<FaultController> {
    const path = join(dataDir, 'faults.json');
    const persisted = await readFile(path, 'utf8').then(
      (text) => FaultStateSchema.parse(JSON.parse(text)),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return FaultStateSchema.parse({});
        throw error;
      },
    );
    const controller = new FaultController(path, persisted);
    if (initial) await controller.set(initial);
    return controller;
  }

  get state(): FaultState {
    return structuredClone(this.#state);
  }

  get down(): boolean {
    return this.#state.down;
  }

  rules(): FaultRule[] {
    return structuredClone(this.#state.rules);
  }

  async set(rules: FaultRule[]): Promise<void> {
    return this.#update({ ...this.#state, rules: rules.map((r) => FaultRuleSchema.parse(r)) });
  }

  async add(rule: FaultRule): Promise<void> {
    return this.#update({ ...this.#state, rules: [...this.#state.rules, FaultRuleSchema.parse(rule)] });
  }

  /** Removes every rule and brings the server back up. */
  clear(): Promise<void> {
    return this.#update({ ...this.#state, rules: [], down: false });
  }

  /** Down: every API request has its connection destroyed (the admin endpoints stay reachable). */
  setDown(down: boolean): Promise<void> {
    return this.#update({ ...this.#state, down });
  }

  /** Restarts the random sequence, for reproducible runs. */
  reseed(seed: number): Promise<void> {
    this.#random = mulberry32(seed);
    return this.#update({ ...this.#state, seed });
  }

  async replace(state: z.input<typeof FaultStateSchema>): Promise<void> {
    const parsed = FaultStateSchema.parse(state);
    this.#random = mulberry32(parsed.seed);
    return this.#update(parsed);
  }

  decide(route: FaultRoute): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, latencyAfterMs: 0, terminal: undefined };
    let counted = false;
    for (const rule of this.#state.rules) {
      if (rule.route !== route && rule.route !== 'all') continue;
      // Always draw, so one rule's outcome does not shift the sequence of the others.
      const hit = this.#random() < rule.probability;
      if (!hit) continue;
      if (rule.kind === 'latency') decision[rule.phase === 'after' ? 'latencyAfterMs' : 'latencyMs'] += rule.ms;
      else if (decision.terminal) continue;
      else decision.terminal = rule;
      if (rule.times !== undefined) {
        rule.times -= 1;
        counted = true;
      }
    }
    // Persist the counts (a restarted server keeps them) and drop the rules that are used up.
    if (counted) void this.#update({ ...this.#state, rules: this.#state.rules.filter((r) => r.times !== 0) });
    return decision;
  }

  flush(): Promise<void> {
    return this.#saving;
  }

  #update(state: FaultState): Promise<void> {
    this.#state = state;
    const snapshot = JSON.stringify(state, null, 2);
    this.#saving = this.#saving.then(() => writeFileAtomic(this.#path, snapshot));
    return this.#saving;
  }
}

/** A small, well-known 32-bit PRNG; plenty for choosing which requests fail (and, in tests, for seeded runs). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
