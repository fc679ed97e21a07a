import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Sidecar } from '../../shared/records/fieldMapping';
import { readSidecar, withFieldOverrides } from '../core/records/sidecar';

/** Exit codes: the contract scripts and CI rely on. */
export const EXIT = { ok: 0, problems: 1, unreadable: 2, cancelled: 130 } as const;

/** An error that ends the command with a message and an exit code (no stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.unreadable,
  ) {
    super(message);
  }
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when progress lines may be drawn (stderr is a terminal). */
  tty: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  tty: process.stderr.isTTY === true,
};

/** Checks the dataset can be read before any work starts: a clear message and exit 2 otherwise. */
export function requireReadableFile(file: string | undefined): string {
  if (file === undefined) throw new CliError('Missing FILE. Try `rewatch-inspector --help`.');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}).`);
  }
  if (!stat.isFile()) throw new CliError(`${file}: not a regular file.`);
  return file;
}

/** The sidecar next to the dataset, with `--field ROLE=KEY` overrides on top. */
export function fieldMapping(file: string, pairs: readonly string[], io: Io): Sidecar {
  const { sidecar, error } = readSidecar(file);
  if (error !== undefined) io.err(`warning: ${error}; detecting fields instead.\n`);
  try {
    return withFieldOverrides(sidecar, pairs);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

/** Where the CLI caches indexes: --index-dir, else $XDG_CACHE_HOME/rewatch-inspector, else ~/.cache. */
export function cacheDir(explicit: string | undefined): string {
  if (explicit !== undefined) return path.resolve(explicit);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'rewatch-inspector', 'indexes');
}
