/**
 * Problems and quick fixes for ReWatch records edited as text: the problem engine's problems of each
 * line of a `.jsonl` text document that holds ReWatch-like records, published through the one
 * publisher (src/editor/problemDiagnostics.ts, source 'ReWatch'), so a file open in the Inspector and
 * as text shows each problem once; and a code action provider whose fixes replace exactly one line
 * (never its line break) with the fixed record. The checks themselves are pure: src/core/problems/.
 *
 * Decisions:
 * - The file's field mapping is detected from its first records (plus its `.rewatch.json` sidecar),
 *   like the Inspector does; a file whose records are neither CoT, QA nor rollouts gets nothing.
 * - Recomputed 300 ms after the last change; a newer change or closing the document cancels a run in
 *   flight (the run yields to the event loop every few milliseconds and checks its generation).
 *   Lines are cached by their text, so an edit re-checks only the lines it touched.
 * - Documents over 20,000 lines or 50 MB are skipped with one info line in the log: the Inspector is the
 *   tool for those. (Checking only the visible lines and those near them would lift the limit: a later
 *   improvement.)
 * - A video's duration is the record's duration field, else the duration the Inspector probed for
 *   the file's videos (no probing from a text editor), as in the index.
 */
import * as vscode from 'vscode';
import type { FileProfile } from '../../shared/records/fieldMapping';
import { lineFixes, lineIssues, type FoundProblem, type ProblemContext } from '../core/quickFixes/quickFixes';
import { DIAGNOSTIC_SOURCE, problemPublisher, type ProblemPublisher } from '../editor/problemDiagnostics';
import { PROFILE_SAMPLE, detectProfile } from '../core/records/detectProfile';
import { readSidecar } from '../core/records/sidecar';
import { log } from '../log';

const DEBOUNCE_MS = 300;
const MAX_LINES = 20_000;
const MAX_CHARS = 50 * 1024 * 1024;
/** Lines read to find the profile's sample records (blank and malformed lines are skipped). */
const PROFILE_LINES = 200;
/** Time one slice of a run may take before it yields to the event loop. */
const SLICE_MS = 15;
/** Schemes whose documents are views of other files (diffs, output), not files being edited. */
const SKIPPED_SCHEMES = new Set(['git', 'output', 'vscode-scm', 'gitlens', 'review', 'pr']);

interface DocumentState {
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every schedule and by close: a run whose generation is stale stops. */
  generation: number;
  profile: FileProfile | undefined;
  profileKey: string;
  /** Problems by line text (placed on line 1), for the current profile and durations. */
  cache: Map<string, FoundProblem[]>;
  skipLogged: boolean;
}

export function isQuickFixCandidate(document: vscode.TextDocument): boolean {
  return document.fileName.toLowerCase().endsWith('.jsonl') && !SKIPPED_SCHEMES.has(document.uri.scheme);
}

/** The file's profile from its first records, or undefined when they do not look like ReWatch records. */
export function detectTextProfile(document: vscode.TextDocument): FileProfile | undefined {
  const samples: unknown[] = [];
  const lines = Math.min(document.lineCount, PROFILE_LINES);
  for (let i = 0; i < lines && samples.length < PROFILE_SAMPLE; i++) {
    const text = document
      .lineAt(i)
      .text.replace(/^\uFEFF/, '')
      .trim();
    if (!text.startsWith('{')) continue;
    try {
      samples.push(JSON.parse(text));
    } catch {
      // A malformed line says nothing about the mapping.
    }
  }
  if (samples.length === 0) return undefined;
  let sidecar = {};
  if (document.uri.scheme === 'file') {
    const read = readSidecar(document.uri.fsPath);
    if (read.error !== undefined) log().warn(read.error);
    sidecar = read.sidecar;
  }
  const profile = detectProfile(samples, sidecar);
  const rewatchLike = profile.kind === 'cot' || profile.kind === 'qa' || profile.kind === 'rollout';
  return rewatchLike ? profile : undefined;
}

class QuickFixes implements vscode.CodeActionProvider, vscode.Disposable {
  private readonly states = new Map<string, DocumentState>();

  constructor(private readonly publisher: ProblemPublisher) {}

  /** The engine's context for a document's lines: the durations the Inspector probed for its videos. */
  private context(document: vscode.TextDocument): ProblemContext {
    const durations = this.publisher.durationsOf(document.uri);
    return durations === undefined ? {} : { durationOf: (video) => durations.get(video) };
  }

