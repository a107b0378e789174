// A snapshot's identity is its run id. Its snapshot id is the blob id of its current manifest, which renewal
// replaces when the snapshot's items move to new quilts (same run id, next revision): until the old manifest
// expires both are on Walrus, and a new machine lists the snapshot once, under its newest manifest.

/** One entry per run id: the highest manifest revision, then the one stored longest. */
export function newestPerRun<T extends { runId: string; revision: number; endEpoch: number }>(found: readonly T[]): T[] {
  const byRun = new Map<string, T>();
  for (const s of found) {
    const known = byRun.get(s.runId);
    if (!known || s.revision > known.revision || (s.revision === known.revision && s.endEpoch > known.endEpoch)) byRun.set(s.runId, s);
  }
  return [...byRun.values()];
}
