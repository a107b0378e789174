// The one contract between the renderer and main: every request (name → input, output), every event
// (name → payload) and the error shape. Domain files define their part; this module is the single list.
import type { z } from 'zod';
import { appEvents, appRequests } from './app.ts';
import { backupEvents, backupRequests } from './backup.ts';
import { jobEvents, jobRequests } from './jobs.ts';
import { libraryEvents, libraryRequests } from './library.ts';
import { pickerRequests } from './picker.ts';
import { walletEvents, walletRequests } from './wallet.ts';
import { watchEvents, watchRequests } from './watch.ts';

export * from './define.ts';
export * from './app.ts';
export * from './backup.ts';
export * from './jobs.ts';
export * from './library.ts';
export * from './picker.ts';
export * from './wallet.ts';
export * from './watch.ts';

export const requests = {
  ...appRequests,
  ...jobRequests,
  ...libraryRequests,
  ...pickerRequests,
  ...walletRequests,
  ...backupRequests,
  ...watchRequests,
} as const;

export const events = {
  ...appEvents,
  ...jobEvents,
  ...libraryEvents,
  ...walletEvents,
  ...backupEvents,
  ...watchEvents,
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>;
export type RequestOutput<K extends RequestName> = z.output<Requests[K]['output']>;
export type ParsedRequestInput<K extends RequestName> = z.output<Requests[K]['input']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;
export type AnyEvent = { [K in EventName]: { name: K; payload: EventPayload<K> } }[EventName];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}
