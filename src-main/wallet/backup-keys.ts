// Keys for backups, derived from the wallet's root secret so the recovery phrase alone decrypts every
// snapshot on a new machine. One HKDF-SHA256 expansion per purpose: a leak of one key says nothing
// about the others, and a new purpose or version is a new label, never a reuse.
import { hkdfSync } from 'node:crypto';

export const BACKUP_KEY_LABELS = {
  content: 'pdw/backup/content/v1',
  identifiers: 'pdw/backup/identifiers/v1',
  manifest: 'pdw/backup/manifest/v1',
} as const;

export type BackupKeyPurpose = keyof typeof BACKUP_KEY_LABELS;

export interface BackupKeys {
  /** AES-256-GCM key for the items of a snapshot. */
  content: Uint8Array;
  /** HMAC key that makes patch identifiers and tags opaque. */
  identifiers: Uint8Array;
  /** AES-256-GCM key for snapshot manifests (what restore-from-phrase decrypts first). */
  manifest: Uint8Array;
}

/** A fixed salt: the root is already uniformly random (BIP-39 seed or an Ed25519 secret key). */
const SALT = new TextEncoder().encode('pdw/backup/salt/v1');

export function deriveBackupKeys(root: Uint8Array): BackupKeys {
  if (root.length < 32) throw new Error('a backup root needs at least 32 bytes');
  const derive = (label: string) => new Uint8Array(hkdfSync('sha256', root, SALT, label, 32));
  return {
    content: derive(BACKUP_KEY_LABELS.content),
    identifiers: derive(BACKUP_KEY_LABELS.identifiers),
    manifest: derive(BACKUP_KEY_LABELS.manifest),
  };
}
