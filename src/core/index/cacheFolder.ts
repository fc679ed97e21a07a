/**
 * The folder indexes are cached in, made safe to use: created without Node's recursive mkdir (which
 * loops forever under /proc on Node 20), checked writable, and when it cannot be used (read-only, a
 * file in the way, an unwritable home) replaced for now by a private folder in the system's temp
 * folder, with one sentence saying so.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** mkdir -p, one level at a time. Throws the first level's error (ENOTDIR, EACCES, EROFS…). */
export function ensureFolder(dir: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (stat) {
      if (!stat.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, '${at}'`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(at);
    if (path.dirname(at) === at) break;
  }
  for (const at of missing.reverse()) {
    try {
      fs.mkdirSync(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export interface CacheFolder {
  dir: string;
  /** Set when the wanted folder could not be used: why, and where indexes go instead. */
  notice?: string;
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'read-only file system',
    ENOTDIR: 'a file is in the way',
    ENOENT: 'it cannot be created there',
    ENOSPC: 'the disk is full',
  };
  return (e.code && words[e.code]) ?? e.message ?? String(error);
}

/** Creates the folder and writes a probe file in it: throws when either fails. */
function checkWritable(dir: string): void {
  ensureFolder(dir);
  const probe = path.join(dir, `.rewatch-write-check-${process.pid}`);
  fs.writeFileSync(probe, '');
  fs.rmSync(probe, { force: true });
}

/** `wanted` when it works, else a private folder under the temp folder; throws one sentence when neither does. */
export function usableCacheFolder(wanted: string): CacheFolder {
  try {
    checkWritable(wanted);
    return { dir: wanted };
  } catch (error) {
    const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
    const fallback = path.join(os.tmpdir(), `rewatch-inspector-${user}`, path.basename(wanted) || 'indexes');
    try {
      checkWritable(fallback);
    } catch (fallbackError) {
      throw new Error(`No folder can hold the index: ${wanted} (${reason(error)}) nor ${fallback} (${reason(fallbackError)}).`);
    }
    return { dir: fallback, notice: `The index cache folder ${wanted} cannot be used (${reason(error)}); indexes are kept in ${fallback} for now.` };
  }
}
