// `npm run setup`: everything a fresh machine needs before `npm run demo` or `npm test`.
// 1. checks the system programs (and says exactly how to install what is missing;
//    `--missing-apt` only prints the Debian packages to install, for .ci/run);
// 2. runs `npm ci` (the build Node: 20 or newer);
// 3. installs the VS Code builds the demo and tests run in, each with its own Node, into a cache
//    outside the clone (scripts/vscodeHosts.cjs): minutes the first time, nothing after;
//    `--demo` installs only today's VS Code and skips the CLI's better-sqlite3 build (all `npm run demo` needs).
// Needs nothing from node_modules, so it runs on a bare clone.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

const onPath = (program) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, program)));

const required = [
  { programs: ['ffmpeg', 'ffprobe'], apt: 'ffmpeg', why: 'sample videos, thumbnails, proxies' },
  { programs: ['chromium'], apt: 'chromium', why: 'host and end-to-end tests' },
  { programs: ['rg'], apt: 'ripgrep', why: "code-server's search, installed offline" },
  {
    programs: ['make', 'g++', 'python3'],
    apt: 'build-essential python3',
    why: "native modules of code-server (and the CLI's better-sqlite3 fallback), the inference worker tests",
  },
  { programs: ['pkg-config', 'krb5-config'], apt: 'pkg-config libkrb5-dev', why: "code-server's kerberos module" },
];
const missing = required.filter((r) => !r.programs.every(onPath));
// The worker tests build a Python virtual environment: Debian's own python3 needs python3-venv for that.
const hasVenv = onPath('python3') && spawnSync('python3', ['-c', 'import venv, ensurepip'], { stdio: 'ignore' }).status === 0;
if (onPath('python3') && !hasVenv) missing.push({ programs: ['python3 -m venv'], apt: 'python3-venv', why: "the worker tests' Python environment" });
const missingApt = [...new Set(missing.flatMap((m) => m.apt.split(' ')))];
// `.ci/run` asks for this list and installs it, so the package list lives only here.
if (process.argv.includes('--missing-apt')) {
  console.log(missingApt.join(' '));
  process.exit(0);
}
if (missing.length > 0) {
  console.error('setup: missing system packages:');
  for (const m of missing) console.error(`  ${m.programs.join(', ')} (${m.why})`);
  console.error(`Install with:\n  sudo apt-get update && sudo apt-get install -y ${missingApt.join(' ')}\n(or run .ci/run, which installs them).`);
  process.exit(1);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  console.error(`setup: Node ${process.versions.node} found; building needs Node 20 or newer.`);
  process.exit(1);
}

const env = { ...process.env };
// Offline machines carry Node's headers in /usr/include/node; point node-gyp there instead of downloading.
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const demoOnly = process.argv.includes('--demo');
const hosts = createRequire(import.meta.url)('./vscodeHosts.cjs');
const wanted = demoOnly ? ['current'] : ['current', 'floor'];
/** Each VS Code installs in its own process, all at once (mostly unpacking and native builds). */
const installHosts = () =>
  wanted.map(
    (id) =>
      new Promise((resolve) => {
        if (hosts.hostPaths(id).installed) return resolve(0);
        spawn(process.execPath, ['scripts/vscodeHosts.cjs', 'install', id], { stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1));
      }),
  );
let installs;
if (demoOnly) {
  // The demo needs no better-sqlite3 (only the CLI on a Node without node:sqlite does): skip its build from
  // source, the longest part of npm ci, and run the install scripts the build needs (esbuild's) by name.
  // VS Code installs meanwhile (it needs nothing from node_modules). npm rebuild warns that the other
  // install scripts are not approved, which is the point here: its warnings are off, its errors still show.
  installs = installHosts();
  console.log("setup: npm ci without the CLI's optional better-sqlite3 build (the demo does not use it)");
  const ci = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { stdio: 'inherit', env });
  if (ci.status !== 0) process.exit(ci.status ?? 1);
  const rebuild = spawnSync(npm, ['rebuild', 'esbuild', '@vscode/vsce-sign', '--loglevel=error'], { stdio: 'inherit', env });
  if (rebuild.status !== 0) process.exit(rebuild.status ?? 1);
} else {
  // npm ci first, alone: better-sqlite3 is an optional dependency, and npm drops one whose build fails
  // without a word; built beside the VS Code installs it was dropped once.
  console.log('setup: npm ci (the dependencies in package-lock.json; a minute or two with a warm npm cache, most of it building better-sqlite3)');
  const ci = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', env });
  if (ci.status !== 0) process.exit(ci.status ?? 1);
  if (!existsSync(join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))) {
    console.error(
      'setup: better-sqlite3 was not built (npm drops an optional dependency whose build fails); the CLI tests on Node 20 need it. Run `npm rebuild better-sqlite3 --foreground-scripts` to see why.',
    );
    process.exit(1);
  }
  installs = installHosts();
}

const codes = await Promise.all(installs);
if (codes.some((code) => code !== 0)) process.exit(1);
try {
  if (!process.argv.includes('--demo')) for (const version of Object.values(hosts.TEST_NODES)) hosts.installNode(version);
} catch (error) {
  console.error(`setup: ${error.message}`);
  process.exit(1);
}
for (const id of wanted) {
  const host = hosts.hostPaths(id);
  console.log(`setup: VS Code ${host.vscode} (code-server ${host.codeServer}) on Node ${host.nodeVersion} ready`);
}
