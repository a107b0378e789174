// The event bus: services publish contract events; transports (Electron IPC, WebSocket) forward them.
// Every payload is validated against the contract so a buggy service cannot push malformed events.
import { events, type AnyEvent, type EventName, type EventPayload } from '../../src-shared/contract/index.ts';
import type { Logger } from './log.ts';

export type EventListener = (event: AnyEvent) => void;

export class EventBus {
  readonly #listeners = new Set<EventListener>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) {
      this.#log.error(`dropped malformed event ${name}`, { issues: parsed.error.issues.length });
      return;
    }
    const event = { name, payload: parsed.data } as AnyEvent;
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#log.error(`event listener failed for ${name}`, { error: String(error) });
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
