// What the browser hands us when files are chosen — picked files, a picked folder, dropped files and folders — with
// each file's path relative to what was chosen.
import type { ChosenFile } from './upload-plan.ts';

/** The files of an `<input type=file>`; with `webkitdirectory` each carries its path inside the picked folder. */
export function chosenFromInput(files: Iterable<File>): ChosenFile[] {
  return [...files].map((file) => ({ file, path: file.webkitRelativePath || file.name, fromFolder: file.webkitRelativePath !== '' }));
}

/** Dropped files and whole folder trees. The drop's items are only readable during the event: call this there. */
export function chosenFromDrop(data: DataTransfer): Promise<ChosenFile[]> {
  const items = [...data.items].filter((item) => item.kind === 'file').map((item) => ({ entry: item.webkitGetAsEntry(), file: item.getAsFile() }));
  return (async () => {
    const chosen: ChosenFile[] = [];
    for (const { entry, file } of items) {
      if (entry?.isDirectory) await readTree(entry as FileSystemDirectoryEntry, chosen);
      else if (file) chosen.push({ file, path: file.name, fromFolder: false });
    }
    return chosen;
  })();
}

async function readTree(dir: FileSystemDirectoryEntry, into: ChosenFile[]): Promise<void> {
  const reader = dir.createReader();
  // Chromium hands out at most 100 entries per readEntries call: read until it returns none.
  for (let entries = await readEntries(reader); entries.length; entries = await readEntries(reader)) {
    for (const entry of entries) {
      if (entry.isDirectory) await readTree(entry as FileSystemDirectoryEntry, into);
      else if (entry.isFile) {
        const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
        into.push({ file, path: entry.fullPath.replace(/^\/+/, ''), fromFolder: true });
      }
    }
  }
}

const readEntries = (reader: FileSystemDirectoryReader) => new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
