// Files chosen with the desktop app's native dialog: main picks the paths itself, so the renderer
// never sends a raw path (the web host has no native dialog and uploads content instead).
import { z } from 'zod';
import { defineRequest } from './define.ts';

export const pickerRequests = {
  'library.pickAndIngest': defineRequest(
    'Open the native file or folder dialog and ingest what the user chose; jobId is null when they cancelled.',
    z.object({ kind: z.enum(['files', 'folder']) }).strict(),
    z.object({ jobId: z.string().nullable() }),
  ),
};
