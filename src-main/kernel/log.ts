// A small structured logger. Log lines carry a message and plain fields; callers never pass secrets
// (keys, phrases, passphrases). `redact` is the second guard: it masks fields whose name could hold
// one, at any depth, and anything that looks like a recovery phrase or a Sui private key in any text
// (an error message quoting its input), since a passphrase has no shape to recognise but its name.
import { wordlist } from '@scure/bip39/wordlists/english.js';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const REDACTED = '[redacted]';
const SECRET_FIELD = /phrase|mnemonic|secret|passphrase|password|private|token|key/i;
const BIP39_WORDS = new Set(wordlist);
/** The shortest recovery phrase PDW accepts; shorter runs of list words occur in plain prose. */
const PHRASE_WORDS = 12;
const WORD_RUN = new RegExp(`[A-Za-z]+(?:\\s+[A-Za-z]+){${PHRASE_WORDS - 1},}`, 'g');
/** Sui's bech32 private key: the prefix, the separator 1, then bech32 characters. */
const SUI_PRIVATE_KEY = /suiprivkey1[02-9ac-hj-np-z]+/gi;
const MAX_DEPTH = 8;

export function redact(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return redactObject(fields, 0, new Set([fields]));
}

/** `text` with every run of 12 or more BIP-39 words, and every suiprivkey, replaced by [redacted]. */
export function redactText(text: string): string {
  return text.replace(SUI_PRIVATE_KEY, REDACTED).replace(WORD_RUN, maskPhraseRuns);
}

/** Masks the stretches of 12 or more list words in a run of words, keeping the text around them as it was. */
function maskPhraseRuns(run: string): string {
  const words = [...run.matchAll(/[A-Za-z]+/g)];
  let out = '';
  let copied = 0;
  let first = 0;
  for (let i = 0; i <= words.length; i++) {
    if (i < words.length && BIP39_WORDS.has(words[i]![0].toLowerCase())) continue;
    if (i - first >= PHRASE_WORDS) {
      const start = words[first]!.index;
      const last = words[i - 1]!;
      out += run.slice(copied, start) + REDACTED;
      copied = last.index + last[0].length;
    }
    first = i + 1;
  }
  return out + run.slice(copied);
}

/** `ancestors`: the objects on the path from the top, so a cycle ends in [circular] instead of recursing forever. */
function redactObject(fields: object, depth: number, ancestors: Set<object>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, SECRET_FIELD.test(k) ? REDACTED : redactValue(v, depth + 1, ancestors)]));
}

function redactValue(value: unknown, depth: number, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  // Raw bytes in a log line are more likely a key than anything a reader needs.
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (value instanceof Error) return redactText(value.stack ?? `${value.name}: ${value.message}`);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (ancestors.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[…]';
  ancestors.add(value);
  try {
    return Array.isArray(value) ? value.map((item) => redactValue(item, depth + 1, ancestors)) : redactObject(value, depth, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n'), quiet = false): Logger {
  const emit = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (quiet && level === 'info') return;
    const extra = fields && Object.keys(fields).length ? ' ' + JSON.stringify(redact(fields)) : '';
    write(`${new Date().toISOString()} ${level} ${redactText(message)}${extra}`);
  };
  return {
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
