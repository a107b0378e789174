// Checks the imports of the whole tree against the dependency order (dependency-order.ts): no import
// cycles between files, no domain importing a later one or a peer, the narrower boundaries, a domain
// reached only through its facade (index.ts) or a narrow interface, and no production code importing
// tools/ or test/. Imports are read with the TypeScript compiler's own scanner
// (ts.preProcessFile), so `import type`, `export … from` and `import()` all count: a cycle through types
// only is still a cycle. Runs as the ESLint rule `pdw/dependency-order` (eslint.config.js).
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import type { Rule } from 'eslint';
import { BOUNDARIES, DEVELOPMENT_TREES, domainOf, LAYERS, NARROW_INTERFACES, PRODUCTION_TREES } from './dependency-order.ts';

export interface ImportEdge {
  /** Project-relative path of the imported file. */
  target: string;
  /** Offsets of the module specifier in the importing file. */
  pos: number;
  end: number;
}

export interface Violation {
  /** Project-relative path of the importing file. */
  file: string;
  pos: number;
  end: number;
  kind: 'cycle' | 'order' | 'boundary' | 'facade' | 'development-import' | 'unplaced';
  message: string;
}

const SOURCE_FILE = /\.(ts|tsx|js|mjs)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'out', 'dist', 'coverage', 'test-results', 'playwright-report']);

const posix = (path: string): string => path.split(sep).join('/');

/** Every source file under the trees, project-relative. */
export function sourceFiles(root: string, trees = [...PRODUCTION_TREES, ...DEVELOPMENT_TREES]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (!SKIPPED_FOLDERS.has(name)) walk(path);
      } else if (SOURCE_FILE.test(name)) files.push(posix(relative(root, path)));
    }
  };
  for (const tree of trees) if (existsSync(join(root, tree))) walk(join(root, tree));
  return files.sort();
}

/** The project files `text` (the file at project-relative `file`) imports; packages are left out. */
export function importsOf(root: string, file: string, text: string): ImportEdge[] {
  const info = ts.preProcessFile(text, true, true);
  const edges: ImportEdge[] = [];
  for (const ref of info.importedFiles) {
    if (!ref.fileName.startsWith('.')) continue;
    const target = resolveImport(resolve(root, dirname(file), ref.fileName));
    if (target) edges.push({ target: posix(relative(root, target)), pos: ref.pos, end: ref.end });
  }
  return edges;
}

