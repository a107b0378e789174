// The preload: exposes exactly one typed client on `window.pdw` — a request function and an event
// subscription over two IPC channels. No Node API, no validation logic here (main validates).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL, type BridgeClient } from '../src-shared/channels.ts';

const client: BridgeClient = {
  request: (name, input) => ipcRenderer.invoke(IPC_REQUEST_CHANNEL, String(name), input),
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('pdw', client);
