/**
 * Judge replies by content hash (model + the exact messages), in a small SQLite file, so the same
 * step is never judged twice: re-opening a sample, or scoring a dataset again after a crash, costs
 * no calls. Only replies are stored; failures never are (the caller decides what to put).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { ensureFolder } from '../index/cacheFolder';
import { openDatabase } from '../store/sqlite/openDatabase';
import type { SqliteDatabase, SqliteStatement } from '../store/sqlite/sqliteDatabase';
import type { ChatMessage } from './judgeClient';

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class JudgeCache {
  private readonly db: SqliteDatabase;
  private readonly selectStmt: SqliteStatement<[string], { reply: string }>;
  private readonly insertStmt: SqliteStatement<[string, string, number]>;

  /** Opens (creating it and its folder when needed) the cache file at `path`. */
  constructor(file: string) {
    ensureFolder(path.dirname(file));
    this.db = openDatabase(file);
    try {
      this.db.exec('PRAGMA journal_mode = WAL');
      this.db.exec('CREATE TABLE IF NOT EXISTS judge_replies (key TEXT PRIMARY KEY, reply TEXT NOT NULL, created INTEGER NOT NULL)');
      this.selectStmt = this.db.prepare<[string], { reply: string }>('SELECT reply FROM judge_replies WHERE key = ?');
      this.insertStmt = this.db.prepare<[string, string, number]>('INSERT OR REPLACE INTO judge_replies (key, reply, created) VALUES (?, ?, ?)');
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /**
   * sha256 (hex) of the canonical JSON of the endpoint, the model and the messages (role and content
   * only): a reply is reused only from the server that gave it (another server's verdicts, a hostile
   * one's included, never stand in for this one's).
   */
  static key(endpoint: string, model: string, messages: ChatMessage[]): string {
    const content = { v: 2, endpoint, model, messages: messages.map((m) => ({ role: m.role, content: m.content })) };
    return createHash('sha256').update(canonicalJson(content)).digest('hex');
  }

  get(key: string): string | undefined {
    return this.selectStmt.get(key)?.reply;
  }

  put(key: string, reply: string): void {
    this.insertStmt.run(key, reply, Date.now());
  }

  close(): void {
    this.db.close();
  }
}
