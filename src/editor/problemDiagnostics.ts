import * as vscode from 'vscode';
import type { Problem } from '../../shared/records/recordSummary';
import type { DatasetDocument } from './datasetDocument';

/** More than this many diagnostics on one file only slows the Problems panel; the Inspector lists them all. */
const MAX_DIAGNOSTICS = 5000;

const SEVERITY: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** A problem as a diagnostic on its line; from its column to the end of the line (VS Code clamps the range). */
export function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const line = problem.line - 1;
  const range = new vscode.Range(line, problem.column - 1, line, Number.MAX_SAFE_INTEGER);
  const diagnostic = new vscode.Diagnostic(range, problem.message, SEVERITY[problem.severity]);
  diagnostic.source = 'ReWatch';
  diagnostic.code = problem.code;
  return diagnostic;
}

/**
 * The engine's problems of every open dataset in the Problems panel, set once indexing is done and
 * cleared when the last Inspector on the file closes. Clicking one opens the text editor at its line.
 */
export class ProblemDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('rewatchInspector');

  track(document: DatasetDocument): void {
    let open = true;
    void document.whenIndexed.then((progress) => {
      if (progress.cancelled || !open) return;
      const problems = document.problems(MAX_DIAGNOSTICS);
      this.collection.set(document.uri, problems.map(toDiagnostic));
    });
    document.onDidDispose(() => {
      open = false;
      this.collection.delete(document.uri);
    });
  }

  dispose(): void {
    this.collection.dispose();
  }
}
