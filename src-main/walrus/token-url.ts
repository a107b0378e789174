// Tokens handed out by the publisher's operator instead of minted here: how an authenticated publisher run by
// someone else is used without its secret. Walrus does not specify this channel; PDW asks for one token per
// store attempt with `POST <url>` and a JSON body of the claims it needs (`epochs`, `send_object_to`, `size`),
// and takes the token from a JSON `{"token": "…"}` answer or a plain-text one.
import { request } from 'undici';
import { z } from 'zod';
import { WalrusAuthError, WalrusNetworkError } from './errors.ts';
import type { StoreClaims, TokenSource } from './publisher-auth.ts';

const tokenAnswer = z.union([z.object({ token: z.string().min(1) }), z.string().regex(/^[\w-]+\.[\w-]+\.[\w-]+$/)]);

export class TokenUrl implements TokenSource {
  readonly #url: string;
  readonly #timeoutMs: number;

  constructor(url: string, timeoutMs: number) {
    this.#url = url;
    this.#timeoutMs = timeoutMs;
  }

  async mint(claims: StoreClaims): Promise<string> {
    const body = JSON.stringify({ epochs: claims.epochs, ...(claims.sendObjectTo ? { send_object_to: claims.sendObjectTo } : {}), ...(claims.size !== undefined ? { size: claims.size } : {}) });
    const context = { host: 'publisher' as const, request: 'POST token URL' };
    let response;
    try {
      response = await request(this.#url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, headersTimeout: this.#timeoutMs, bodyTimeout: this.#timeoutMs });
    } catch (error) {
      throw new WalrusNetworkError(`the publisher token URL ${this.#url} did not answer (${(error as Error).message}): check WALRUS_PUBLISHER_TOKEN_URL`, (error as { code?: string }).code, { ...context, cause: error });
    }
    const text = (await response.body.text()).trim();
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new WalrusAuthError(`the publisher token URL refused a token (${response.statusCode}: ${text.slice(0, 200)}): ask its operator for access, or check WALRUS_PUBLISHER_TOKEN_URL`, response.statusCode, undefined, text, context);
    }
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // a plain-text token
    }
    const answer = tokenAnswer.safeParse(parsed);
    if (!answer.success) throw new WalrusAuthError(`the publisher token URL answered without a token (expected {"token": "…"} or a JWT)`, response.statusCode, undefined, text, context);
    return typeof answer.data === 'string' ? answer.data : answer.data.token;
  }
}
