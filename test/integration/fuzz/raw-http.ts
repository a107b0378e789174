// One raw HTTP request for the fuzzers: node:http sends the path exactly as given (fetch would normalise
// it), and a reset, a dropped connection or a hang rejects instead of passing for an answer.
import { request } from 'node:http';
import fc from 'fast-check';

export interface RawAnswer {
  status: number;
  text: string;
}

export function sendRaw(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: Uint8Array): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Request targets a client could send: printable Latin-1 (what a request line may carry) and path pieces. */
export function rawPath(pieces: string[]): fc.Arbitrary<string> {
  const char = fc.oneof(fc.constantFrom('/', '//', '%', '%2f', '%00', '..', '?', '#', '.', '=', '&', '\\', ...pieces), fc.integer({ min: 0x21, max: 0xff }).map((c) => String.fromCharCode(c)));
  return fc.array(char, { maxLength: 40 }).map((cs) => `/${cs.join('')}`);
}
