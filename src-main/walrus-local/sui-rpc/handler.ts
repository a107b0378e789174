// A JSON-RPC 2.0 endpoint (POST /, single calls and batches) answering the Sui methods PDW uses from
// an injected source. Mount it on any node HTTP server, e.g. beside the local Walrus server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WALRUS_PACKAGE_IDS, WALRUS_STAKING_OBJECT_IDS } from '../../wallet/chain-config.ts';
import { createMethods, RpcError, type SuiLocalOptions } from './methods.ts';
import type { SuiLocalSource } from './source.ts';

const MAX_BODY = 1024 * 1024;
/** Sui testnet's chain identifier. */
const TESTNET_CHAIN_ID = '4c78adac';

export type SuiRpcHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createSuiRpcHandler(source: SuiLocalSource, options: Partial<SuiLocalOptions> = {}): SuiRpcHandler {
  const methods = createMethods(source, {
    walrusPackageId: options.walrusPackageId ?? WALRUS_PACKAGE_IDS.testnet,
    stakingObjectId: options.stakingObjectId ?? WALRUS_STAKING_OBJECT_IDS.testnet,
    chainIdentifier: options.chainIdentifier ?? TESTNET_CHAIN_ID,
    referenceGasPrice: options.referenceGasPrice ?? 1000n,
  });
  const answer = (call: unknown) => {
    const id = isObject(call) && (typeof call.id === 'number' || typeof call.id === 'string') ? call.id : null;
    if (!isObject(call) || call.jsonrpc !== '2.0' || typeof call.method !== 'string') return failure(id, -32600, 'Invalid Request');
    const method = methods[call.method];
    if (!method) return failure(id, -32601, `Method not found: ${call.method}`);
    const params = call.params === undefined ? [] : call.params;
    if (!Array.isArray(params)) return failure(id, -32602, 'this node takes positional params');
    try {
      return { jsonrpc: '2.0', id, result: method(params) };
    } catch (error) {
      if (error instanceof RpcError) return failure(id, error.code, error.message);
      return failure(id, -32603, error instanceof Error ? error.message : String(error));
    }
  };

  return (req, res) => {
    if (req.method !== 'POST') return send(res, 405, failure(null, -32600, 'Use POST with a JSON-RPC body'));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        send(res, 413, failure(null, -32600, 'Request too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(res, 200, failure(null, -32700, 'Parse error'));
      }
      if (Array.isArray(body)) {
        if (!body.length) return send(res, 200, failure(null, -32600, 'Empty batch'));
        return send(res, 200, body.map(answer));
      }
      send(res, 200, answer(body));
    });
  };
}

function failure(id: number | string | null, code: number, message: string) {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
