import * as vscode from 'vscode';
import { log } from '../log';

/** The part of the Python extension's API used here (ms-python.python `environments`). */
interface PythonApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment(env: { path: string } | string): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
  };
}

/**
 * The interpreter for the managed worker: `rewatchInspector.inference.python` when set, else the
 * Python extension's active interpreter for the dataset, else `python3` from PATH.
 */
export async function pythonInterpreter(configured: string, resource: vscode.Uri | undefined): Promise<{ python: string; from: string }> {
  if (configured !== '') return { python: configured, from: 'rewatchInspector.inference.python' };
  const extension = vscode.extensions.getExtension<PythonApi>('ms-python.python');
  if (extension) {
    try {
      const api = extension.isActive ? extension.exports : await extension.activate();
      const active = api.environments?.getActiveEnvironmentPath(resource);
      const resolved = active ? await api.environments?.resolveEnvironment(active) : undefined;
      const executable = resolved?.executable.uri?.fsPath;
      if (executable) return { python: executable, from: "the Python extension's active interpreter" };
    } catch (error) {
      log().warn(`The Python extension did not name an interpreter: ${(error as Error).message}`);
    }
  }
  return { python: process.platform === 'win32' ? 'python' : 'python3', from: 'PATH' };
}
