import type { RawConnection, SqlValue } from './sqliteDatabase';

/** The part of `better-sqlite3` used here; it is an optional dependency of the CLI, never in the .vsix. */
interface BetterSqliteModule {
  new (
    path: string,
    options?: { readonly?: boolean; fileMustExist?: boolean },
  ): {
    exec(sql: string): void;
    prepare(sql: string): {
      reader: boolean;
      run(...params: SqlValue[]): unknown;
      get(...params: SqlValue[]): unknown;
      all(...params: SqlValue[]): unknown[];
    };
    close(): void;
  };
}

let loaded: BetterSqliteModule | null | undefined;

/** `better-sqlite3` when it is installed and built for this Node, else null. */
export function betterSqlite(): BetterSqliteModule | null {
  if (loaded !== undefined) return loaded;
  try {
    // A variable keeps bundlers from following it: the package is native and never bundled.
    const name = 'better-sqlite3';
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional and native: loaded only if present
    loaded = require(name) as BetterSqliteModule;
    new loaded(':memory:').close(); // loads the native module now: a wrong ABI fails here, not later
  } catch {
    loaded = null;
  }
  return loaded;
}

export function openBetterSqlite(module: BetterSqliteModule, path: string, readonly: boolean): RawConnection {
  const db = new module(path, { readonly, fileMustExist: readonly });
  return {
    exec: (sql) => db.exec(sql),
    prepare: (sql) => {
      const statement = db.prepare(sql);
      // better-sqlite3 refuses run() on a statement that returns rows (ATTACH does not; some PRAGMAs do).
      const run = statement.reader ? (...params: SqlValue[]) => void statement.all(...params) : (...params: SqlValue[]) => void statement.run(...params);
      return { run, get: (...params) => statement.get(...params), all: (...params) => statement.all(...params) };
    },
    close: () => db.close(),
  };
}
