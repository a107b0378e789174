// Stands in for the `electron` module when the built desktop main runs under plain Node (the Electron
// binary cannot run on test machines): the window, IPC and dialogs record what main does with them, and
// the shell records what it was asked to open. Everything behind these calls is the real built app.
interface StandInState {
  ready(): void;
  ipcHandler: ((event: unknown, name: string, input: unknown) => Promise<unknown>) | null;
  window: BrowserWindow | null;
  pickedPaths: string[];
  opened: string[];
  revealed: string[];
}

export const state: StandInState = { ready: () => {}, ipcHandler: null, window: null, pickedPaths: [], opened: [], revealed: [] };
(globalThis as { electronStandIn?: StandInState }).electronStandIn = state;

const noop = () => {};

export class BrowserWindow {
  readonly webContents = { id: 1, mainFrame: { url: '' }, send: noop, setWindowOpenHandler: noop, on: noop };
  constructor() {
    state.window = this;
  }
  static getFocusedWindow = () => state.window;
  static getAllWindows = () => (state.window ? [state.window] : []);
  on = noop;
  once = noop;
  show = noop;
  isDestroyed = () => false;
  async loadURL(url: string) {
    this.webContents.mainFrame.url = url;
  }
}

export const app = {
  requestSingleInstanceLock: () => true,
  quit: noop,
  exit: (code: number) => process.exit(code),
  on: noop,
  whenReady: () => new Promise<void>((resolve) => (state.ready = resolve)),
};
export const session = { defaultSession: { webRequest: { onHeadersReceived: noop }, setPermissionRequestHandler: noop } };
export const shell = {
  openPath: async (path: string) => (state.opened.push(path), ''),
  showItemInFolder: (path: string) => void state.revealed.push(path),
  openExternal: async () => {},
};
export const dialog = {
  showOpenDialog: async () => ({ canceled: false, filePaths: state.pickedPaths }),
  showErrorBox: (title: string, message: string) => console.error(`${title}: ${message}`),
};
export const ipcMain = {
  handle: (channel: string, handler: StandInState['ipcHandler']) => {
    if (channel === 'pdw:request') state.ipcHandler = handler;
  },
  removeHandler: noop,
};
export const safeStorage = { isAsyncEncryptionAvailable: async () => false };
export default { app, BrowserWindow, session, shell, dialog, ipcMain, safeStorage };
