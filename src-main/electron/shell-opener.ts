// "Open with the default app" on the desktop: Electron's shell.openPath answers with an error message
// (empty on success) instead of throwing; this turns it into a contract error the renderer can show.
import { basename } from 'node:path';
import { AppError } from '../../src-shared/contract/define.ts';

export function shellOpener(openPath: (path: string) => Promise<string>): (path: string) => Promise<void> {
  return async (path) => {
    const failure = await openPath(path);
    if (failure) throw new AppError('unsupported', `The system could not open ${basename(path)}: ${failure}`);
  };
}
