/**
 * The SQLite set-ups the index bench compares, each indexing through the shipped CLI bundle in a
 * child process: better-sqlite3 on the build Node (the CLI's fallback), better-sqlite3 on Node 24
 * (same Node as the next, so only the driver differs) and node:sqlite on Node 24 (what VS Code runs).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, vscodeHosts } from '../tools/codeServer';

const REPO_MODULES = path.join(repoRoot, 'node_modules');

export interface DriverSetup {
  label: string;
  node: string;
  nodeVersion: string;
  driver: 'better-sqlite3' | 'node:sqlite';
  /** Where the detached CLI resolves better-sqlite3 from (a copy built for that Node). */
  nodePath?: string;
}

/** better-sqlite3 compiled for another Node (its ABI), cached beside that Node: about a minute, once. */
function betterSqliteBuiltFor(nodeVersion: string): string {
  const node = vscodeHosts.nodePaths(nodeVersion);
  const version = (JSON.parse(fs.readFileSync(path.join(REPO_MODULES, 'better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
  const prefix = path.join(vscodeHosts.cacheRoot(), `better-sqlite3-${version}-node-${nodeVersion}`);
  if (!fs.existsSync(path.join(prefix, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))) {
    console.log(`bench: building better-sqlite3 ${version} for Node ${nodeVersion} into ${prefix} (once)…`);
    const env = vscodeHosts.freshNpmEnv({ PATH: `${node.binDir}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_nodedir: node.pkg });
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `better-sqlite3@${version}`], { env, stdio: 'inherit' });
  }
  return path.join(prefix, 'node_modules');
}

export function driverSetups(): DriverSetup[] {
  const current = vscodeHosts.hostPaths('current');
  return [
    {
      label: `better-sqlite3 · Node ${process.versions.node}`,
      node: process.execPath,
      nodeVersion: process.versions.node,
      driver: 'better-sqlite3',
      nodePath: REPO_MODULES,
    },
    {
      label: `better-sqlite3 · Node ${current.nodeVersion}`,
      node: current.nodeBinary,
      nodeVersion: current.nodeVersion,
      driver: 'better-sqlite3',
      nodePath: betterSqliteBuiltFor(current.nodeVersion),
    },
    { label: `node:sqlite    · Node ${current.nodeVersion}`, node: current.nodeBinary, nodeVersion: current.nodeVersion, driver: 'node:sqlite' },
  ];
}

/**
 * The CLI bundle and its workers copied out of the repository, so that `better-sqlite3` resolves
 * through NODE_PATH to the copy built for the Node at hand rather than to the repo's own.
 */
export function detachedCli(distDir: string, into: string): string {
  fs.mkdirSync(into, { recursive: true });
  for (const name of ['cli.js', 'indexWorker.js', 'parseWorker.js', 'scoreWorker.js']) fs.copyFileSync(path.join(distDir, name), path.join(into, name));
  return path.join(into, 'cli.js');
}
