export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const FROST_PER_WAL = 1_000_000_000;

/** A storage cost in WAL, the token people hold (1 WAL = 10⁹ FROST), to a few significant digits. */
export function formatWal(frost: number): string {
  if (frost === 0) return '0 WAL';
  const wal = frost / FROST_PER_WAL;
  return `${wal.toLocaleString(undefined, { maximumSignificantDigits: 4, maximumFractionDigits: 9 })} WAL`;
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
