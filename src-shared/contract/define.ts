// The building blocks of the contract: error shape, call results and request definitions.
// Shared by main (validation), the web host and the renderer; no runtime dependency but zod.
import { z } from 'zod';

/** The closed list of error codes any request can fail with. */
export const ERROR_CODES = [
  'invalid_input', // the request did not match its input schema
  'invalid_output', // main produced a reply that broke the contract (a bug in main)
  'unknown_request',
  'not_found',
  'conflict', // e.g. a job of that kind is already running
  'unavailable', // a remote service (Walrus, Sui RPC) cannot be reached
  'remote_error', // a remote service answered with an error
  'cancelled',
  'locked', // the wallet keystore is locked
  'unauthorized',
  'too_large',
  'unsupported',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const issueSchema = z.object({ path: z.string(), message: z.string() });
export const appErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  issues: z.array(issueSchema).optional(),
});
export type AppErrorShape = z.infer<typeof appErrorSchema>;

/** What every request resolves to, over every transport. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: appErrorSchema }),
  ]);

export interface RequestDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly summary: string;
}

export function defineRequest<I extends z.ZodType, O extends z.ZodType>(
  summary: string,
  input: I,
  output: O,
): RequestDefinition<I, O> {
  return { input, output, summary };
}

/** An error thrown anywhere in main with a contract code; the dispatcher turns it into a Result. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: { path: string; message: string }[] | undefined;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; issues?: { path: string; message: string }[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.issues = options?.issues;
  }

  toShape(): AppErrorShape {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

/** Turns zod issues into the contract's flat, readable issue list. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

export function summarizeIssues(issues: { path: string; message: string }[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}
