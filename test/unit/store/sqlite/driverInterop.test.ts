import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../../../tools/codeServer';
import { nodes } from '../../helpers/nodes';
import { cleanTempFiles, tempDir } from '../../helpers/tempFiles';

const CLI = path.join(repoRoot, 'out/src/cli/main.js');
const COT = path.join(repoRoot, 'samples/rewatch-cot.jsonl');

interface IndexReport {
  reused: boolean;
  records: number;
  malformed: number;
  sqlite: string;
  search: string;
}

/** The CLI as a child process under a given Node, optionally pinned to a driver. */
function cli(node: string, args: string[], driver?: string, script = CLI) {
  const env = { ...process.env, REWATCH_SQLITE_DRIVER: driver };
  if (driver === undefined) delete env.REWATCH_SQLITE_DRIVER;
  const result = spawnSync(node, [script, ...args], { cwd: repoRoot, encoding: 'utf8', env });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function index(node: string, indexDir: string, driver?: string): IndexReport {
  const run = cli(node, ['index', COT, '--json', '--index-dir', indexDir], driver);
  assert.equal(run.code, 0, run.err);
  return JSON.parse(run.out) as IndexReport;
}

/** better-sqlite3 is the build Node's (npm ci compiled it for that Node only). */
const BETTER = [nodes.build, 'better-sqlite3'] as const;
const NODE = [nodes.nodeSqlite, 'node:sqlite'] as const;

describe('SQLite drivers across processes (the CLI on each Node)', function () {
  this.timeout(60_000);
  after(cleanTempFiles);

  for (const [first, second] of [
    [BETTER, NODE],
    [NODE, BETTER],
  ]) {
    it(`an index ${first[1]} built is reused by ${second[1]}, with the same answers`, () => {
      const dir = tempDir();
      const built = index(first[0], dir, first[1]);
      assert.deepEqual([built.reused, built.records, built.malformed, built.sqlite, built.search], [false, 13, 1, first[1], 'ready']);
      const reused = index(second[0], dir, second[1]);
      assert.deepEqual([reused.reused, reused.records, reused.malformed, reused.sqlite, reused.search], [true, 13, 1, second[1], 'ready']);
      // The same problems and stats from the same index, whichever driver reads it.
      const [a, b] = [first, second].map(([node, driver]) => cli(node, ['validate', COT, '--json', '--index-dir', dir], driver));
      assert.equal(a.code, 1);
      assert.equal(b.out, a.out);
      const [sa, sb] = [first, second].map(([node, driver]) => cli(node, ['stats', COT, '--json', '--index-dir', dir], driver));
      assert.equal(sb.out, sa.out);
    });
  }

  it('indexes on a Node whose SQLite has no FTS5: records and problems, search reported off, then rebuilt where FTS5 exists', () => {
    const dir = tempDir();
    const old = index(nodes.noFts5, dir);
    assert.deepEqual([old.reused, old.records, old.malformed, old.sqlite], [false, 13, 1, 'node:sqlite']);
    assert.match(old.search, /has no FTS5: full-text search needs Node 22\.16 or newer/);
    assert.equal(index(nodes.noFts5, dir).reused, true); // complete without search: reused, not rebuilt each time
    const text = cli(nodes.noFts5, ['index', COT, '--index-dir', dir]);
    assert.match(text.out, /full-text search: this Node's SQLite has no FTS5/);
    const current = index(nodes.nodeSqlite, dir);
    assert.deepEqual([current.reused, current.search], [false, 'ready']);
  });

  it('on a Node with neither driver, the packaged CLI says which Node it needs, without a stack trace', () => {
    // The bundle alone, away from this repo's node_modules (as a user's copy would be without better-sqlite3).
    const alone = tempDir();
    fs.copyFileSync(path.join(repoRoot, 'dist/cli.js'), path.join(alone, 'cli.js'));
    const run = cli(nodes.noSqlite, ['validate', COT], undefined, path.join(alone, 'cli.js'));
    assert.equal(run.code, 2);
    assert.equal(run.out, '');
    assert.equal(
      run.err,
      `rewatch-inspector: Node 20.20.2 has no SQLite to index with: use Node 22.13.0 or newer (built-in node:sqlite), or install better-sqlite3 beside rewatch-inspector (npm install better-sqlite3).\n`,
    );
  });
});
