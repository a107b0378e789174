// Document filters shared by listing and search, turned into a parameterised SQL condition.
import { sep } from 'node:path';
import type { LibraryFilter } from '../search/index.ts';

export type { LibraryFilter } from '../search/index.ts';

export interface SqlCondition {
  sql: string;
  params: (string | number)[];
}

/** A condition over the documents table aliased `d` ("1" when the filter is empty). */
export function filterCondition(filter: LibraryFilter | undefined): SqlCondition {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (filter?.folder) {
    const folder = filter.folder.endsWith(sep) ? filter.folder.slice(0, -1) : filter.folder;
    // A range instead of LIKE: no wildcard escaping, and the folder index is used. ('0' sorts right after '/'.)
    parts.push('(d.folder = ? OR (d.folder >= ? AND d.folder < ?))');
    params.push(folder, folder + sep, folder + String.fromCharCode(sep.charCodeAt(0) + 1));
  }
  if (filter?.types?.length) {
    parts.push(`d.type IN (${filter.types.map(() => '?').join(', ')})`);
    params.push(...filter.types);
  }
  if (filter?.modifiedAfter !== undefined) {
    parts.push('d.mtime >= ?');
    params.push(filter.modifiedAfter);
  }
  if (filter?.modifiedBefore !== undefined) {
    parts.push('d.mtime <= ?');
    params.push(filter.modifiedBefore);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}
