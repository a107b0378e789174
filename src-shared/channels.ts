// The IPC channels of the desktop app: one for requests, one for events. Kept free of imports so the
// sandboxed preload can use it.
export const IPC_REQUEST_CHANNEL = 'pdw:request';
export const IPC_EVENT_CHANNEL = 'pdw:event';

/** The client the preload exposes on `window.pdw` and the web transport imitates. */
export interface BridgeClient {
  request(name: string, input: unknown): Promise<unknown>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}
