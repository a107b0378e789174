// Opening a document's original file, as this host can (app.info capabilities): with the system's
// default app on the desktop, as a download from the web host, or not at all.
import { api } from '../../api/client.ts';
import { useAppStore } from '../../stores/app.ts';
import { useUiStore } from '../../stores/ui.ts';

export interface OpenFileAction {
  /** The verb shown on buttons and in the key hints. */
  verb: 'Open' | 'Download';
  run(documentId: number): void;
}

export function useOpenFile(): OpenFileAction | null {
  const via = useAppStore((s) => s.info?.capabilities.openDocument ?? null);
  if (!via) return null;
  return {
    verb: via === 'shell' ? 'Open' : 'Download',
    run: (documentId) =>
      void api.openDocument(documentId).then(
        (opened) => {
          if (opened.via === 'shell' && opened.shown === 'folder') {
            useUiStore.getState().pushToast({
              kind: 'info',
              title: 'Shown in its folder',
              message: 'A file of this type could run as a program, so PDW shows it in its folder instead of opening it.',
            });
          }
        },
        () => {}, // failures reach the error toast through the API's failure listeners
      ),
  };
}
