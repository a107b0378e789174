// Paths as the user knows them: in the browser, files live on the server under its uploads folder, and are shown
// by the names the user chose (app.info's uploadsDir; the rule itself is src-shared's shownPath).
import { useCallback } from 'react';
import { shownPath } from '../../src-shared/upload-names.ts';
import { useAppStore } from '../stores/app.ts';

export function useShownPath(): (path: string) => string {
  const uploadsDir = useAppStore((s) => s.info?.uploadsDir);
  return useCallback((path: string) => shownPath(path, uploadsDir), [uploadsDir]);
}