function resolveImport(path: string): string | undefined {
  for (const candidate of [path, `${path}.ts`, `${path}.tsx`, join(path, 'index.ts'), path.replace(/\.js$/, '.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

export type ImportGraph = Map<string, ImportEdge[]>;

export function readGraph(root: string, files = sourceFiles(root)): ImportGraph {
  return new Map(files.map((file) => [file, importsOf(root, file, readFileSync(join(root, file), 'utf8'))]));
}

const layerOf = new Map(LAYERS.flatMap((domains, layer) => domains.map((domain) => [domain, layer] as const)));
const isProduction = (path: string): boolean => PRODUCTION_TREES.some((tree) => path.startsWith(`${tree}/`));
const isDevelopment = (path: string): boolean => DEVELOPMENT_TREES.some((tree) => path.startsWith(`${tree}/`));

/** Every violation in the graph, in file order. */
export function findViolations(graph: ImportGraph): Violation[] {
  const violations: Violation[] = [];
  for (const [file, edges] of graph) {
    if (!isProduction(file)) continue;
    const from = domainOf(file);
    if (from !== undefined && !layerOf.has(from)) {
      violations.push({ file, pos: 0, end: 0, kind: 'unplaced', message: `${from} is not in the dependency order: place it in a layer of tools/lint/dependency-order.ts.` });
      continue;
    }
    for (const edge of edges) {
      const problem = edgeProblem(file, from, edge.target);
      if (problem) violations.push({ file, pos: edge.pos, end: edge.end, ...problem });
    }
  }
  violations.push(...cycleViolations(graph));
  return violations.sort((a, b) => a.file.localeCompare(b.file) || a.pos - b.pos);
}

function edgeProblem(file: string, from: string | undefined, target: string): Pick<Violation, 'kind' | 'message'> | undefined {
  if (isDevelopment(target)) return { kind: 'development-import', message: `Production code never imports ${target.split('/')[0]}/ (${target}): move what it needs into the source tree.` };
  const to = domainOf(target);
  if (from === undefined || to === undefined || from === to) return undefined;
  const boundary = BOUNDARIES[from];
  const local = target.replace(/^src-main\//, '');
  if (boundary && !boundary.imports.some((allowed) => allowed === to || allowed === local)) {
    return { kind: 'boundary', message: `${from} may import only ${boundary.imports.join(', ')}; not ${target}.` };
  }
  const guarded = BOUNDARIES[to];
  if (guarded && !guarded.importedBy.includes(from)) {
    return { kind: 'boundary', message: `${to} is imported only by ${guarded.importedBy.join(', ')}; not by ${from} (${file}).` };
  }
  const fromLayer = layerOf.get(from);
  const toLayer = layerOf.get(to);
  if (fromLayer !== undefined && toLayer !== undefined && toLayer >= fromLayer) {
    const why = toLayer === fromLayer ? 'a peer in the same layer' : 'a later layer';
    return { kind: 'order', message: `${from} must not import ${to} (${why}; see tools/lint/dependency-order.ts): move the shared part down or pass it in through a narrow interface.` };
  }
  const internal = internalFile(to, local);
  if (internal !== undefined && !boundary?.imports.includes(local) && !NARROW_INTERFACES[to]?.includes(internal)) {
    return { kind: 'facade', message: `${target} is internal to ${to}: import its facade (src-main/${to}/index.ts) or a narrow interface it lists in NARROW_INTERFACES (tools/lint/dependency-order.ts).` };
  }
  return undefined;
}

/** The path of `local` (relative to src-main) inside the folder of `domain`, unless it is the facade or not in that folder. */
function internalFile(domain: string, local: string): string | undefined {
  if (!local.startsWith(`${domain}/`)) return undefined;
  const inside = local.slice(domain.length + 1);
  return inside === 'index.ts' ? undefined : inside;
}

/** One violation per import that closes a cycle: an edge between two files of the same strongly connected component. */
function cycleViolations(graph: ImportGraph): Violation[] {
  const component = stronglyConnected(graph);
  const violations: Violation[] = [];
  for (const [file, edges] of graph) {
    for (const edge of edges) {
      const id = component.get(file);
      if (id === undefined || component.get(edge.target) !== id) continue;
      const path = shortestPath(graph, edge.target, file, (f) => component.get(f) === id);
      violations.push({ file, pos: edge.pos, end: edge.end, kind: 'cycle', message: `Import cycle: ${[file, ...path].join(' → ')}.` });
    }
  }
  return violations;
}

/** Component id of every file in a cycle (Tarjan's algorithm, iterative). */
function stronglyConnected(graph: ImportGraph): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const component = new Map<string, number>();
  let next = 0;
  let components = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { file: string; edge: number }[] = [{ file: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.file) ?? [];
      if (frame.edge < edges.length) {
        const target = edges[frame.edge++]!.target;
        if (!graph.has(target)) continue;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ file: target, edge: 0 });
        } else if (onStack.has(target)) low.set(frame.file, Math.min(low.get(frame.file)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.file, Math.min(low.get(parent.file)!, low.get(frame.file)!));
      if (low.get(frame.file) !== index.get(frame.file)) continue;
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== frame.file);
      const selfImport = (graph.get(frame.file) ?? []).some((e) => e.target === frame.file);
      if (members.length > 1 || selfImport) {
        for (const m of members) component.set(m, components);
        components++;
      }
    }
  }
  return component;
}

/** Files from `from` to `to` (both included), breadth first, through files that `within` admits. */
function shortestPath(graph: ImportGraph, from: string, to: string, within: (file: string) => boolean): string[] {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const file = queue.shift()!;
    if (file === to) break;
    for (const { target } of graph.get(file) ?? []) {
      if (previous.has(target) || !within(target)) continue;
      previous.set(target, file);
      queue.push(target);
    }
  }
  const path: string[] = [];
  for (let file: string | null | undefined = to; file; file = previous.get(file)) path.unshift(file);
  return path;
}

/** The graph and its violations, kept for one ESLint run; read again when a linted file differs from what was read. */
let cached: { root: string; texts: Map<string, string>; byFile: Map<string, Violation[]> } | undefined;

function violationsFor(root: string, file: string, text: string): Violation[] {
  if (!cached || cached.root !== root || (cached.texts.has(file) && cached.texts.get(file) !== text)) {
    const texts = new Map(sourceFiles(root).map((f) => [f, readFileSync(join(root, f), 'utf8')]));
    texts.set(file, text);
    const graph: ImportGraph = new Map([...texts].map(([f, t]) => [f, importsOf(root, f, t)]));
    const byFile = new Map<string, Violation[]>();
    for (const v of findViolations(graph)) byFile.set(v.file, [...(byFile.get(v.file) ?? []), v]);
    cached = { root, texts, byFile };
  }
  return cached.byFile.get(file) ?? [];
}

const dependencyOrderRule: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the dependency order of tools/lint/dependency-order.ts, without cycles.' },
    schema: [],
  },
  create(context) {
    return {
      Program() {
        const file = posix(relative(context.cwd, context.filename));
        for (const v of violationsFor(context.cwd, file, context.sourceCode.text)) {
          const loc = { start: context.sourceCode.getLocFromIndex(v.pos), end: context.sourceCode.getLocFromIndex(v.end) };
          context.report({ loc, message: v.message });
        }
      },
    };
  },
};

export const dependencyOrderPlugin = { rules: { 'dependency-order': dependencyOrderRule } };
