/**
 * Starts a real VS Code (code-server from npm) for the demo and the host and end-to-end tests:
 * bound to 127.0.0.1, no auth, fresh user-data and extensions folders, stopped by PID. Each VS Code
 * (`current`, `floor`) runs on its own Node, installed by `npm run setup` (scripts/vscodeHosts.cjs).
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

export const repoRoot = path.resolve(__dirname, '../..');

export type HostId = 'current' | 'floor';

/** One installed VS Code: its code-server and the Node it runs on. */
export interface VsCodeHost {
  id: HostId;
  codeServer: string;
  vscode: string;
  nodeVersion: string;
  nodeBinary: string;
  entry: string;
  installed: boolean;
  /** What the server needs to load an extension under development and run its tests from the URL's payload. */
  extensionTestArgs: string[];
}

interface VsCodeHosts {
  hostPaths(id: HostId): VsCodeHost;
  /** A Node from the cache: its folder, its npm package (binary and headers), its bin folder and binary. */
  nodePaths(version: string): { dir: string; pkg: string; binDir: string; node: string };
  cacheRoot(): string;
  /** process.env without an enclosing `npm run`'s npm_* variables, plus `extra`. */
  freshNpmEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
  TEST_NODES: { noSqlite: string; noFts5: string };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS shared with `npm run setup`
export const vscodeHosts = require(path.join(repoRoot, 'scripts/vscodeHosts.cjs')) as VsCodeHosts;

/** "VS Code 1.139.1 (code-server 4.139.1) on Node 24.22.3" */
export const describeHost = (host: VsCodeHost): string => `VS Code ${host.vscode} (code-server ${host.codeServer}) on Node ${host.nodeVersion}`;

export interface CodeServerOptions {
  workspace: string;
  /** Which VS Code: today's (default) or the oldest supported. */
  host?: HostId;
  /** The page will name an extension under development and its tests in the URL's payload. */
  extensionTests?: boolean;
  /** Workspace trust on, and the workspace not trusted (Restricted Mode); default: trust off, as if trusted. */
  untrusted?: boolean;
  /** Folder for user data and extensions; a fresh temp folder when omitted. */
  stateDir?: string;
  port?: number;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
}

export interface RunningCodeServer {
  readonly host: VsCodeHost;
  readonly port: number;
  readonly origin: string;
  readonly stateDir: string;
  /** The workbench URL for the workspace, with an optional `payload` (extension tests, a file to open). */
  url(payload?: [string, string][]): string;
  /** The `vscode-remote://` form of a server path, as payload entries need. */
  remoteUri(absolutePath: string): string;
  readonly output: string[];
  stop(): Promise<void>;
}

export function installedHost(id: HostId = 'current'): VsCodeHost {
  const host = vscodeHosts.hostPaths(id);
  if (!host.installed) throw new Error(`${describeHost(host)} is not installed. Run \`npm run setup\` first.`);
  return host;
}

/** A free port on 127.0.0.1: `preferred` when it is free, else one the OS picks. */
export async function freePort(preferred = 0): Promise<number> {
  const probe = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const { port: bound } = server.address() as net.AddressInfo;
        server.close(() => resolve(bound));
      });
    });
  return preferred === 0 ? probe(0) : probe(preferred).catch(() => probe(0));
}

/** A scratch folder holding a copy of samples/ as the workspace, so tests never touch the real one. */
export function scratchSamples(prefix: string): { scratch: string; workspace: string } {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const workspace = path.join(scratch, 'samples');
  fs.cpSync(path.join(repoRoot, 'samples'), workspace, { recursive: true });
  return { scratch, workspace };
}

const DEFAULT_SETTINGS = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  // VS Code 1.104+ opens the secondary side bar (chat) by default; the tests want the editor's width.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.openRepositoryInParentFolders': 'never',
  // VS Code for the web auto-saves after a second by default; the desktop default (off) keeps edits
  // unsaved until the user saves, as the Inspector's dirty marker, backups and reward delta expect.
  'files.autoSave': 'off',
};

/** The user-data and extensions folders inside a state folder, created if missing. */
function stateDirs(stateDir: string): { userDataDir: string; extensionsDir: string } {
  const dirs = { userDataDir: path.join(stateDir, 'user-data'), extensionsDir: path.join(stateDir, 'extensions') };
  fs.mkdirSync(path.join(dirs.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(dirs.extensionsDir, { recursive: true });
  return dirs;
}

/** Installs a .vsix into the state folder's extensions dir with code-server's own CLI. */
export async function installVsix(stateDir: string, vsix: string, id: HostId = 'current'): Promise<void> {
  const host = installedHost(id);
  const { userDataDir, extensionsDir } = stateDirs(stateDir);
  await promisify(execFile)(
    host.nodeBinary,
    [
      host.entry,
      '--config',
      path.join(stateDir, 'config.yaml'),
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--install-extension',
      vsix,
      '--force',
    ],
    { timeout: 120_000 },
  );
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const host = installedHost(options.host);
  const stateDir = options.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-code-server-'));
  const { userDataDir, extensionsDir } = stateDirs(stateDir);
  const trust = options.untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...trust, ...options.settings }, null, 2));
  const port = options.port ?? (await freePort());
  const args = [
    host.entry,
    '--config',
    path.join(stateDir, 'config.yaml'),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.untrusted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...(options.extensionTests ? host.extensionTestArgs : []),
    options.workspace,
  ];
  const child = spawn(host.nodeBinary, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  await waitForListening(child, output, 60_000);
  const origin = `http://127.0.0.1:${port}`;
  const remoteUri = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
  return {
    host,
    port,
    origin,
    stateDir,
    output,
    remoteUri,
    url: (payload) => {
      const params = new URLSearchParams({ folder: options.workspace });
      if (payload) params.set('payload', JSON.stringify(payload));
      return `${origin}/?${params.toString()}`;
    },
    stop: () => stopProcess(child),
  };
}

function waitForListening(child: ChildProcess, output: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within ${timeoutMs / 1000} s:\n${output.join('')}`)), timeoutMs);
    const onData = (data: Buffer) => {
      const text = data.toString();
      output.push(text);
      if (output.length > 500) output.splice(0, output.length - 500);
      if (/HTTP server listening on/.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with code ${code}:\n${output.join('')}`));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
