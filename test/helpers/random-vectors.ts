// Reproducible vectors for graph tests: mulberry32 from a seed, components in [-1, 1).
export function randomVectors(n: number, dim: number, seed = 1): number[][] {
  let s = seed;
  const rand = () => {
    // mulberry32, integer-exact
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1;
  };
  return Array.from({ length: n }, () => Array.from({ length: dim }, rand));
}
