// Descriptions of the Debian packages installed on this machine (/var/lib/dpkg/status): short technical
// prose written by thousands of maintainers. Query: the package's one-line synopsis; document: its long
// description. Packages sharing a long description (a library and its -dev) keep only the first, so a
// query names one document.
import { readFile } from 'node:fs/promises';
import { deterministicOrder, sample, wordCount, type Corpus } from './corpus.ts';
import type { KnownItem } from './known-item.ts';

const STATUS = '/var/lib/dpkg/status';
const MIN_BODY = 200;

export function debianPackages(limit: number): Corpus {
  return {
    id: 'Debian package descriptions',
    describe: `${STATUS} (installed packages), query = the synopsis line`,
    install: '(the packages installed on the machine)',
    async load() {
      const status = await readFile(STATUS, 'utf8').catch(() => null);
      if (!status) return { missing: `${STATUS} not readable` };
      const bodies = new Set<string>();
      const items = status.split(/\n\n+/).map(packageItem).filter((item): item is KnownItem => {
        if (!item || bodies.has(item.body)) return false;
        bodies.add(item.body);
        return true;
      });
      return sample(deterministicOrder(items, (i) => i.name), limit);
    },
  };
}

function packageItem(stanza: string): KnownItem | null {
  const name = /^Package: (\S+)/m.exec(stanza)?.[1];
  const description = /^Description: (.*)\n((?: .*\n?)*)/m.exec(stanza);
  if (!name || !description) return null;
  const query = (description[1] ?? '').trim();
  const body = (description[2] ?? '')
    .split('\n')
    .map((line) => (line.trim() === '.' ? '' : line.slice(1)))
    .join('\n')
    .trim();
  if (wordCount(query) < 3 || body.length < MIN_BODY) return null;
  return { name, query, body };
}
