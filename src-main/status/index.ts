// The Walrus health monitor's facade.
export { wireStatus, type StatusDeps, type StatusSlice } from './wiring.ts';
export type { WalrusMonitor } from './walrus-monitor.ts';
