// Validates every request against the contract, calls its handler, validates the reply, and always
// answers with a Result — an invalid message gets a clear error back, never a crash or a hang.
import {
  AppError,
  describeIssues,
  isRequestName,
  requests,
  summarizeIssues,
  type ParsedRequestInput,
  type RequestName,
  type RequestOutput,
  type Result,
} from '../../../src-shared/contract/index.ts';
import type { Logger } from '../log.ts';

export interface CallContext {
  /** Which transport the call came through; handlers may refuse raw paths from untrusted ones. */
  transport: 'ipc' | 'http' | 'cli' | 'test';
}

export type Handler<K extends RequestName> = (input: ParsedRequestInput<K>, ctx: CallContext) => Promise<RequestOutput<K>> | RequestOutput<K>;
export type HandlerMap<K extends RequestName = RequestName> = { [P in K]: Handler<P> };

export type Dispatch = (name: unknown, input: unknown, ctx: CallContext) => Promise<Result<unknown>>;

export function createDispatcher(handlers: HandlerMap, log: Logger): Dispatch {
  return async (name, input, ctx) => {
    if (!isRequestName(name)) {
      return failure(new AppError('unknown_request', `Unknown request ${JSON.stringify(String(name)).slice(0, 80)}.`));
    }
    const definition = requests[name];
    const parsed = definition.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      return failure(new AppError('invalid_input', `Invalid ${name} request: ${summarizeIssues(issues)}`, { issues }));
    }
    let output: unknown;
    try {
      const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
      output = await handler(parsed.data, ctx);
    } catch (error) {
      if (error instanceof AppError) return failure(error);
      log.error(`request ${name} failed`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return failure(new AppError('internal', `${name} failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    const checked = definition.output.safeParse(output);
    if (!checked.success) {
      const issues = describeIssues(checked.error);
      log.error(`reply of ${name} broke the contract`, { issues: summarizeIssues(issues) });
      return failure(new AppError('invalid_output', `The reply to ${name} was malformed; this is a bug in PDW.`, { issues }));
    }
    return { ok: true, value: checked.data };
  };
}

function failure(error: AppError): Result<never> {
  return { ok: false, error: error.toShape() };
}
