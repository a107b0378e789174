// How large a request body the web host reads, per request: what each request needs, so that one body
// cannot make the host hold hundreds of megabytes. Requests carry small JSON inputs (a query, settings,
// ids); only uploads carry file content (base64, a third larger than the files).
const MiB = 1024 * 1024;

export const DEFAULT_BODY_LIMIT = 1 * MiB;

/** Requests that need more than the default. */
export const BODY_LIMITS: Readonly<Record<string, number>> = {
  'library.ingestUpload': 256 * MiB,
};

export function bodyLimitFor(requestName: string, limits: Readonly<Record<string, number>> = BODY_LIMITS, fallback = DEFAULT_BODY_LIMIT): number {
  return Object.hasOwn(limits, requestName) ? limits[requestName]! : fallback;
}
