import type { RawConnection, SqlValue, SqliteStatement } from './sqliteDatabase';

/** The part of `node:sqlite` used here (typed locally: the build's @types/node predates it). */
interface NodeSqliteModule {
  DatabaseSync: new (
    path: string,
    options?: { readOnly?: boolean },
  ) => {
    exec(sql: string): void;
    prepare(sql: string): {
      run(...params: SqlValue[]): unknown;
      get(...params: SqlValue[]): unknown;
      all(...params: SqlValue[]): unknown[];
    };
    close(): void;
  };
}

let loaded: NodeSqliteModule | null | undefined;

/**
 * `node:sqlite`, or null when this Node has none (before 22.13 it is missing or behind
 * `--experimental-sqlite`). Node 22 prints an ExperimentalWarning on first load; it is dropped here
 * because it says nothing the user can act on.
 */
export function nodeSqlite(): NodeSqliteModule | null {
  if (loaded !== undefined) return loaded;
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/sqlite/i.test(text)) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    // undefined where this Node has no such module or keeps it behind a flag
    loaded = (process.getBuiltinModule('node:sqlite') as NodeSqliteModule | undefined) ?? null;
  } catch {
    loaded = null;
  } finally {
    process.emitWarning = emitWarning;
  }
  return loaded;
}

export function openNodeSqlite(module: NodeSqliteModule, path: string, readonly: boolean): RawConnection {
  const db = new module.DatabaseSync(path, { readOnly: readonly });
  return {
    exec: (sql) => db.exec(sql),
    prepare: (sql) => {
      const statement = db.prepare(sql);
      return {
        run: (...params) => void statement.run(...params),
        // Rows come with a null prototype; plain objects make both drivers' rows alike.
        get: (...params) => {
          const row = statement.get(...params);
          return row === undefined ? undefined : { ...(row as object) };
        },
        all: (...params) => statement.all(...params).map((row) => ({ ...(row as object) })),
      } satisfies SqliteStatement<SqlValue[], unknown>;
    },
    close: () => db.close(),
  };
}
