/**
 * A damaged index, a cache folder that cannot be used, and many processes sharing one cache folder:
 * each ends in one clear sentence and a working index, never a stack trace, a hang or a wrong answer.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { damageInBackground } from '../../../src/core/index/backgroundCheck';
import { ensureFolder, usableCacheFolder } from '../../../src/core/index/cacheFolder';
import { openIndex, pruneCache, searchShards } from '../../../src/core/index/openIndex';
import { writeSyntheticDataset } from '../../../bench/syntheticDataset';
import { scribble } from '../../support/scribble';
import { SqliteRecordStore } from '../../../src/core/store/sqliteRecordStore';
import { repoRoot } from '../../../tools/codeServer';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

const CLI = path.join(repoRoot, 'out/src/cli/main.js');

function cli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, timeout: 60_000 });
  return { code: run.status, out: run.stdout, err: run.stderr, timedOut: run.error !== undefined };
}

const records = (out: string) => (JSON.parse(out) as { records: number }).records;

describe('a damaged index heals itself', function () {
  this.timeout(120_000);
  after(cleanTempFiles);
  let dataset: string;
  before(() => {
    dataset = path.join(tempDir(), 'synthetic.jsonl');
    writeSyntheticDataset(dataset, { sizeBytes: 3 * 1024 * 1024, seed: 5 });
  });

  it('the CLI finds random bytes over 40 pages of a cached index, says so in one line, rebuilds and answers right', () => {
    const dir = tempDir();
    const built = cli(['index', dataset, '--json', '--index-dir', dir]);
    assert.equal(built.code, 0, built.err);
    const { dbPath, records: count } = JSON.parse(built.out) as { dbPath: string; records: number };
    assert.ok(fs.statSync(dbPath).size > 60 * 4096, 'the index has more than 60 pages');
    scribble(dbPath, 10, 50, 1);
    const stats = cli(['stats', dataset, '--json', '--index-dir', dir]);
    assert.equal(stats.code, 0, stats.err);
    assert.match(stats.err, /^warning: the cached index was damaged \(.*\); rebuilding it\.$/m);
    assert.doesNotMatch(stats.err, /at .*\.js:\d+/, 'no stack trace');
    assert.equal(records(cli(['index', dataset, '--json', '--index-dir', dir]).out), count);
  });

  it('a truncated search shard is found the same way', () => {
    const dir = tempDir();
    const built = JSON.parse(cli(['index', dataset, '--json', '--index-dir', dir]).out) as { dbPath: string };
    const shard = `${built.dbPath}.search0`;
    fs.truncateSync(shard, Math.floor(fs.statSync(shard).size / 3));
    const again = cli(['index', dataset, '--json', '--index-dir', dir]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.err, /the cached index was damaged \(.*search0.*\); rebuilding it/);
    assert.deepEqual(
      [(JSON.parse(again.out) as { reused: boolean; search: string }).reused, (JSON.parse(again.out) as { search: string }).search],
      [false, 'ready'],
    );
  });

  it('a store tells its owner once when SQLite calls the file malformed, and each call still throws', async () => {
    const dir = tempDir();
    const index = openIndex({ filePath: dataset, storageDir: dir });
    await index.done;
    // Every page past the schema and meta (tables and their indexes), so each query meets the damage.
    scribble(index.dbPath, 3, fs.statSync(index.dbPath).size / 4096, 2);
    const told: string[] = [];
    const store = new SqliteRecordStore(index.dbPath, { readonly: true, onCorrupt: (error) => told.push(error.message) });
    assert.throws(() => store.query({ sort: { by: 'reward', descending: true }, limit: 1000 }), /malformed|not a database/);
    assert.throws(() => store.countsBy('kind'), /malformed|not a database/);
    store.close();
    assert.equal(told.length, 1);
    assert.match(told[0], /database disk image is malformed|file is not a database/);
  });

  it('the background check (node:sqlite, in a worker thread) finds the damage; a whole index passes', async () => {
    const dir = tempDir();
    const index = openIndex({ filePath: dataset, storageDir: dir });
    await index.done;
    const store = new SqliteRecordStore(index.dbPath, { readonly: true });
    const files = [index.dbPath, ...searchShards(index.dbPath, store.meta())];
    store.close();
    const hasNodeSqlite = process.getBuiltinModule?.('node:sqlite') !== undefined;
    assert.equal(await damageInBackground(files), undefined);
    scribble(index.dbPath, 10, 50, 3);
    const damage = await damageInBackground(files);
    // Where Node has no node:sqlite (the CLI's fallback Node) nothing can be checked this way.
    if (hasNodeSqlite) assert.match(damage ?? '', /index-.*\.sqlite: /);
    else assert.equal(damage, undefined);
  });
});

describe('a cache folder that cannot be used', function () {
  this.timeout(60_000);
  after(cleanTempFiles);
  const sample = path.join(repoRoot, 'samples/rewatch-cot.jsonl');

  it('makes folders one level at a time, and fails at once under /proc (Node 20 recursive mkdir loops there)', () => {
    const dir = path.join(tempDir(), 'a', 'b', 'c');
    ensureFolder(dir);
    assert.ok(fs.statSync(dir).isDirectory());
    assert.throws(() => ensureFolder('/proc/rewatch-no-such/indexes'), /ENOENT|EACCES|EPERM/);
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, '');
    assert.throws(() => ensureFolder(path.join(file, 'indexes')), /ENOTDIR/);
  });

  it('falls back to a private folder with one sentence: /proc, a file in the way, an unwritable home', () => {
    const inTheWay = path.join(tempDir(), 'file');
    fs.writeFileSync(inTheWay, '');
    for (const [wanted, why] of [
      ['/proc/rewatch-no-such/indexes', /it cannot be created there|permission denied|not permitted/],
      [path.join(inTheWay, 'indexes'), /a file is in the way/],
    ] as const) {
      const folder = usableCacheFolder(wanted);
      assert.notEqual(folder.dir, wanted);
      assert.match(
        folder.notice ?? '',
        new RegExp(
          `^The index cache folder ${wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be used \\(${why.source}\\); indexes are kept in .+ for now\\.$`,
        ),
      );
    }
    // The CLI: a warning line, the index built anyway, exit 0; no stack, no hang.
    for (const args of [
      ['--index-dir', '/proc/rewatch-no-such'],
      ['--index-dir', path.join(inTheWay, 'x')],
    ]) {
      const run = cli(['stats', sample, '--json', ...args]);
      assert.equal(run.timedOut, false);
      assert.equal(run.code, 0, run.err);
      assert.match(run.err, /^warning: The index cache folder .* cannot be used \(.*\); indexes are kept in .* for now\.$/m);
      assert.doesNotMatch(run.err, /at .*\.js:\d+/);
    }
    const home = cli(['stats', sample, '--json'], { ...process.env, XDG_CACHE_HOME: '/proc/rewatch-no-home' });
    assert.equal(home.code, 0, home.err);
    assert.match(home.err, /cannot be used/);
  });

  it('pruning never deletes an index a live process has open, and clears the markers of dead ones', () => {
    const dir = tempDir();
    const names = Array.from({ length: 30 }, (_, i) => `index-${i.toString(16).padStart(32, '0')}.sqlite`);
    names.forEach((name, i) => {
      fs.writeFileSync(path.join(dir, name), 'x');
      // The oldest first: all beyond the 24 most recent are candidates.
      fs.utimesSync(path.join(dir, name), new Date(1e12 + i * 1000), new Date(1e12 + i * 1000));
    });
    fs.writeFileSync(path.join(dir, `${names[0]}.open-${process.pid}`), '');
    fs.writeFileSync(path.join(dir, `${names[1]}.open-4194305`), ''); // a pid that cannot exist
    pruneCache(dir, path.join(dir, names[29]));
    const left = fs.readdirSync(dir);
    assert.ok(left.includes(names[0]), 'open in this process: kept');
    assert.ok(!left.includes(names[1]) && !left.includes(`${names[1]}.open-4194305`), 'its opener is dead: pruned, marker gone');
    assert.deepEqual(
      names.slice(2, 6).filter((n) => left.includes(n)),
      [],
      'the other oldest are pruned',
    );
    assert.ok(
      names.slice(6).every((n) => left.includes(n)),
      'the 23 newest and the kept one stay',
    );
  });

  it('thirty CLI processes indexing thirty files into one cache folder (pruning as they go) all succeed', async function () {
    // Thirty Node processes take ~15 s of CPU: on a busy machine that is minutes. The limit only turns a hang into a failure.
    this.timeout(300_000);
    const dir = tempDir();
    const data = tempDir();
    const files = Array.from({ length: 30 }, (_, i) => {
      const file = path.join(data, `d${i}.jsonl`);
      fs.writeFileSync(file, `${JSON.stringify({ id: `r${i}`, question: 'Q?', answer: 'A', cot: `step ${i} at 00:0${i % 10}` })}\n`);
      return file;
    });
    const runs = await Promise.all(
      files.map(
        (file) =>
          new Promise<{ code: number | null; err: string }>((resolve) => {
            const child = spawn(process.execPath, [CLI, 'index', file, '--json', '--index-dir', dir]);
            let err = '';
            child.stderr.on('data', (d: Buffer) => (err += d.toString()));
            child.on('exit', (code) => resolve({ code, err }));
          }),
      ),
    );
    assert.deepEqual(
      runs.filter((r) => r.code !== 0),
      [],
      runs.map((r) => r.err).join('\n'),
    );
    assert.ok(fs.readdirSync(dir).filter((n) => /^index-[0-9a-f]{32}\.sqlite$/.test(n)).length <= 24);
  });
});
