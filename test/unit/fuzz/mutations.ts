// Byte-level damage to sealed objects, shared by the crypto fuzzers: flip bits at one byte, cut the end
// off, or append bytes.
import fc from 'fast-check';

export type Mutation = { kind: 'flip'; at: number; mask: number } | { kind: 'truncate'; to: number } | { kind: 'extend'; extra: Uint8Array };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), to: fc.nat() }),
  fc.record({ kind: fc.constant('extend' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
);

/** A changed copy: never equal to the input. */
export function mutate(sealed: Uint8Array, m: Mutation): Uint8Array {
  const out = Buffer.from(sealed);
  if (m.kind === 'flip') {
    const at = m.at % out.length;
    out[at] = (out[at] ?? 0) ^ m.mask;
    return out;
  }
  if (m.kind === 'truncate') return out.subarray(0, m.to % out.length);
  return Buffer.concat([out, m.extra]);
}
