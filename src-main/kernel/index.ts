// The kernel's facade: what every domain uses (configuration, log, events, jobs, the service lifecycle,
// lazy opening, the request dispatcher, the private data folder). Four narrow interfaces sit beside it and
// are imported by path, so a worker or a store does not load the whole kernel: `fs/atomic.ts` (durable
// writes), `fs/sqlite.ts` (only the databases' owners: it loads the native SQLite module),
// `worker-entries.ts` (the worker spawners and the build) and `process-alive.ts` (a recorded process's liveness).
export { createKernel, type Kernel, type Wired } from './kernel.ts';
export {
  configuredDataDir,
  DEFAULT_SETTINGS,
  ENV_VARIABLES,
  loadConfig,
  redactEnvironment,
  resolveConfig,
  SETTING_APPLIES,
  SUI_RPC_BY_NETWORK,
  withoutDevVariables,
  type AppConfig,
  type EnvironmentConfig,
  type EnvVars,
} from './config/config.ts';
export { EventBus, type EventListener } from './events.ts';
export { createLogger, redact, redactText, REDACTED, silentLogger, type Logger } from './log.ts';
export { APP_DIR_NAME, defaultDataDir } from './paths.ts';
export { APP_NAME, APP_VERSION } from './version.ts';
export { LazyService, lazyHandlers } from './lifecycle/lazy-service.ts';
export { ServiceList } from './lifecycle/service-list.ts';
export type { PathPicker, Service } from './lifecycle/service.ts';
export { createDispatcher, type CallContext, type Dispatch, type Handler, type HandlerMap } from './rpc/dispatcher.ts';
export { JobCancelled, JobRunner, type JobContext, type JobKind, type JobOutcome, type JobResult, type Progress, type StartedJob } from './jobs/runner.ts';
export { createJobHandlers } from './jobs/handlers.ts';
export { JobResults } from './jobs/results.ts';
export { SLICE_MS, TimeSlices } from './jobs/time-slices.ts';
export { createPrivately, preparePrivateDataDir, PRIVATE_UMASK, type PrivateDataResult } from './fs/private-data.ts';
