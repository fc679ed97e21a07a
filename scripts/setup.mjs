// `npm run setup`: everything a fresh machine needs before `npm run demo` or `npm test`.
// 1. checks the system programs (and says exactly how to install what is missing;
//    `--missing-apt` only prints the Debian packages to install, for .ci/run);
// 2. seeds the ripgrep cache code-server's install needs when there is no internet;
// 3. runs `npm ci` with the settings code-server's postinstall needs (root, offline node-gyp headers).
// Needs nothing from node_modules, so it runs on a bare clone.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const onPath = (program) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, program)));

const required = [
  { programs: ['ffmpeg', 'ffprobe'], apt: 'ffmpeg', why: 'sample videos, thumbnails, proxies' },
  { programs: ['chromium'], apt: 'chromium', why: 'host and end-to-end tests' },
  { programs: ['rg'], apt: 'ripgrep', why: "code-server's search, installed offline" },
  { programs: ['make', 'g++', 'python3'], apt: 'build-essential python3', why: 'native modules (better-sqlite3, node-pty), the inference worker tests' },
  { programs: ['pkg-config', 'krb5-config'], apt: 'pkg-config libkrb5-dev', why: "code-server's kerberos module" },
];
const missing = required.filter((r) => !r.programs.every(onPath));
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
if (major !== 20) {
  console.error(`setup: Node ${process.versions.node} found; code-server 4.100 (the test VS Code) needs Node 20.`);
  process.exit(1);
}

execFileSync(process.execPath, ['scripts/seed-ripgrep-cache.js'], { stdio: 'inherit' });

const env = { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' };
// Offline machines carry Node's headers in /usr/include/node; point node-gyp there instead of downloading.
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
