// Run by `npm run setup` before `npm ci`, so it runs before
// code-server's postinstall installs @vscode/ripgrep, which downloads `rg` from GitHub unless it
// finds the release tarball in its cache. Machines without internet have Debian's ripgrep instead:
// we pack that binary under the cache name @vscode/ripgrep looks for. Where no system `rg` exists
// we do nothing and @vscode/ripgrep downloads as usual.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const RIPGREP_PACKAGE_VERSION = '1.15.11'; // what code-server 4.100.3's VS Code pins
const RIPGREP_RELEASE = 'v13.0.0-10';
const targets = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

function findSystemRipgrep() {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = path.join(dir, 'rg');
    if (dir && fs.existsSync(candidate) && !candidate.includes('node_modules')) return candidate;
  }
  return undefined;
}

function main() {
  const target = targets[process.env.npm_config_arch || os.arch()];
  if (os.platform() !== 'linux' || !target) return;
  const cacheDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const tarball = path.join(cacheDir, `ripgrep-${RIPGREP_RELEASE}-${target}.tar.gz`);
  if (fs.existsSync(tarball)) return;
  const rg = findSystemRipgrep();
  if (!rg) {
    console.log('seed-ripgrep-cache: no system ripgrep; @vscode/ripgrep will download its own (needs internet).');
    return;
  }
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-seed-'));
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  fs.mkdirSync(cacheDir, { recursive: true });
  execFileSync('tar', ['-czf', tarball, '-C', staging, 'rg']);
  fs.rmSync(staging, { recursive: true, force: true });
  console.log(`seed-ripgrep-cache: seeded ${tarball} from ${rg}`);
}

main();
