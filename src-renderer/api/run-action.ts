// Starts work from a click, an event or an effect without awaiting it. Its failures are already in front
// of the user: every failed call raises the call-failure toast (client.ts), so an ApiError needs nothing
// more here. Anything else is a bug in the renderer and goes to the console instead of vanishing.
import { ApiError } from './api-error.ts';

export function runAction(work: Promise<unknown>): void {
  work.catch((error: unknown) => {
    if (!(error instanceof ApiError)) console.error(error);
  });
}
