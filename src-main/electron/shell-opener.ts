// The desktop's way of showing a document's file: Electron's shell opens it with the default app, or
// shows it in its folder. shell.openPath answers with an error message (empty on success) instead of
// throwing; this turns it into a contract error the renderer can show.
import { basename } from 'node:path';
import { AppError } from '../../src-shared/contract/define.ts';

export interface ShellFileActions {
  /** Electron's shell.openPath. */
  openPath(path: string): Promise<string>;
  /** Electron's shell.showItemInFolder. */
  showItemInFolder(path: string): void;
}

export function shellOpener(shell: ShellFileActions): { open(path: string): Promise<void>; reveal(path: string): Promise<void> } {
  return {
    async open(path) {
      const failure = await shell.openPath(path);
      if (failure) throw new AppError('unsupported', `The system could not open ${basename(path)}: ${failure}`);
    },
    async reveal(path) {
      shell.showItemInFolder(path);
    },
  };
}
