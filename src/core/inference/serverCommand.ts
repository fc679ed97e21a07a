/**
 * "ReWatch: Start Inference Server": the configured command with `${modelPath}` and `${videoRoot}`
 * filled in, each quoted for the terminal's shell (POSIX shells, PowerShell, cmd.exe).
 */
import * as path from 'node:path';
import { isInside, safeRoot } from '../video/webviewRoots';

/** `value` as one word for the shell at `shellPath` (VS Code's default terminal shell). */
export function quoteForShell(value: string, shellPath: string): string {
  const shell = path.basename(shellPath.replace(/\\/g, '/')).toLowerCase();
  if (shell === 'cmd.exe' || shell === 'cmd') return `"${value.replace(/"/g, '""')}"`;
  if (shell.startsWith('powershell') || shell.startsWith('pwsh')) return `'${value.replace(/'/g, "''")}'`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one folder vLLM may read videos from (--allowed-local-media-path takes one): the deepest folder
 * holding the dataset's folder and its video roots, unless that is the file system's root or the home
 * folder (then the dataset's folder alone). Never `/`.
 */
export function videoRootFor(datasetDir: string, roots: readonly string[], home?: string): string {
  const folders = [datasetDir, ...roots.map((r) => path.resolve(datasetDir, r))].map((f) => path.resolve(f));
  let common = folders[0];
  for (const folder of folders.slice(1)) {
    while (!isInside(folder, common)) common = path.dirname(common);
  }
  return safeRoot(common, home) ? common : path.resolve(datasetDir);
}

/** The command line the terminal runs. */
export function serverCommandLine(template: string, values: { modelPath: string; videoRoot: string }, shellPath: string): string {
  return template
    .replace(/\$\{modelPath\}/g, quoteForShell(values.modelPath, shellPath))
    .replace(/\$\{videoRoot\}/g, quoteForShell(values.videoRoot, shellPath));
}
