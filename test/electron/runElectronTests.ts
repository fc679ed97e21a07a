/**
 * `npm run test:electron [VERSION…]`: the same host suite in VS Code desktop (Electron's Node, so the
 * desktop's node:sqlite), for machines that can download it: @vscode/test-electron fetches VS Code from
 * Microsoft's servers, which these offline machines cannot reach. Default: today's stable and the floor
 * (package.json engines.vscode).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { vscodeHosts } from '../../tools/codeServer';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '../../..');
  const requested = process.argv.slice(2);
  const versions = requested.length > 0 ? requested : ['stable', vscodeHosts.hostPaths('floor').vscode];
  for (const version of versions) {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-electron-'));
    fs.cpSync(path.join(repoRoot, 'samples'), workspace, { recursive: true });
    try {
      console.log(`test:electron: VS Code desktop ${version}`);
      await runTests({
        version,
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: path.join(repoRoot, 'out/test/host/suite/index.js'),
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      });
    } catch (error) {
      console.error(`test:electron (${version}) failed: ${error instanceof Error ? error.message : String(error)}`);
      console.error('It needs internet access to download VS Code desktop.');
      process.exitCode = 1;
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  }
}

void main();
