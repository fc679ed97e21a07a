import { betterSqlite, openBetterSqlite } from './betterSqlite';
import { nodeSqlite, openNodeSqlite } from './nodeSqlite';
import { Connection, isCorruption, type OpenDatabaseOptions, type SqliteDatabase, type SqliteDriverName } from './sqliteDatabase';

/** The first Node whose `node:sqlite` needs no flag. */
export const NODE_SQLITE_SINCE = '22.13.0';

/**
 * The first VS Code whose extension host has node:sqlite with FTS5, on the desktop (Electron 37.2.3,
 * Node 22.17) and remote (Node 22.17) alike: package.json's engines.vscode. 1.101–1.102 run Node
 * 22.15, whose SQLite has no FTS5; 1.100 and older run Node 20, which has no node:sqlite.
 */
export const VSCODE_FLOOR = '1.103';

/** What the Inspector says, in place of the dataset, in a VS Code whose Node has no SQLite. */
export function sqliteMissingInVsCode(nodeVersion: string): string {
  return `ReWatch Inspector needs VS Code ${VSCODE_FLOOR} or newer: this VS Code runs extensions on Node ${nodeVersion}, which has no built-in SQLite (node:sqlite) to index datasets with, so update VS Code (Help › Check for Updates).`;
}

/** What the CLI says (after its "rewatch-inspector: ") on a Node with neither driver. */
export function sqliteMissingInCli(nodeVersion: string): string {
  return `Node ${nodeVersion} has no SQLite to index with: use Node ${NODE_SQLITE_SINCE} or newer (built-in node:sqlite), or install better-sqlite3 beside rewatch-inspector (npm install better-sqlite3).`;
}

/** Thrown when this Node has neither driver: callers turn it into one sentence for their user. */
export class SqliteUnavailableError extends Error {
  override name = 'SqliteUnavailableError';
  constructor(readonly nodeVersion: string) {
    super(`Node ${nodeVersion} has no built-in SQLite (node:sqlite needs Node ${NODE_SQLITE_SINCE} or newer) and better-sqlite3 is not installed.`);
  }
}

/**
 * The driver this process uses: `node:sqlite` when Node has it, else `better-sqlite3` when it is
 * installed; undefined when neither. `REWATCH_SQLITE_DRIVER` pins one (tests and benches compare them).
 */
export function sqliteDriver(): SqliteDriverName | undefined {
  const pinned = process.env.REWATCH_SQLITE_DRIVER;
  if (pinned === 'node:sqlite') return nodeSqlite() ? pinned : undefined;
  if (pinned === 'better-sqlite3') return betterSqlite() ? pinned : undefined;
  if (nodeSqlite()) return 'node:sqlite';
  if (betterSqlite()) return 'better-sqlite3';
  return undefined;
}

let fts5: boolean | undefined;

/**
 * Whether this process's SQLite has FTS5 with contentless delete (the full-text index). Node 22.13–22.15
 * ship node:sqlite without FTS5; from 22.16, and in every VS Code from 1.103, it is there.
 */
export function sqliteHasFts5(): boolean {
  if (fts5 !== undefined) return fts5;
  const db = openDatabase(':memory:');
  try {
    db.exec("CREATE VIRTUAL TABLE probe USING fts5(text, content='', contentless_delete=1, detail=none)");
    fts5 = true;
  } catch {
    fts5 = false;
  } finally {
    db.close();
  }
  return fts5;
}

/**
 * Whether an index file (and each search shard) is whole: SQLite's quick_check, which reads every page
 * (about 0.4 s for the index of a 256 MB dataset). Returns what is wrong, or undefined when all is well.
 */
export function damageOf(files: readonly string[]): string | undefined {
  for (const file of files) {
    let db: SqliteDatabase | undefined;
    try {
      db = openDatabase(file, { readonly: true });
      const rows = db.prepare<[], { quick_check: string }>('PRAGMA quick_check').all();
      const said = rows.map((r) => r.quick_check).join('; ');
      if (said !== 'ok') return `${file}: ${said.slice(0, 300)}`;
    } catch (error) {
      return `${file}: ${(error as Error).message}`;
    } finally {
      db?.close();
    }
  }
  return undefined;
}

/** "node:sqlite (SQLite 3.54.1, FTS5)", for logs and test reports; "no SQLite" when there is none. */
export function describeSqlite(): string {
  const driver = sqliteDriver();
  if (driver === undefined) return 'no SQLite';
  const db = openDatabase(':memory:');
  try {
    const { version } = db.prepare<[], { version: string }>('SELECT sqlite_version() AS version').get() ?? { version: '?' };
    return `${driver} (SQLite ${version}${sqliteHasFts5() ? ', FTS5' : ', no FTS5'})`;
  } finally {
    db.close();
  }
}

/** Why an index has no full-text search, shown where search would be. */
export const NO_FTS5 = "this Node's SQLite has no FTS5: full-text search needs Node 22.16 or newer (VS Code 1.103 or newer)";

/** Opens (creating unless `readonly`) a SQLite file with the process's driver. */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  const readonly = options.readonly ?? false;
  const driver = sqliteDriver();
  const open = () => (driver === 'node:sqlite' ? openNodeSqlite(nodeSqlite()!, path, readonly) : openBetterSqlite(betterSqlite()!, path, readonly));
  if (driver !== undefined) {
    let raw: ReturnType<typeof open>;
    try {
      raw = open();
    } catch (error) {
      if (isCorruption(error)) options.onCorrupt?.(error as Error);
      throw error;
    }
    return new Connection(driver, raw, options.onCorrupt);
  }
  throw new SqliteUnavailableError(process.versions.node);
}
