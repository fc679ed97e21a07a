/**
 * Python virtual environments for the worker tests and benches, built from a requirements file into
 * the cache outside the clone (keyed by the file's content and the Python version, so they are built
 * once and rebuilt when the file changes), from the package indexes pip is configured with.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { vscodeHosts } from './codeServer';

export interface PythonEnv {
  /** The environment's interpreter. */
  python: string;
  dir: string;
  /** Seconds the install took, and the environment's size, when it was built. */
  installSeconds: number;
  diskBytes: number;
  /** Whether this call built it (false: reused). */
  built: boolean;
  /** Distribution → version, as pip listed it after the install. */
  packages: Record<string, string>;
}

interface Stamp {
  installSeconds: number;
  diskBytes: number;
  packages: Record<string, string>;
  requirements: string;
}

const BASE_PYTHON = process.env.REWATCH_TEST_BASE_PYTHON ?? (process.platform === 'win32' ? 'python' : 'python3');

function diskUsage(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function binary(dir: string): string {
  return process.platform === 'win32' ? path.join(dir, 'Scripts', 'python.exe') : path.join(dir, 'bin', 'python');
}

/** The environment for `requirements` (a file path), built if it is not there yet. */
export function pythonEnv(name: string, requirements: string): PythonEnv {
  const wanted = fs.readFileSync(requirements, 'utf8');
  const version = execFileSync(BASE_PYTHON, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
  const key = createHash('sha256').update(`${version}\0${wanted}`).digest('hex').slice(0, 12);
  const dir = path.join(vscodeHosts.cacheRoot(), `venv-${name}-${key}`);
  const stampFile = path.join(dir, '.rewatch-complete.json');
  if (fs.existsSync(stampFile)) {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as Stamp;
    return { python: binary(dir), dir, installSeconds: stamp.installSeconds, diskBytes: stamp.diskBytes, built: false, packages: stamp.packages };
  }
  // Not relocatable (scripts name their interpreter's path), so built in place; an unfinished one is redone.
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`python env ${name}: building ${dir} from ${path.relative(process.cwd(), requirements)} (Python ${version})…`);
  const started = performance.now();
  execFileSync(BASE_PYTHON, ['-m', 'venv', dir], { stdio: 'inherit' });
  // pip tries pypi.org besides the configured indexes; where it cannot be reached, fail over at once.
  const install = spawnSync(binary(dir), ['-m', 'pip', 'install', '--retries', '0', '--disable-pip-version-check', '--no-input', '-r', requirements], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    // pip's warnings (an index it cannot reach, once per package) can pass spawnSync's 1 MB default, which
    // kills pip and leaves no output to report.
    maxBuffer: 256 * 1024 * 1024,
  });
  if (install.error !== undefined || install.status !== 0) {
    const why = install.error?.message ?? (install.signal !== null ? `killed by ${install.signal}` : `exit ${install.status}`);
    throw new Error(
      `pip could not install ${requirements} (${why}):\n${(install.stderr ?? '')
        .split('\n')
        .filter((l) => !/Retrying|NewConnectionError|is ignored/.test(l))
        .join('\n')
        .slice(-3000)}`,
    );
  }
  const installSeconds = Math.round((performance.now() - started) / 100) / 10;
  const listed = JSON.parse(execFileSync(binary(dir), ['-m', 'pip', 'list', '--format', 'json', '--disable-pip-version-check'], { encoding: 'utf8' })) as {
    name: string;
    version: string;
  }[];
  const packages = Object.fromEntries(listed.map((p) => [p.name.toLowerCase(), p.version]));
  const stamp: Stamp = { installSeconds, diskBytes: diskUsage(dir), packages, requirements: wanted };
  fs.writeFileSync(stampFile, JSON.stringify(stamp, null, 2));
  return { python: binary(dir), dir, installSeconds, diskBytes: stamp.diskBytes, built: true, packages };
}

/** "torch 2.13.0+cpu, transformers 5.17.0 · installed in 50.7 s · 1.31 GB" */
export function describeEnv(env: PythonEnv, names: string[]): string {
  const versions = names.map((n) => `${n} ${env.packages[n] ?? 'absent'}`).join(', ');
  return `${versions} · ${env.built ? 'installed' : 'cached; it installed'} in ${env.installSeconds} s · ${(env.diskBytes / 1e9).toFixed(2)} GB`;
}

export const WORKER_REQUIREMENTS = path.join(__dirname, '../../test/worker/requirements.txt');
