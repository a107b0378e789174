// What the composition root (app.ts) and the domain wiring modules share: a service's lifecycle and
// the host's file picker. Kept out of app.ts so wiring modules need not import the root that imports them.

/** A part of the app that starts in order and stops in reverse. */
export interface Service {
  readonly name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

/** The desktop app's native file dialog; absent in the CLI and the web host. */
export type PathPicker = (kind: 'files' | 'folder') => Promise<string[]>;
