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

export interface EpochLength {
  lengthMs: number;
  fromNetwork: boolean;
}

/** "an epoch lasts 1 day on this network, so 5 ≈ 5 days": what a number of storage epochs means in time. */
export function describeEpochs(epochs: number, epoch: EpochLength): string {
  const span = (ms: number) => {
    const hours = ms / 3_600_000;
    if (hours < 48) return `${Number(hours.toFixed(1))} hour${hours === 1 ? '' : 's'}`;
    const days = hours / 24;
    return `${Number(days.toFixed(1))} day${days === 1 ? '' : 's'}`;
  };
  const lasts = `an epoch lasts ${span(epoch.lengthMs).replace(/^24 hours$/, '1 day')} ${epoch.fromNetwork ? 'on this network' : '(assumed for this network)'}`;
  return Number.isInteger(epochs) && epochs > 0 ? `${lasts}, so ${epochs} ≈ ${span(epochs * epoch.lengthMs)}` : lasts;
}
