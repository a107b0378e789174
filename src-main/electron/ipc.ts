// The desktop transport of the contract: one IPC channel for requests, one for events. Requests are
// accepted only from our own window's main frame.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../../src-shared/channels.ts';
import type { PdwApp } from '../app.ts';
import { isTrustedSender } from './window-options.ts';

export function connectIpc(app: PdwApp, window: BrowserWindow, rendererUrl: string): () => void {
  const trusted = (event: IpcMainInvokeEvent) =>
    isTrustedSender(
      {
        webContentsId: event.sender.id,
        isMainFrame: event.senderFrame !== null && event.senderFrame === window.webContents.mainFrame,
        frameUrl: event.senderFrame?.url ?? null,
      },
      window.webContents.id,
      rendererUrl,
    );

  ipcMain.handle(IPC_REQUEST_CHANNEL, (event, name: unknown, input: unknown) => {
    if (!trusted(event)) return { ok: false, error: { code: 'unauthorized', message: 'Requests are accepted only from the PDW window.' } };
    return app.dispatch(name, input, { transport: 'ipc' });
  });
  const unsubscribe = app.events.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event.name, event.payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_REQUEST_CHANNEL);
  };
}
