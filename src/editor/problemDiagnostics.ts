/**
 * The one publisher of ReWatch problems to the Problems panel: one diagnostic collection, one entry
 * per problem whichever editors are open on a file. Two sources feed it with the engine's problems
 * (src/core/problems/): the index of a file open in the Inspector, and the text editor's checks of a
 * file open as text (src/quickFixes/quickFixProvider.ts), which run the same function on each line.
 * When both have a file, the text editor's win: they follow unsaved edits, and for a saved file they
 * are the same problems. Each problem's severity is the user's (`rewatchInspector.problems.severity`);
 * codes set to "off" are left out.
 */
import * as vscode from 'vscode';
import type { Problem } from '../../shared/records/recordSummary';
import { levelOf, SeverityOverrides, type ProblemLevel } from '../../shared/problems/problemCodes';
import type { DatasetDocument } from './datasetDocument';
import { durationPass } from '../core/problems/videoDurations';
import { log } from '../log';

/** More than this many diagnostics on one file only slows the Problems panel; the Inspector lists them all. */
export const MAX_DIAGNOSTICS = 5000;
export const PROBLEMS_COLLECTION = 'rewatchInspector';
export const DIAGNOSTIC_SOURCE = 'ReWatch';
export const SEVERITY_SETTING = 'rewatchInspector.problems.severity';

const SEVERITY: Record<Exclude<ProblemLevel, 'off'>, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The user's severity overrides for a file (invalid entries dropped). */
export function severityOverrides(scope?: vscode.Uri): SeverityOverrides {
  const raw = vscode.workspace.getConfiguration(undefined, scope).get<unknown>(SEVERITY_SETTING) ?? {};
  if (typeof raw !== 'object' || raw === null) return {};
  const parsed: SeverityOverrides = {};
  for (const [code, level] of Object.entries(raw)) {
    const ok = SeverityOverrides.safeParse({ [code]: level });
    if (ok.success) Object.assign(parsed, ok.data);
  }
  return parsed;
}

/** Problems at the user's severities, codes turned off left out. */
export function withSeverities(problems: readonly Problem[], overrides: SeverityOverrides): Problem[] {
  const shown: Problem[] = [];
  for (const problem of problems) {
    const level = levelOf(problem.code, overrides, problem.severity);
    if (level !== 'off') shown.push(level === problem.severity ? problem : { ...problem, severity: level });
  }
  return shown;
}

/** A problem as a diagnostic over its range, at the user's severity; undefined when its code is off. */
export function toDiagnostic(problem: Problem, overrides: SeverityOverrides = {}): vscode.Diagnostic | undefined {
  const level = levelOf(problem.code, overrides, problem.severity);
  if (level === 'off') return undefined;
  const range = new vscode.Range(problem.line - 1, problem.column - 1, problem.endLine - 1, problem.endColumn - 1);
  const diagnostic = new vscode.Diagnostic(range, problem.message, SEVERITY[level]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = problem.code;
  return diagnostic;
}

type Source = 'index' | 'text';

/** The single collection of ReWatch problems; see the file's comment. */
export class ProblemPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(PROBLEMS_COLLECTION);
  private readonly sources: Record<Source, Map<string, { uri: vscode.Uri; problems: readonly Problem[] }>> = { index: new Map(), text: new Map() };
  private readonly listeners: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** The severity setting changed: counts follow. */
  readonly onDidChangeSeverities = this.changed.event;

  constructor() {
    this.listeners.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(SEVERITY_SETTING)) return;
        for (const key of new Set([...this.sources.index.keys(), ...this.sources.text.keys()])) this.render(key);
        this.changed.fire();
      }),
    );
  }

  set(source: Source, uri: vscode.Uri, problems: readonly Problem[]): void {
    this.sources[source].set(uri.toString(), { uri, problems });
    this.render(uri.toString());
  }

  clear(source: Source, uri: vscode.Uri): void {
    if (this.sources[source].delete(uri.toString())) this.render(uri.toString());
  }

  private readonly durations = new Map<string, ReadonlyMap<string, number>>();

  /** The probed durations of a file's videos (by the record's video value), for the text editor's past-end checks. */
  setDurations(uri: vscode.Uri, durations: ReadonlyMap<string, number>): void {
    this.durations.set(uri.toString(), durations);
  }

  durationsOf(uri: vscode.Uri): ReadonlyMap<string, number> | undefined {
    return this.durations.get(uri.toString());
  }

  private render(key: string): void {
    const entry = this.sources.text.get(key) ?? this.sources.index.get(key);
    if (entry === undefined) {
      const uri = vscode.Uri.parse(key);
      this.collection.delete(uri);
      return;
    }
    const overrides = severityOverrides(entry.uri);
    const diagnostics: vscode.Diagnostic[] = [];
    for (const problem of entry.problems) {
      const diagnostic = toDiagnostic(problem, overrides);
      if (diagnostic !== undefined) diagnostics.push(diagnostic);
      if (diagnostics.length >= MAX_DIAGNOSTICS) break;
    }
    this.collection.set(entry.uri, diagnostics);
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
    this.changed.dispose();
    this.collection.dispose();
  }
}

