// Opens a service on first use, once, so commands that never touch it (e.g. `pdw info`) never pay for it.
export class LazyService<T> {
  #opening: Promise<T> | undefined;
  readonly #open: () => Promise<T>;
  readonly #close: (service: T) => Promise<void>;

  constructor(open: () => Promise<T>, close: (service: T) => Promise<void>) {
    this.#open = open;
    this.#close = close;
  }

  get(): Promise<T> {
    this.#opening ??= this.#open().catch((error: unknown) => {
      this.#opening = undefined; // a failed open may succeed later (e.g. after the user fixed a file)
      throw error;
    });
    return this.#opening;
  }

  /** Closes the service if it was opened; a close that fails throws, for the service list to report. */
  async close(): Promise<void> {
    const opening = this.#opening;
    this.#opening = undefined;
    if (!opening) return;
    const opened = await opening.then(
      (service) => ({ service }),
      () => undefined, // never opened: nothing to close (the open's error went to whoever asked)
    );
    if (opened) await this.#close(opened.service);
  }
}

/** Handlers that open their service on first call: same names, same signatures. */
export function lazyHandlers<H extends Record<string, (...args: never[]) => unknown>>(names: (keyof H)[], load: () => Promise<H>): H {
  return Object.fromEntries(
    names.map((name) => [name, async (...args: never[]) => ((await load())[name] as (...a: never[]) => unknown)(...args)]),
  ) as H;
}
