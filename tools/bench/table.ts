// The shape every benchmark returns, and how `npm run bench` prints it.
export interface BenchTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes?: string[];
}

export type Benchmark = () => Promise<BenchTable[]>;

export function formatTable(table: BenchTable): string {
  const cells = [table.columns, ...table.rows.map((row) => row.map(formatCell))];
  const widths = table.columns.map((_, c) => Math.max(...cells.map((row) => String(row[c] ?? '').length)));
  const line = (row: (string | number)[]) => '| ' + row.map((cell, c) => String(cell ?? '').padEnd(widths[c] ?? 0)).join(' | ') + ' |';
  const rule = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
  const out = [`## ${table.title}`, '', line(cells[0] ?? []), rule, ...cells.slice(1).map(line)];
  if (table.notes?.length) out.push('', ...table.notes.map((n) => `- ${n}`));
  return out.join('\n');
}

function formatCell(value: string | number): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
