// Backup's facade: its wiring, and the few helpers the command line shows (schedule limits, the
// unattended keys' file, the advice after a fresh chain).
export { wireBackup, type BackupDeps, type BackupFacade, type BackupSlice } from './wiring.ts';
export { freshChainMessage } from './deployment.ts';
export { MIN_INTERVAL_MS } from './schedule-time.ts';
export { unattendedKeysPath } from './unattended-keys.ts';
