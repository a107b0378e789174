// Restore anywhere: what finding this wallet's snapshots on Walrus answers (backup.discover). Apart from
// backup.ts, which names the request and re-exports these, so the contract's discovery shapes sit together.
import { z } from 'zod';

/** A snapshot found among the wallet's blobs: enough to choose it on the Restore page. */
export const discoveredSnapshotSchema = z.object({ snapshotId: z.string(), createdAt: z.string(), documents: z.number().int(), bytes: z.number().int(), endEpoch: z.number().int() });

/** A blob that may be a snapshot but could not be read, even after retries. */
export const unreadableBlobSchema = z.object({ blobId: z.string(), size: z.number().int(), message: z.string() });

export const discoveryResultSchema = z.object({
  address: z.string(),
  snapshots: z.array(discoveredSnapshotSchema),
  /** Blobs that may be snapshots but could not be read, even after retries: the list may be incomplete. */
  unreadable: z.array(unreadableBlobSchema),
  /** Says so, with what to do (check the connection, search again); null when every candidate was read. */
  warning: z.string().nullable(),
});
export type DiscoveryResult = z.infer<typeof discoveryResultSchema>;
