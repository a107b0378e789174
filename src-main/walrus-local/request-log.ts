// What the server saw and answered, for tests and benchmarks that count requests and bytes.
export interface RequestLogEntry {
  method: string;
  path: string;
  /** The OpenAPI template matched, or undefined for an unknown path. */
  template: string | undefined;
  /** 0 when the connection was destroyed without an answer. */
  status: number;
  bytesIn: number;
  bytesOut: number;
  fault: string | undefined;
  durationMs: number;
}

const MAX_ENTRIES = 100_000;

export class RequestLog {
  #entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.#entries.push(entry);
    // A long-running dev server must not grow without bound.
    if (this.#entries.length > MAX_ENTRIES) this.#entries.splice(0, this.#entries.length - MAX_ENTRIES);
  }

  entries(): RequestLogEntry[] {
    return [...this.#entries];
  }

  clear(): void {
    this.#entries = [];
  }
}
