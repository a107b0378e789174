// How the renderer reaches main: the preload's bridge in the desktop app, or HTTP + WebSocket when
// the web host serves the same UI. Both deliver the same contract Results and events.
import type { BridgeClient } from '../../src-shared/channels.ts';
import type { AppErrorShape } from '../../src-shared/contract/define.ts';

declare global {
  interface Window {
    pdw?: BridgeClient;
  }
}

const TOKEN_KEY = 'pdw.token';

export function createTransport(): BridgeClient {
  if (window.pdw) return window.pdw;
  return createWebTransport(takeToken());
}

/** The web host hands the token in the URL; keep it for this tab and remove it from the address bar. */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/**
 * Web host only: fetches a file the host serves under /api (a document's original file) with this tab's
 * token in a header, never in a URL, and hands it to the browser as a download under `fileName`.
 */
export async function downloadFromHost(url: string, fileName: string): Promise<{ ok: true } | { ok: false; error: AppErrorShape }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ''}` } });
  } catch (error) {
    return { ok: false, error: { code: 'unavailable', message: `The PDW host cannot be reached (${(error as Error).message}).` } };
  }
  if (!response.ok) {
    const reply = (await response.json().catch(() => null)) as { error?: AppErrorShape } | null;
    return { ok: false, error: reply?.error ?? { code: 'internal', message: `The PDW host answered ${response.status}.` } };
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = fileName;
  link.click();
  // The browser has taken the file once the click is handled; the object URL can go afterwards.
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  return { ok: true };
}

function createWebTransport(token: string): BridgeClient {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let socket: WebSocket | undefined;
  let retryMs = 500;

  const connect = () => {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${window.location.host}/api/events?token=${encodeURIComponent(token)}`);
    socket.onopen = () => (retryMs = 500);
    socket.onmessage = (message) => {
      try {
        const event = JSON.parse(String(message.data)) as { name: string; payload: unknown };
        for (const listener of listeners) listener(event.name, event.payload);
      } catch {
        // a frame we cannot read is ignored; the next ones still arrive
      }
    };
    socket.onclose = () => {
      socket = undefined;
      if (listeners.size) setTimeout(connect, (retryMs = Math.min(retryMs * 2, 10_000)));
    };
  };

  return {
    async request(name, input) {
      let response: Response;
      try {
        response = await fetch(`/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        });
      } catch (error) {
        return { ok: false, error: { code: 'unavailable', message: `The PDW host cannot be reached (${(error as Error).message}).` } };
      }
      try {
        return await response.json();
      } catch {
        return { ok: false, error: { code: 'internal', message: `The PDW host answered ${response.status} without a readable reply.` } };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (!listeners.size) socket?.close();
      };
    },
  };
}
