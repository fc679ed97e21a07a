/**
 * The slice of SQLite the engine uses, over either driver: Node's built-in `node:sqlite` (the
 * extension host and Node ≥ 22.13) or `better-sqlite3` (the CLI's fallback on an older Node). Both
 * speak the same SQL to the same file format, so an index written by one is read by the other.
 */

export type SqliteDriverName = 'node:sqlite' | 'better-sqlite3';

/** What SQLite binds: no booleans, no undefined (both drivers refuse them). */
export type SqlValue = null | number | bigint | string | Uint8Array;

export interface SqliteStatement<P extends unknown[] = SqlValue[], R = unknown> {
  run(...params: P): void;
  get(...params: P): R | undefined;
  all(...params: P): R[];
}

export interface SqliteDatabase {
  readonly driver: SqliteDriverName;
  readonly isOpen: boolean;
  /** Runs one or more statements, ignoring any rows (schema, pragmas). */
  exec(sql: string): void;
  /** A prepared statement, reused from a small cache when the same SQL was prepared before. */
  prepare<P extends unknown[] = SqlValue[], R = unknown>(sql: string): SqliteStatement<P, R>;
  /**
   * Wraps `fn` in a transaction: committed when it returns, rolled back when it throws. Nested calls
   * become savepoints, so a transaction function may call another.
   */
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): void;
}

export interface OpenDatabaseOptions {
  /** Open an existing file for reading only (it must exist). */
  readonly?: boolean;
  /**
   * Called (once) when SQLite says the file is damaged (SQLITE_CORRUPT, SQLITE_NOTADB) on any call;
   * the call still throws. An index is a cache: its owner deletes and rebuilds it.
   */
  onCorrupt?: (error: Error) => void;
}

/** SQLite's "database disk image is malformed" / "file is not a database", from either driver. */
export function isCorruption(error: unknown): boolean {
  const e = error as { code?: unknown; errcode?: unknown; message?: unknown };
  // node:sqlite: errcode is SQLite's (extended) result code; better-sqlite3: code is its name.
  const primary = typeof e.errcode === 'number' ? e.errcode & 0xff : undefined;
  return (
    primary === 11 ||
    primary === 26 ||
    e.code === 'SQLITE_CORRUPT' ||
    e.code === 'SQLITE_NOTADB' ||
    (typeof e.message === 'string' && /database disk image is malformed|file is not a database|malformed database schema/i.test(e.message))
  );
}

/** The driver-specific part: a raw connection that runs SQL and prepares statements. */
export interface RawConnection {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement<SqlValue[], unknown>;
  close(): void;
}

/** How long a connection waits for another's lock before SQLITE_BUSY (better-sqlite3's default). */
export const BUSY_TIMEOUT_MS = 5000;
const STATEMENT_CACHE = 64;

/** The driver-independent part: statement cache, transactions with savepoints, open state. */
export class Connection implements SqliteDatabase {
  private open = true;
  private depth = 0;
  private corruptionReported = false;
  private readonly statements = new Map<string, SqliteStatement<SqlValue[], unknown>>();

  constructor(
    readonly driver: SqliteDriverName,
    private readonly raw: RawConnection,
    private readonly onCorrupt?: (error: Error) => void,
  ) {
    this.guard(() => raw.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`));
  }

  /** Runs a call, telling `onCorrupt` (once) when it failed because the file is damaged. */
  private guard<T>(call: () => T): T {
    try {
      return call();
    } catch (error) {
      if (this.onCorrupt && !this.corruptionReported && isCorruption(error)) {
        this.corruptionReported = true;
        this.onCorrupt(error as Error);
      }
      throw error;
    }
  }

  get isOpen(): boolean {
    return this.open;
  }

  exec(sql: string): void {
    this.guard(() => this.raw.exec(sql));
  }

  prepare<P extends unknown[] = SqlValue[], R = unknown>(sql: string): SqliteStatement<P, R> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      const raw = this.guard(() => this.raw.prepare(sql));
      statement = this.onCorrupt
        ? { run: (...p) => this.guard(() => raw.run(...p)), get: (...p) => this.guard(() => raw.get(...p)), all: (...p) => this.guard(() => raw.all(...p)) }
        : raw;
      if (this.statements.size >= STATEMENT_CACHE) this.statements.delete(this.statements.keys().next().value as string);
      this.statements.set(sql, statement);
    }
    return statement as unknown as SqliteStatement<P, R>;
  }

  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    return (...args: A) => {
      const savepoint = `rewatch_${this.depth}`;
      const nested = this.depth > 0;
      this.prepare(nested ? `SAVEPOINT ${savepoint}` : 'BEGIN').run();
      this.depth++;
      try {
        fn(...args);
      } catch (error) {
        this.depth--;
        try {
          if (nested) {
            this.prepare(`ROLLBACK TO ${savepoint}`).run();
            this.prepare(`RELEASE ${savepoint}`).run();
          } else this.prepare('ROLLBACK').run();
        } catch {
          // SQLite already rolled back (a full disk, an I/O error): the first error is the one to report.
        }
        throw error;
      }
      this.depth--;
      this.prepare(nested ? `RELEASE ${savepoint}` : 'COMMIT').run();
    };
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.statements.clear();
    this.raw.close();
  }
}
