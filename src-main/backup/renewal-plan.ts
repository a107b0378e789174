// Which stored objects to renew: every quilt and blob that a kept (not forgotten) complete snapshot needs —
// its items' quilts, blobs and parts and its manifest — once each, however many snapshots share it, when
// it has at most `renewWithin` epochs left. Objects only forgotten snapshots need are left to expire.
import type { StoredObjectType } from './objects.ts';

export interface KeptObject {
  runId: string;
  objectId: string;
  type: StoredObjectType;
  endEpoch: number;
}

export interface RenewalTask {
  objectId: string;
  type: StoredObjectType;
  endEpoch: number;
  /** The kept snapshots that need it. */
  snapshots: string[];
}

export interface RenewalPlan {
  /** Most urgent first. */
  renew: RenewalTask[];
  /** Already past their end epoch: nothing can bring them back; their snapshots are no longer restorable. */
  expired: RenewalTask[];
}

export function planRenewal(kept: readonly KeptObject[], currentEpoch: number, renewWithin: number): RenewalPlan {
  const byObject = new Map<string, RenewalTask>();
  for (const k of kept) {
    const task = byObject.get(k.objectId);
    if (!task) byObject.set(k.objectId, { objectId: k.objectId, type: k.type, endEpoch: k.endEpoch, snapshots: [k.runId] });
    else {
      task.endEpoch = Math.max(task.endEpoch, k.endEpoch);
      if (!task.snapshots.includes(k.runId)) task.snapshots.push(k.runId);
    }
  }
  const due = [...byObject.values()].filter((t) => t.endEpoch - currentEpoch <= renewWithin).sort((a, b) => a.endEpoch - b.endEpoch || a.objectId.localeCompare(b.objectId));
  return { renew: due.filter((t) => t.endEpoch > currentEpoch), expired: due.filter((t) => t.endEpoch <= currentEpoch) };
}
