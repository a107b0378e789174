// Worker thread entry: detects and extracts files off the main thread, so parsing a large PDF does not
// freeze IPC, search or progress events. Built as its own entry (see electron.vite.config.ts).
import { detectAndExtract } from './extract.ts';
import { serveExtractions } from './extract-protocol.ts';

serveExtractions(detectAndExtract);
