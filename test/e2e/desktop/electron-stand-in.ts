// Stands in for the `electron` module when the built desktop main runs under plain Node (the Electron
// binary cannot run on test machines): the window, IPC and dialogs record what main does with them, and
// the shell records what it was asked to open; the tray, its menus, notifications, login items and quits
// are recorded too. Everything behind these calls is the real built app.
export interface StandInMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

interface StandInState {
  ready(): void;
  ipcHandler: ((event: unknown, name: string, input: unknown) => Promise<unknown>) | null;
  window: BrowserWindow | null;
  windowsOpened: number;
  pickedPaths: string[];
  opened: string[];
  revealed: string[];
  tray: Tray | null;
  /** Every menu the tray was given, oldest first. */
  trayMenus: StandInMenuItem[][];
  notifications: { title: string; body: string }[];
  loginItems: unknown[];
  quits: number;
  appHandlers: Map<string, ((...args: unknown[]) => void)[]>;
  /** Closes the window as the user would: its 'closed' listeners, then the app's 'window-all-closed'. */
  closeWindow(): void;
}

export const state: StandInState = {
  ready: () => {},
  ipcHandler: null,
  window: null,
  windowsOpened: 0,
  pickedPaths: [],
  opened: [],
  revealed: [],
  tray: null,
  trayMenus: [],
  notifications: [],
  loginItems: [],
  quits: 0,
  appHandlers: new Map(),
  closeWindow() {
    const window = state.window;
    state.window = null;
    for (const listener of window?.listeners.get('closed') ?? []) listener();
    for (const listener of state.appHandlers.get('window-all-closed') ?? []) listener();
  },
};
(globalThis as { electronStandIn?: StandInState }).electronStandIn = state;

const noop = () => {};

export class BrowserWindow {
  readonly webContents = { id: 1, mainFrame: { url: '' }, send: noop, setWindowOpenHandler: noop, on: noop };
  readonly listeners = new Map<string, (() => void)[]>();
  constructor() {
    state.window = this;
    state.windowsOpened++;
  }
  static getFocusedWindow = () => state.window;
  static getAllWindows = () => (state.window ? [state.window] : []);
  on = (name: string, listener: () => void) => void this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  once = noop;
  show = noop;
  focus = noop;
  isDestroyed = () => false;
  async loadURL(url: string) {
    this.webContents.mainFrame.url = url;
  }
}

export const app = {
  requestSingleInstanceLock: () => true,
  quit: () => void state.quits++,
  exit: (code: number) => process.exit(code),
  on: (name: string, listener: (...args: unknown[]) => void) => void state.appHandlers.set(name, [...(state.appHandlers.get(name) ?? []), listener]),
  whenReady: () => new Promise<void>((resolve) => (state.ready = resolve)),
  setLoginItemSettings: (settings: unknown) => void state.loginItems.push(settings),
  getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
};

const image = { resize: () => image, setTemplateImage: noop };
export const nativeImage = { createFromPath: () => image };

export class Tray {
  tooltip = '';
  menu: StandInMenuItem[] = [];
  constructor() {
    state.tray = this;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { items: StandInMenuItem[] }) {
    this.menu = menu.items;
    state.trayMenus.push(menu.items);
  }
  on = noop;
  destroy = noop;
}

export const Menu = { buildFromTemplate: (items: StandInMenuItem[]) => ({ items }) };

export class Notification {
  static isSupported = () => true;
  readonly #options: { title: string; body: string };
  constructor(options: { title: string; body: string }) {
    this.#options = options;
  }
  on = noop;
  show() {
    state.notifications.push(this.#options);
  }
}
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
  removeHandler: (channel: string) => {
    if (channel === 'pdw:request') state.ipcHandler = null;
  },
};
export const safeStorage = { isAsyncEncryptionAvailable: async () => false };
export default { app, BrowserWindow, session, shell, dialog, ipcMain, safeStorage, Tray, Menu, nativeImage, Notification };
