// A small structured logger. Log lines carry a message and plain fields; callers never pass secrets
// (keys, phrases, passphrases) — `redact` masks the field names that could hold one, as a second guard.
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_FIELD = /phrase|mnemonic|secret|passphrase|password|private|token|key/i;

export function redact(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, SECRET_FIELD.test(k) ? '[redacted]' : v]));
}

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n'), quiet = false): Logger {
  const emit = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (quiet && level === 'info') return;
    const extra = fields && Object.keys(fields).length ? ' ' + JSON.stringify(redact(fields)) : '';
    write(`${new Date().toISOString()} ${level} ${message}${extra}`);
  };
  return {
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
