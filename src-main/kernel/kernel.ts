// What every domain's wiring receives: the configuration, the log, the event bus, the job runner and the
// service list. The composition root builds one Kernel and passes it to each domain's `wire…` in turn;
// each returns its services, handlers and facade (`Wired`), and the root adds the services in start order.
import type { AppConfig } from './config/config.ts';
import { EventBus } from './events.ts';
import { JobRunner } from './jobs/runner.ts';
import { LazyService } from './lifecycle/lazy-service.ts';
import type { Service } from './lifecycle/service.ts';
import { ServiceList } from './lifecycle/service-list.ts';
import type { Logger } from './log.ts';
import type { HandlerMap } from './rpc/dispatcher.ts';

export interface Kernel {
  readonly config: AppConfig;
  readonly log: Logger;
  readonly events: EventBus;
  readonly jobs: JobRunner;
  /** Started in the order domains add to it, stopped in reverse. */
  readonly services: ServiceList;
  /** A service opened on first use (once; a failed open is tried again); its owner closes it on stop. */
  lazy<T>(open: () => Promise<T>, close: (service: T) => Promise<void>): LazyService<T>;
  /** The job runner's place in the service list: stopping cancels every running job. */
  readonly jobsService: Service;
}

/** What a domain's wiring hands back: its services (for the service list), its requests' handlers, its facade. */
export interface Wired<Handlers extends Partial<HandlerMap>, Facade> {
  services: Service[];
  handlers: Handlers;
  facade: Facade;
}

export function createKernel(config: AppConfig, log: Logger): Kernel {
  const events = new EventBus(log);
  const jobs = new JobRunner(events);
  return {
    config,
    log,
    events,
    jobs,
    services: new ServiceList(log),
    lazy: (open, close) => new LazyService(open, close),
    jobsService: { name: 'jobs', start: () => {}, stop: () => jobs.cancelAll() },
  };
}
