// The GNU manuals Debian installs as Info files (/usr/share/info: coreutils, grep, sed, find, gettext, gnupg,
// wget, ...). Each node is a document; its section heading ("2.3 Selecting lines by numbers" → "Selecting
// lines by numbers") is the query, cut from the node together with the node's navigation line (which
// names it and its neighbours) and its menu (which repeats its children's headings). Documents are named
// by manual and position, never by their node names, which often repeat the heading. Held out: nothing in
// search is tuned on it. The Python manual is left out (the Python library reference is a corpus already).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { deterministicOrder, sample, wordCount, type Corpus } from './corpus.ts';
import type { KnownItem } from './known-item.ts';

const INFO_DIR = '/usr/share/info';
const MIN_BODY = 400;
/** A heading line is underlined by a line of one of these characters as long as it. */
const UNDERLINE = /^([*=\-.])\1*$/;
const SECTION_NUMBER = /^(?:Appendix\s+)?(?:\d+|[A-Z])(?:\.\d+)*\.?\s+/;

export function infoManuals(limit: number): Corpus {
  return {
    id: 'GNU Info manuals',
    describe: `${INFO_DIR} nodes, query = the node's section heading (number cut)`,
    install: 'coreutils grep sed findutils gettext gnupg wget diffutils (their Info manuals)',
    async load() {
      const files = (await readdir(INFO_DIR).catch(() => [] as string[])).filter((f) => /\.info(-\d+)?\.gz$/.test(f) && !f.startsWith('python'));
      if (!files.length) return { missing: `no Info manuals in ${INFO_DIR}` };
      const items: KnownItem[] = [];
      for (const file of files.sort()) {
        const nodes = gunzipSync(await readFile(join(INFO_DIR, file))).toString('utf8').split('\x1f\n');
        nodes.forEach((node, i) => {
          const item = nodeItem(`${file.replace(/\.info(-\d+)?\.gz$/, '$1')}-${i}`, node);
          if (item) items.push(item);
        });
      }
      return sample(deterministicOrder(items, (i) => i.name), limit);
    },
  };
}

function nodeItem(name: string, node: string): KnownItem | null {
  if (!node.startsWith('File: ')) return null;
  const lines = node.split('\n').slice(1); // the navigation line
  const underline = lines.findIndex((line, i) => i > 0 && UNDERLINE.test(line) && line.length === (lines[i - 1] ?? '').length);
  if (underline < 1 || lines.slice(0, underline - 1).some((line) => line.trim())) return null;
  const query = (lines[underline - 1] ?? '').replace(SECTION_NUMBER, '').trim();
  let body = lines.slice(underline + 1).join('\n');
  const menu = body.indexOf('\n* Menu:');
  if (menu >= 0) body = body.slice(0, menu);
  body = body.trim();
  if (wordCount(query) < 3 || body.length < MIN_BODY) return null;
  return { name, query, body };
}
