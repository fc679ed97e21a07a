/**
 * `npm run test:electron`: the same host suite in VS Code desktop, for machines that can download it
 * (@vscode/test-electron fetches VS Code from Microsoft's servers; this cannot run offline).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '../../..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-electron-'));
  fs.cpSync(path.join(repoRoot, 'samples'), workspace, { recursive: true });
  try {
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out/test/host/suite/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (error) {
    console.error(`test:electron failed: ${error instanceof Error ? error.message : String(error)}`);
    console.error('It needs internet access to download VS Code desktop, and better-sqlite3 rebuilt for its Electron.');
    process.exitCode = 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

void main();