let shared: ProblemPublisher | undefined;
let owned = false;

/** The extension's one publisher, made on first use; disposed with the first `context` that asks for it. */
export function problemPublisher(context?: { subscriptions: vscode.Disposable[] }): ProblemPublisher {
  const publisher = (shared ??= new ProblemPublisher());
  if (context !== undefined && !owned) {
    owned = true;
    context.subscriptions.push({
      dispose: () => {
        if (shared === publisher) shared = undefined;
        owned = false;
        publisher.dispose();
      },
    });
  }
  return publisher;
}

/** Finds a record's video and gives its duration (ffprobe, cached); null when it cannot. Set once by the extension. */
export type DurationProbe = (document: DatasetDocument, video: string, source: string | null) => Promise<number | null>;
let durationProbe: DurationProbe | undefined;

export function setDurationProbe(probe: DurationProbe | undefined): void {
  durationProbe = probe;
}

/**
 * Probes the videos of an indexed file's records that cite times, and writes the problems of those
 * citing past their video's end to the index (the engine's past-end checks, now with a duration);
 * the text editor gets the same durations. Errors are logged, never thrown.
 */
async function probeDurations(document: DatasetDocument, publisher: ProblemPublisher): Promise<boolean> {
  const probe = durationProbe;
  const profile = document.profile;
  if (probe === undefined || profile === undefined) return false;
  try {
    const { durations, records } = await durationPass({
      filePath: document.uri.fsPath,
      store: { page: (start, limit) => document.page(start, limit), count: () => document.progress.records },
      profile,
      overrides: severityOverrides(document.uri),
      probe: (video, source) => probe(document, video, source),
    });
    publisher.setDurations(document.uri, durations);
    document.replaceProblems(records);
    return records.length > 0;
  } catch (error) {
    log().warn(`Probing the videos of ${document.uri.fsPath} for their durations failed: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/**
 * The index's problems of every dataset open in the Inspector, published once indexing is done and
 * again when the severity setting changes (the index's counts follow it), withdrawn when the last
 * Inspector on the file closes. Clicking one opens the text editor at its range.
 */
export class ProblemDiagnostics implements vscode.Disposable {
  constructor(private readonly publisher: ProblemPublisher = problemPublisher()) {}

  track(document: DatasetDocument): void {
    let open = true;
    const publish = (force = false) => {
      if (!open) return;
      document.recountProblems(severityOverrides(document.uri), force);
      this.publisher.set('index', document.uri, document.problems(MAX_DIAGNOSTICS, 0, true));
    };
    // Published as soon as indexing is done, again once the videos' durations are known.
    const probeAndPublish = async (force = false) => {
      const progress = await document.whenIndexed;
      if (progress.cancelled || !open) return;
      publish(force);
      if (await probeDurations(document, this.publisher)) publish();
    };
    void probeAndPublish();
    const severities = this.publisher.onDidChangeSeverities(() => void document.whenIndexed.then((progress) => !progress.cancelled && publish()));
    // A save re-analyzes the records it wrote (counted with the default severities).
    const saves = document.onDidChangeEdits((change) => {
      if (change.reason === 'save' || change.reason === 'restore') void probeAndPublish(true);
    });
    document.onDidDispose(() => {
      open = false;
      severities.dispose();
      saves.dispose();
      this.publisher.clear('index', document.uri);
    });
  }

  dispose(): void {
    // The publisher is the extension's, disposed with it.
  }
}
