/**
 * The layers and folders keep their shape: what each layer may import, and no cycle between folders
 * (a file at a layer's root is a unit of its own, like a folder). Read from the source files, so a
 * new import that runs back up fails here with the path it took.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../../tools/codeServer';

interface Edge {
  from: string;
  to: string;
  file: string;
}

const LAYERS = ['shared', 'webview', 'src'];
/** Roots whose files are each a unit (the others belong to their folder). */
const ROOTS = ['shared', 'webview', 'src', 'src/core', 'src/cli'];

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sources(rel);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Every import specifier of a file (static, dynamic, re-exports, type-only included). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

function unitOf(file: string): string {
  const dir = path.posix.dirname(file);
  return ROOTS.includes(dir) ? file : dir;
}

const files = LAYERS.flatMap((layer) => sources(layer));
const edges: Edge[] = files.flatMap((file) =>
  importsOf(file)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const resolved =
        ['.ts', '/index.ts', '']
          .map((ext) => target + ext)
          .find((candidate) => fs.existsSync(path.join(repoRoot, candidate)) && fs.statSync(path.join(repoRoot, candidate)).isFile()) ?? `${target}.ts`;
      return { from: unitOf(file), to: unitOf(resolved), file: `${file} → ${spec}` };
    })
    .filter((edge) => edge.from !== edge.to),
);

const inside = (unit: string, layer: string) => unit === layer || unit.startsWith(`${layer}/`);

/** The cycles of the unit graph (each a strongly connected component of more than one unit), by Tarjan. */
function cycles(graph: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of graph) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (unit: string): void => {
    index.set(unit, counter);
    low.set(unit, counter++);
    stack.push(unit);
    onStack.add(unit);
    for (const to of next.get(unit) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(unit, Math.min(low.get(unit)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(unit, Math.min(low.get(unit)!, index.get(to)!));
    }
    if (low.get(unit) === index.get(unit)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== unit);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const unit of new Set(graph.flatMap((e) => [e.from, e.to]))) if (!index.has(unit)) visit(unit);
  return found;
}

describe('Architecture: layers and folders', () => {
  it('finds the source files and their imports (the checks below are not vacuous)', () => {
    assert.ok(files.length > 200, `${files.length} files`);
    assert.ok(edges.some((e) => e.from === 'src/editor' && e.to === 'src/core/records'));
    assert.ok(edges.some((e) => e.from === 'webview/main.ts'));
  });

  it('shared/ imports only shared/ (it runs in the browser and in Node alike)', () => {
    assert.deepEqual(
      edges.filter((e) => inside(e.from, 'shared') && !inside(e.to, 'shared')).map((e) => e.file),
      [],
    );
  });

  it('the webview imports only the webview and shared/', () => {
    assert.deepEqual(
      edges.filter((e) => inside(e.from, 'webview') && !inside(e.to, 'webview') && !inside(e.to, 'shared')).map((e) => e.file),
      [],
    );
  });

  it('src/core and the CLI never reach into the extension host (they run in plain Node)', () => {
    const host = (unit: string) => inside(unit, 'src') && !inside(unit, 'src/core');
    assert.deepEqual(
      edges.filter((e) => inside(e.from, 'src/core') && (host(e.to) || inside(e.to, 'webview'))).map((e) => e.file),
      [],
    );
    assert.deepEqual(
      edges.filter((e) => inside(e.from, 'src/cli') && host(e.to) && !inside(e.to, 'src/cli')).map((e) => e.file),
      [],
    );
    const vscodeImports = files.filter(
      (f) => (inside(f, 'src/core') || inside(f, 'src/cli') || inside(f, 'shared') || inside(f, 'webview')) && importsOf(f).includes('vscode'),
    );
    assert.deepEqual(vscodeImports, []);
  });

  it('the host never imports the webview', () => {
    assert.deepEqual(
      edges.filter((e) => inside(e.from, 'src') && inside(e.to, 'webview')).map((e) => e.file),
      [],
    );
  });

  it('no two folders import each other, directly or round a longer cycle', () => {
    assert.deepEqual(cycles(edges), []);
  });

  it('the cycle finder finds a planted cycle (so an empty answer above means something)', () => {
    const planted: Edge[] = [
      { from: 'a', to: 'b', file: '' },
      { from: 'b', to: 'c', file: '' },
      { from: 'c', to: 'a', file: '' },
      { from: 'c', to: 'd', file: '' },
    ];
    assert.deepEqual(cycles(planted), [['a', 'b', 'c']]);
    assert.deepEqual(cycles([...edges, { from: 'src/core/records', to: 'src/core/index', file: '' }]).length > 0, true);
  });
});