  schedule(document: vscode.TextDocument): void {
    if (!isQuickFixCandidate(document)) return;
    const key = document.uri.toString();
    let state = this.states.get(key);
    if (state === undefined) {
      state = { timer: undefined, generation: 0, profile: undefined, profileKey: '', cache: new Map(), skipLogged: false };
      this.states.set(key, state);
    }
    const current = state;
    if (current.timer !== undefined) clearTimeout(current.timer);
    const generation = ++current.generation;
    current.timer = setTimeout(() => {
      current.timer = undefined;
      this.update(document, current, generation).catch((error: unknown) => {
        log().error(`ReWatch quick fixes failed on ${document.uri.fsPath}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      });
    }, DEBOUNCE_MS);
  }

  close(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const state = this.states.get(key);
    if (state !== undefined) {
      if (state.timer !== undefined) clearTimeout(state.timer);
      state.generation++;
      this.states.delete(key);
    }
    this.publisher.clear('text', document.uri);
  }

  private async update(document: vscode.TextDocument, state: DocumentState, generation: number): Promise<void> {
    const stale = (): boolean => document.isClosed || state.generation !== generation;
    if (stale()) return;
    const chars = document.offsetAt(new vscode.Position(document.lineCount, 0));
    if (document.lineCount > MAX_LINES || chars > MAX_CHARS) {
      if (!state.skipLogged) {
        state.skipLogged = true;
        log().info(
          `Quick fixes skip ${document.uri.fsPath}: ${document.lineCount.toLocaleString('en-US')} lines, ${(chars / 1048576).toFixed(1)} MB ` +
            `(limits ${MAX_LINES.toLocaleString('en-US')} lines, ${MAX_CHARS / 1048576} MB). Open it in the Inspector to see its problems.`,
        );
      }
      state.cache.clear();
      this.publisher.clear('text', document.uri);
      return;
    }
    const profile = detectTextProfile(document);
    const context = this.context(document);
    const durations = this.publisher.durationsOf(document.uri);
    const profileKey = profile === undefined ? '' : JSON.stringify([profile.kind, profile.dialect, profile.fields, [...(durations ?? new Map())]]);
    if (profileKey !== state.profileKey) {
      state.cache.clear();
      state.profileKey = profileKey;
    }
    state.profile = profile;
    if (profile === undefined) {
      this.publisher.clear('text', document.uri);
      return;
    }

    const version = document.version;
    const cache = new Map<string, FoundProblem[]>();
    const problems: FoundProblem[] = [];
    let sliceStart = Date.now();
    for (let line = 0; line < document.lineCount; line++) {
      if (Date.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        if (stale() || document.version !== version) return;
        sliceStart = Date.now();
      }
      const text = document.lineAt(line).text;
      if (text.trim() === '') continue;
      let found = cache.get(text) ?? state.cache.get(text);
      if (found === undefined) found = lineIssues(text, profile, context);
      cache.set(text, found);
      // Cached on line 1: moved to this line.
      for (const problem of found) problems.push({ ...problem, line: problem.line + line, endLine: problem.endLine + line });
    }
    if (stale() || document.version !== version) return;
    state.cache = cache;
    this.publisher.set('text', document.uri, problems);
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only !== undefined && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    try {
      const profile = this.states.get(document.uri.toString())?.profile ?? detectTextProfile(document);
      if (profile === undefined) return [];
      const actions = new Map<string, vscode.CodeAction>();
      const issuesByLine = new Map<number, FoundProblem[]>();
      for (const diagnostic of ours) {
        const line = diagnostic.range.start.line;
        if (line >= document.lineCount) continue;
        const lineRange = document.lineAt(line).range;
        let issues = issuesByLine.get(line);
        if (issues === undefined) {
          issues = lineFixes(document.lineAt(line).text, profile, this.context(document), line + 1);
          issuesByLine.set(line, issues);
        }
        const issue = matchIssue(issues, diagnostic);
        issue?.fixes.forEach((fix, i) => {
          const key = `${line}\u0000${fix.title}\u0000${fix.text}`;
          const existing = actions.get(key);
          if (existing !== undefined) {
            existing.diagnostics?.push(diagnostic);
            return;
          }
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.isPreferred = i === 0;
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(document.uri, lineRange, fix.text);
          actions.set(key, action);
        });
      }
      return [...actions.values()];
    } catch (error) {
      log().error(
        `ReWatch quick fixes: code actions failed on ${document.uri.fsPath}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return [];
    }
  }

  dispose(): void {
    for (const state of this.states.values()) {
      if (state.timer !== undefined) clearTimeout(state.timer);
      state.generation++;
    }
    this.states.clear();
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** The problem a diagnostic was made from: the same code and range (the publisher makes each diagnostic from one problem). */
function matchIssue(problems: readonly FoundProblem[], diagnostic: vscode.Diagnostic): FoundProblem | undefined {
  const code = codeOf(diagnostic);
  const { start, end } = diagnostic.range;
  return problems.find(
    (p) => p.code === code && p.line - 1 === start.line && p.column - 1 === start.character && p.endLine - 1 === end.line && p.endColumn - 1 === end.character,
  );
}

/** Diagnostics and quick fixes for ReWatch `.jsonl` files opened as text. */
export function registerQuickFixes(context: vscode.ExtensionContext): void {
  const quickFixes = new QuickFixes(problemPublisher(context));
  context.subscriptions.push(
    quickFixes,
    vscode.languages.registerCodeActionsProvider([{ pattern: '**/*.jsonl' }, { pattern: '**/*.JSONL' }], quickFixes, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.workspace.onDidOpenTextDocument((document) => quickFixes.schedule(document)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) quickFixes.schedule(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => quickFixes.close(document)),
  );
  for (const document of vscode.workspace.textDocuments) quickFixes.schedule(document);
}
