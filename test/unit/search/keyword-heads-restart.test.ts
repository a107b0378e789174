// The keyword heads after a restart: what their update needs (the removed chunks' words) is kept in the catalog
// with the change, so catching up costs the change, not the library; and a crash between a change and the heads'
// update, or in the middle of it, leaves heads that are known stale until they caught up — then the same, bit for
// bit, as heads built afresh.
import { execFile } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { KeywordHeads } from '../../../src-main/search/keyword-heads.ts';
import { addNote, everyHead, fillNotes, NOTE_HEADS, sameWordsMore, withCatalog } from '../../fixtures/search/heads-notes.ts';

const noPause = () => Promise.resolve();
const CHANGE_THEN_DIE = fileURLToPath(new URL('../../fixtures/search/change-then-die.ts', import.meta.url));

/**
 * A note with "backups" whose chunk is not in backup's stored head, and a rewrite of it with the same words and
 * more "backups": the head is merged with a chunk that enters it, every term keeps its count.
 */
function noteToRewrite(catalog: Catalog, heads: KeywordHeads): { path: string; text: string } {
  const inHead = new Set(heads.ranking('backup', 120)?.ids);
  for (let i = 2; i < 400; i += 3) {
    const path = `/n/${i}.txt`;
    const [chunk] = catalog.chunksOf(catalog.documentByPath(path)?.id ?? -1);
    if (chunk?.text.includes('backups') && !inHead.has(chunk.id)) return { path, text: sameWordsMore(chunk.text, 'backups') };
  }
  throw new Error('no note with "backups" outside its head');
}

/** A catalog of notes with heads built, and a note rewritten since: the heads are not current for it. */
async function changedSinceHeads(catalog: Catalog): Promise<{ path: string; text: string }> {
  fillNotes(catalog);
  const heads = new KeywordHeads(catalog, NOTE_HEADS);
  expect(await heads.refresh(noPause)).toBe('built');
  return noteToRewrite(catalog, heads);
}

/** Every head as a full build gives it now. */
async function builtAfresh(catalog: Catalog): Promise<ReturnType<typeof everyHead>> {
  catalog.setState('keyword_heads_generation', '');
  catalog.setState('keyword_heads_basis', '');
  expect(await new KeywordHeads(catalog, NOTE_HEADS).refresh(noPause)).toBe('built');
  return everyHead(catalog);
}

async function reopened<T>(file: string, fn: (catalog: Catalog, heads: KeywordHeads) => Promise<T>): Promise<T> {
  const catalog = Catalog.open(file);
  try {
    return await fn(catalog, new KeywordHeads(catalog, NOTE_HEADS));
  } finally {
    catalog.close();
  }
}

describe('keyword heads after a restart', () => {
  it('catch up from the removed chunks the catalog kept, not by checking every head', async () => {
    await withCatalog(async (first, file) => {
      const note = await changedSinceHeads(first);
      addNote(first, note.path, note.text);
      first.close(); // before the heads caught up
      await reopened(file, async (catalog, heads) => {
        expect(heads.isCurrent()).toBe(false);
        const checkedEvery = vi.spyOn(catalog.keywordHeads, 'storedTerms');
        expect(await heads.refresh(noPause)).toBe('updated');
        expect(checkedEvery).not.toHaveBeenCalled();
        expect(catalog.db.prepare('SELECT count(*) FROM removed_chunks').pluck().get()).toBe(0); // let go once caught up
        expect(everyHead(catalog)).toEqual(await builtAfresh(catalog));
      });
    });
  });

  it('catch up from the log when a chunk added since they were current was removed again (a note changed twice)', async () => {
    await withCatalog(async (catalog) => {
      const note = await changedSinceHeads(catalog);
      addNote(catalog, note.path, note.text);
      addNote(catalog, note.path, `${note.text} `);
      const checkedEvery = vi.spyOn(catalog.keywordHeads, 'storedTerms');
      expect(await new KeywordHeads(catalog, NOTE_HEADS).refresh(noPause)).toBe('updated');
      expect(checkedEvery).not.toHaveBeenCalled();
      expect(everyHead(catalog)).toEqual(await builtAfresh(catalog));
    });
  });

  it('are known stale after a crash between a change and their update, then caught up as built afresh', async () => {
    await withCatalog(async (first, file) => {
      const note = await changedSinceHeads(first);
      const before = everyHead(first);
      first.close();
      const crashed = promisify(execFile)(process.execPath, [CHANGE_THEN_DIE, file, note.path, note.text], { timeout: 60_000 });
      await expect(crashed).rejects.toMatchObject({ signal: 'SIGKILL' });
      await reopened(file, async (catalog, heads) => {
        expect(catalog.chunksOf(catalog.documentByPath(note.path)?.id ?? -1).map((c) => c.text)).toEqual([note.text]);
        expect(heads.isCurrent()).toBe(false);
        expect(heads.ranking('backup', 120)).toBeNull(); // searches ask FTS5 meanwhile
        expect(everyHead(catalog)).toEqual(before);
        const checkedEvery = vi.spyOn(catalog.keywordHeads, 'storedTerms');
        expect(await heads.refresh(noPause)).toBe('updated');
        expect(checkedEvery).not.toHaveBeenCalled();
        expect(everyHead(catalog)).toEqual(await builtAfresh(catalog));
      });
    });
  });

  it('cut short at any step of their update, changed again or not, then started over after a restart, end as built afresh', async () => {
    await withCatalog(async (first, file) => {
      const note = await changedSinceHeads(first);
      addNote(first, note.path, note.text);
      first.close();
      const changed = `${file}.changed`;
      await copyFile(file, changed);
      let steps = 0;
      await reopened(file, async (catalog, heads) => {
        expect(await heads.refresh(async () => void steps++)).toBe('updated');
        expect(everyHead(catalog)).toEqual(await builtAfresh(catalog));
      });
      expect(steps).toBeGreaterThan(3);
      for (let cut = 1; cut < steps; cut++) {
        for (const changedAgain of [false, true]) {
          await copyFile(changed, file);
          await reopened(file, async (catalog, heads) => {
            const closing = new AbortController();
            let step = 0;
            const pause = async () => void (++step === cut && closing.abort());
            await expect(heads.refresh(pause, closing.signal)).rejects.toThrow();
            // The chunk the cut update may have put in heads is removed again.
            if (changedAgain) addNote(catalog, note.path, `${note.text} `);
          });
          await reopened(file, async (catalog, heads) => {
            expect(heads.isCurrent()).toBe(false);
            expect(await heads.refresh(noPause)).toBe('updated');
            const updated = everyHead(catalog);
            expect({ cut, changedAgain, heads: updated }).toEqual({ cut, changedAgain, heads: await builtAfresh(catalog) });
          });
        }
      }
    });
  });
});
