// The Sui JSON-RPC methods PDW reads, with the real names, parameters and result shapes.
import { normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';
import { blobStructType, toSuiObjectData, type ObjectDataOptions } from './objects.ts';
import type { SuiLocalSource } from './source.ts';
import { stakingInnerField, stakingObject } from './walrus-state.ts';

export const SUI_COIN_TYPE = '0x2::sui::SUI';
/** A full node answers at most 50 objects per page. */
const MAX_PAGE = 50;

export interface SuiLocalOptions {
  walrusPackageId: string;
  /** Id of the Walrus staking object the node shows (from the source's `walrusState`). */
  stakingObjectId: string;
  /** First four bytes of the genesis checkpoint digest, hex; testnet's by default. */
  chainIdentifier: string;
  referenceGasPrice: bigint;
}

/** A JSON-RPC error with its standard code. */
export class RpcError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

type Method = (params: unknown[]) => unknown;

export function createMethods(source: SuiLocalSource, options: SuiLocalOptions): Record<string, Method> {
  const blobType = normalizeStructTag(blobStructType(options.walrusPackageId));
  const balanceOf = (owner: string, coinType: string) => {
    const wanted = normalizeStructTag(coinType);
    const entry = Object.entries(source.balances(owner)).find(([type]) => normalizeStructTag(type) === wanted);
    return balanceReply(coinType, entry?.[1] ?? 0n);
  };
  const stakingId = normalizeSuiAddress(options.stakingObjectId);
  const getObject = (id: unknown, opts: unknown) => {
    const objectId = address(id, 'object id');
    if (objectId === stakingId && source.walrusState) return { data: withOptions(stakingObject(stakingId, options.walrusPackageId), dataOptions(opts)) };
    const record = source.getObject(objectId);
    return record ? { data: toSuiObjectData(record, options.walrusPackageId, dataOptions(opts)) } : { error: { code: 'notExists', object_id: objectId } };
  };
  return {
    sui_getChainIdentifier: () => options.chainIdentifier,
    suix_getReferenceGasPrice: () => String(options.referenceGasPrice),
    suix_getBalance: ([owner, coinType]) => balanceOf(address(owner, 'owner'), coinType === undefined || coinType === null ? SUI_COIN_TYPE : text(coinType, 'coin type')),
    suix_getAllBalances: ([owner]) => Object.entries(source.balances(address(owner, 'owner'))).map(([type, amount]) => balanceReply(type, amount)),
    sui_getObject: ([id, opts]) => getObject(id, opts),
    sui_multiGetObjects: ([ids, opts]) => {
      if (!Array.isArray(ids)) throw new RpcError(-32602, 'object ids must be an array');
      return ids.map((id) => getObject(id, opts));
    },
    suix_getDynamicFieldObject: ([parent, name]) => {
      const parentId = address(parent, 'parent object id');
      const field = parentId === stakingId && source.walrusState ? stakingInnerField(stakingId, options.walrusPackageId, name, source.walrusState()) : undefined;
      return field ? { data: field } : { error: { code: 'dynamicFieldNotFound', parent_object_id: parentId } };
    },
    suix_getOwnedObjects: ([owner, query, cursor, limit]) => {
      const q = (query ?? {}) as { filter?: unknown; options?: unknown };
      const matches = filterMatcher(q.filter, blobType);
      const all = source.listBlobObjects(address(owner, 'owner')).filter(() => matches).sort((a, b) => a.objectId.localeCompare(b.objectId));
      const size = limit === undefined || limit === null ? MAX_PAGE : Math.min(Math.max(1, integer(limit, 'limit')), MAX_PAGE);
      // The cursor is the id of the last object of the previous page, as on a full node.
      const start = cursor === undefined || cursor === null ? 0 : all.findIndex((o) => o.objectId === address(cursor, 'cursor')) + 1;
      if (start === 0 && cursor !== undefined && cursor !== null) throw new RpcError(-32602, 'unknown cursor');
      const page = all.slice(start, start + size);
      const hasNextPage = start + size < all.length;
      return {
        data: page.map((o) => ({ data: toSuiObjectData(o, options.walrusPackageId, dataOptions(q.options)) })),
        nextCursor: page.length ? page[page.length - 1]!.objectId : null,
        hasNextPage,
      };
    },
  };
}

function balanceReply(coinType: string, amount: bigint) {
  return { coinType, coinObjectCount: amount > 0n ? 1 : 0, totalBalance: amount.toString(), lockedBalance: {} };
}

/** Every object the source lists is a Walrus blob: a filter either admits all of them or none. */
function filterMatcher(filter: unknown, blobType: string): boolean {
  if (filter === undefined || filter === null) return true;
  if (typeof filter !== 'object') throw new RpcError(-32602, 'invalid filter');
  const f = filter as Record<string, unknown>;
  if ('StructType' in f) return normalizeStructTag(text(f.StructType, 'StructType')) === blobType;
  if ('Package' in f) return normalizeSuiAddress(text(f.Package, 'Package')) === blobType.split('::')[0];
  if ('MoveModule' in f) {
    const m = f.MoveModule as { package?: unknown; module?: unknown };
    return normalizeSuiAddress(text(m.package, 'package')) === blobType.split('::')[0] && m.module === 'blob';
  }
  if ('MatchAll' in f && Array.isArray(f.MatchAll)) return f.MatchAll.every((x) => filterMatcher(x, blobType));
  if ('MatchAny' in f && Array.isArray(f.MatchAny)) return f.MatchAny.some((x) => filterMatcher(x, blobType));
  throw new RpcError(-32602, `unsupported filter ${Object.keys(f).join(', ')} (this local node supports StructType, Package, MoveModule, MatchAll, MatchAny)`);
}

/** A full node leaves out what the options do not ask for. */
function withOptions(data: Record<string, unknown>, options: ObjectDataOptions): Record<string, unknown> {
  const { type, owner, content, ...always } = data;
  return { ...always, ...(options.showType ? { type } : {}), ...(options.showOwner ? { owner } : {}), ...(options.showContent ? { content } : {}) };
}

function dataOptions(value: unknown): ObjectDataOptions {
  return value && typeof value === 'object' ? (value as ObjectDataOptions) : {};
}

function address(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) throw new RpcError(-32602, `invalid ${name}`);
  return normalizeSuiAddress(value);
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || !value) throw new RpcError(-32602, `invalid ${name}`);
  return value;
}

function integer(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new RpcError(-32602, `invalid ${name}`);
  return value;
}
