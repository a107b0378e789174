// The Walrus health monitor's part of the composition root: it probes the URLs the settings name now
// (following changes), periodically unless the interval is 0 (the CLI probes only on demand).
import type { Settings } from '../../src-shared/contract/index.ts';
import type { HandlerMap, Kernel, Wired } from '../kernel/index.ts';
import { WalrusMonitor } from './walrus-monitor.ts';

export interface StatusSlice {
  /** How often to probe Walrus; 0 disables the periodic probe. */
  probeIntervalMs: number;
}

export interface StatusDeps {
  settings: { readonly current: Settings; onChange(listener: (settings: Settings) => void): unknown };
}

export function wireStatus(kernel: Kernel, slice: StatusSlice, deps: StatusDeps): Wired<HandlerMap<'walrus.checkNow'>, WalrusMonitor> {
  const { settings } = deps;
  const walrus = new WalrusMonitor(
    { publisherUrl: settings.current.walrusPublisherUrl, aggregatorUrl: settings.current.walrusAggregatorUrl },
    kernel.events,
    slice.probeIntervalMs || 30_000,
  );
  settings.onChange((s) => {
    if (s.walrusPublisherUrl !== walrus.status.publisherUrl || s.walrusAggregatorUrl !== walrus.status.aggregatorUrl) {
      walrus.setUrls({ publisherUrl: s.walrusPublisherUrl, aggregatorUrl: s.walrusAggregatorUrl });
    }
  });
  return {
    services: [{ name: 'walrus-monitor', start: () => (slice.probeIntervalMs === 0 ? undefined : walrus.start()), stop: () => walrus.stop() }],
    handlers: { 'walrus.checkNow': () => walrus.check() },
    facade: walrus,
  };
}
