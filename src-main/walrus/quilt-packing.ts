// Quilt rules checked before anything is sent (an encoder that skips them makes unreadable patches),
// and the split of a large collection into as many quilts as the patch and request-size limits need.
import { WalrusBlobTooLargeError, WalrusInputError } from './errors.ts';

export const MAX_IDENTIFIER_BYTES = 65_535;
export const MAX_TAGS_BYTES = 65_535;
/** Public publishers cap a request body at 10 MiB. */
export const DEFAULT_MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export type Tags = Record<string, string>;

/** A patch as a quilt's patch list names it. */
export interface QuiltPatchInfo {
  identifier: string;
  patchId: string;
  tags: Tags;
}

type Issue = { path: string; message: string };

/** Why an identifier is unusable, or undefined when it is fine. */
export function identifierProblem(identifier: string): string | undefined {
  if (typeof identifier !== 'string' || identifier.length === 0) return 'must not be empty';
  if (Buffer.byteLength(identifier, 'utf8') > MAX_IDENTIFIER_BYTES) return `must be at most ${MAX_IDENTIFIER_BYTES} bytes`;
  // `_metadata` is reserved over HTTP and the docs reserve every leading `_`; a letter or digit is portable.
  if (!/^[A-Za-z0-9]/.test(identifier)) return 'must start with an ASCII letter or digit';
  if (/\p{Cc}/u.test(identifier)) return 'must not contain control characters';
  if (/\s$/u.test(identifier)) return 'must not end with whitespace';
  return undefined;
}

function tagsProblem(tags: unknown): string | undefined {
  if (tags === undefined) return undefined;
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return 'tags must be an object of strings';
  if (Object.values(tags).some((v) => typeof v !== 'string')) return 'tag values must be strings';
  if (Buffer.byteLength(JSON.stringify(tags), 'utf8') > MAX_TAGS_BYTES) return `tags must serialise to at most ${MAX_TAGS_BYTES} bytes`;
  return undefined;
}

/** Throws one WalrusInputError listing every bad identifier, duplicate and bad tag set. */
export function validatePatches(patches: readonly { identifier: string; tags?: Tags | undefined }[]): void {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  if (patches.length === 0) issues.push({ path: '(root)', message: 'a quilt needs at least one patch' });
  patches.forEach((patch, index) => {
    const problem = identifierProblem(patch.identifier);
    if (problem) issues.push({ path: `${index}.identifier`, message: `${JSON.stringify(patch.identifier)} ${problem}` });
    else if (seen.has(patch.identifier)) issues.push({ path: `${index}.identifier`, message: `duplicate identifier ${JSON.stringify(patch.identifier)}` });
    seen.add(patch.identifier);
    const tagIssue = tagsProblem(patch.tags);
    if (tagIssue) issues.push({ path: `${index}.tags`, message: tagIssue });
  });
  if (issues.length) {
    const shown = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new WalrusInputError(`invalid quilt patches (${issues.length}): ${shown}`, issues);
  }
}



export interface PackingLimits {
  maxPatches: number;
  /** Whole multipart request, headers of each part and the `_metadata` field included. */
  maxRequestBytes: number;
}

export interface SizedPatch {
  identifier: string;
  size: number;
  tags?: Tags | undefined;
}

/** Multipart framing of a quilt request beside its parts: boundaries, the `_metadata` field's own headers. */
export const QUILT_FORM_OVERHEAD = 512;

/** Upper bound of what one patch adds to the multipart body: its part headers, bytes and metadata entry. */
export function patchRequestBytes(patch: SizedPatch): number {
  const id = Buffer.byteLength(patch.identifier, 'utf8');
  const metadata = patch.tags ? Buffer.byteLength(JSON.stringify({ identifier: patch.identifier, tags: patch.tags }), 'utf8') + 1 : 0;
  return patch.size + 2 * id + 160 + metadata;
}

/** `patchRequestBytes`, or a WalrusBlobTooLargeError when the patch alone cannot fit a request. */
export function requestBytesWithin(patch: SizedPatch, maxRequestBytes: number): number {
  const bytes = patchRequestBytes(patch);
  if (bytes + QUILT_FORM_OVERHEAD > maxRequestBytes) {
    throw new WalrusBlobTooLargeError(
      `patch ${JSON.stringify(patch.identifier)} (${patch.size} bytes) does not fit a ${maxRequestBytes}-byte quilt request; store it as a blob`,
      patch.size,
      maxRequestBytes,
    );
  }
  return bytes;
}

/** Splits in order into the fewest consecutive groups that respect both limits. */
export function packQuilts<T extends SizedPatch>(patches: readonly T[], limits: PackingLimits): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = QUILT_FORM_OVERHEAD;
  for (const patch of patches) {
    const cost = requestBytesWithin(patch, limits.maxRequestBytes);
    if (current.length >= limits.maxPatches || bytes + cost > limits.maxRequestBytes) {
      groups.push(current);
      current = [];
      bytes = QUILT_FORM_OVERHEAD;
    }
    current.push(patch);
    bytes += cost;
  }
  if (current.length) groups.push(current);
  return groups;
}
