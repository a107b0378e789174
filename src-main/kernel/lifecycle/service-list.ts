// The app's services in the order they were added: started in that order, stopped in reverse. A service
// that fails to stop is logged and the others still stop, so one stuck part never keeps the rest running.
import type { Logger } from '../log.ts';
import type { Service } from './service.ts';

export class ServiceList {
  readonly #services: Service[] = [];
  readonly #started: Service[] = [];
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  add(...services: Service[]): void {
    this.#services.push(...services);
  }

  get names(): string[] {
    return this.#services.map((s) => s.name);
  }

  async start(): Promise<void> {
    for (const service of this.#services) {
      if (this.#started.includes(service)) continue;
      await service.start();
      this.#started.push(service);
    }
  }

  async stop(): Promise<void> {
    for (const service of this.#started.reverse()) {
      try {
        await service.stop();
      } catch (error) {
        this.#log.error(`stopping ${service.name} failed`, { error: String(error) });
      }
    }
    this.#started.length = 0;
  }
}
