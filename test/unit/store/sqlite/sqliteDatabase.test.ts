import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SqliteUnavailableError, openDatabase, sqliteDriver, sqliteMissingInVsCode } from '../../../../src/core/store/sqlite/openDatabase';
import type { SqliteDatabase } from '../../../../src/core/store/sqlite/sqliteDatabase';
import { cleanTempFiles, tempDir } from '../../helpers/tempFiles';

/** Node's own SQLite exists, unflagged, from 22.13 (and in every 23.4+ and 24). */
function nodeHasSqlite(version = process.versions.node): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 13);
}

const numbers = (db: SqliteDatabase) =>
  db
    .prepare<[], { n: number }>('SELECT n FROM t ORDER BY n')
    .all()
    .map((row) => row.n);

describe(`SQLite driver (${sqliteDriver() ?? 'none'} on Node ${process.versions.node})`, () => {
  after(cleanTempFiles);

  it('picks node:sqlite wherever Node has it, better-sqlite3 only on an older Node', () => {
    const pinned = process.env.REWATCH_SQLITE_DRIVER;
    const expected = pinned ?? (nodeHasSqlite() ? 'node:sqlite' : 'better-sqlite3');
    assert.equal(sqliteDriver(), expected);
    assert.equal(openDatabase(':memory:').driver, expected);
  });

  it('returns plain objects with numbers, strings and nulls as stored', () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (i INTEGER, r REAL, s TEXT, z TEXT)');
    db.prepare('INSERT INTO t VALUES (?, ?, ?, ?)').run(2 ** 40 + 3, 0.25, 'é"\n', null);
    assert.deepEqual(db.prepare('SELECT * FROM t').get(), { i: 2 ** 40 + 3, r: 0.25, s: 'é"\n', z: null });
    assert.deepEqual(db.prepare('SELECT * FROM t WHERE i = ?').all(1), []);
    assert.equal(db.prepare('SELECT * FROM t WHERE i = ?').get(1), undefined);
    db.close();
  });

  it('commits a transaction and rolls back all of one that throws', () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (n INTEGER)');
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const insertAll = db.transaction((values: number[]) => {
      for (const v of values) {
        if (v < 0) throw new Error(`negative ${v}`);
        insert.run(v);
      }
    });
    insertAll([1, 2]);
    assert.throws(() => insertAll([3, -1]), /negative -1/);
    assert.deepEqual(numbers(db), [1, 2]);
    insertAll([4]); // the connection is usable after a rollback
    assert.deepEqual(numbers(db), [1, 2, 4]);
    db.close();
  });

  it('nests transactions as savepoints: an inner failure undoes only the inner work', () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (n INTEGER)');
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const inner = db.transaction((n: number) => {
      insert.run(n);
      if (n === 13) throw new Error('unlucky');
    });
    const outer = db.transaction(() => {
      insert.run(1);
      inner(2);
      assert.throws(() => inner(13), /unlucky/);
      inner(3);
    });
    outer();
    assert.deepEqual(numbers(db), [1, 2, 3]);
    const failing = db.transaction(() => {
      inner(5);
      throw new Error('outer fails');
    });
    assert.throws(failing, /outer fails/);
    assert.deepEqual(numbers(db), [1, 2, 3]);
    db.close();
  });

  it('opens read-only only an existing file, and refuses writes through it', () => {
    const dir = tempDir();
    assert.throws(() => openDatabase(path.join(dir, 'missing.sqlite'), { readonly: true }));
    assert.equal(fs.existsSync(path.join(dir, 'missing.sqlite')), false);
    const file = path.join(dir, 'data.sqlite');
    const writer = openDatabase(file);
    writer.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER)');
    const reader = openDatabase(file, { readonly: true });
    writer.prepare('INSERT INTO t VALUES (?)').run(7);
    assert.deepEqual(numbers(reader), [7]); // WAL: the reader sees the writer's commit at once
    assert.throws(() => reader.prepare('INSERT INTO t VALUES (?)').run(8), /readonly|read-only/i);
    reader.close();
    writer.close();
  });

  it('waits on a locked database instead of failing at once', () => {
    const db = openDatabase(':memory:');
    assert.deepEqual(db.prepare('PRAGMA busy_timeout').get(), { timeout: 5000 });
    db.close();
  });

  it('has FTS5 with contentless delete, the index schema', () => {
    const db = openDatabase(':memory:');
    db.exec("CREATE VIRTUAL TABLE search USING fts5(question, body, content='', contentless_delete=1, detail=none, tokenize='unicode61 remove_diacritics 2')");
    const insert = db.prepare<[number, string, string]>('INSERT INTO search (rowid, question, body) VALUES (?, ?, ?)');
    insert.run(10, 'Où est la clé ?', 'the man opens the drawer');
    insert.run(20, 'What colour is the car?', 'a red car passes');
    const match = (q: string) =>
      db
        .prepare<[string], { rowid: number }>('SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid')
        .all(q)
        .map((r) => r.rowid);
    assert.deepEqual(match('"cle"'), [10]);
    assert.deepEqual(match('"dra"*'), [10]);
    db.prepare('DELETE FROM search WHERE rowid = ?').run(10);
    assert.deepEqual(match('"cle"'), []);
    assert.deepEqual(match('"car"'), [20]);
    db.close();
  });

  it('keeps preparing correctly past its statement cache', () => {
    const db = openDatabase(':memory:');
    for (let i = 0; i < 200; i++) assert.deepEqual(db.prepare(`SELECT ${i} AS v`).get(), { v: i });
    assert.deepEqual(db.prepare('SELECT 3 AS v').get(), { v: 3 });
    db.close();
  });

  it('closes once, however often asked, and says so', () => {
    const db = openDatabase(':memory:');
    assert.equal(db.isOpen, true);
    db.close();
    db.close();
    assert.equal(db.isOpen, false);
  });

  it('names the Node version and what to install when there is no driver', () => {
    const error = new SqliteUnavailableError('20.20.2');
    assert.match(error.message, /^Node 20\.20\.2 has no built-in SQLite \(node:sqlite needs Node 22\.13\.0 or newer\) and better-sqlite3 is not installed\.$/);
  });

  it('tells a VS Code user, in one sentence, which VS Code to update to', () => {
    assert.equal(
      sqliteMissingInVsCode('20.19.1'),
      'ReWatch Inspector needs VS Code 1.103 or newer: this VS Code runs extensions on Node 20.19.1, which has no built-in SQLite (node:sqlite) to index datasets with, so update VS Code (Help › Check for Updates).',
    );
  });
});
