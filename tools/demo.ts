/**
 * `npm run demo`: the packaged extension in a real VS Code with the sample dataset open.
 *   default     code-server on 127.0.0.1 (no auth), prints the URL; Ctrl+C stops it.
 *   --desktop   installs the .vsix into the local `code` CLI and opens the samples there.
 *   --port N    fixed port for code-server (default: 8080 if free, else any free port).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, installVsix, repoRoot, startCodeServer } from './codeServer';
import { DEMO_SETTINGS } from './demoSettings';
import { findOnPath } from './systemDeps';

const VSIX = path.join(repoRoot, 'build/rewatch-inspector.vsix');
const SAMPLES = path.join(repoRoot, 'samples');
const COT_FILE = path.join(SAMPLES, 'rewatch-cot.jsonl');

function desktop(): void {
  const code = findOnPath('code');
  if (!code) {
    console.error('demo --desktop: no `code` command on PATH. Install VS Code (and its shell command), or run `npm run demo` for the browser version.');
    process.exit(1);
  }
  const install = spawnSync(code, ['--install-extension', VSIX, '--force'], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
  spawnSync(code, [SAMPLES, COT_FILE], { stdio: 'inherit' });
  console.log('Opened samples/ in VS Code. Click "Open in Inspector" in the editor title bar of rewatch-cot.jsonl.');
}

async function web(portArg: number | undefined): Promise<void> {
  const stateDir = path.join(repoRoot, '.demo');
  fs.rmSync(stateDir, { recursive: true, force: true });
  console.log('demo: installing build/rewatch-inspector.vsix into a fresh code-server profile (.demo/)…');
  await installVsix(stateDir, VSIX);
  const port = portArg ?? (await freePort(8080));
  const server = await startCodeServer({
    workspace: SAMPLES,
    stateDir,
    port,
    settings: DEMO_SETTINGS,
  });
  const url = server.url([['openFile', server.remoteUri(COT_FILE)]]);
  console.log(`\nReWatch Inspector demo is running (code-server, bound to 127.0.0.1):\n\n  ${url}\n`);
  console.log('It opens samples/rewatch-cot.jsonl in the Inspector with its first sample shown. Ctrl+C stops the server.');
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function main(): void {
  if (!fs.existsSync(VSIX)) {
    console.error('demo: build/rewatch-inspector.vsix is missing; run `npm run package` (npm run demo does).');
    process.exit(1);
  }
  const args = process.argv.slice(2);
  const portIndex = args.indexOf('--port');
  const port = portIndex >= 0 ? Number(args[portIndex + 1]) : undefined;
  if (args.includes('--desktop')) desktop();
  else
    web(port).catch((error: unknown) => {
      console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}

main();
