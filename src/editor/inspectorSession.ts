import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside, safeRoot } from '../core/video/webviewRoots';
import * as vscode from 'vscode';
import type { SampleDetail } from '../../shared/sample/sample';
import type { GroupDetail, JudgeScores, SampleScore } from '../../shared/rewards/scores';
import { judgeInputFor } from '../core/judge/judgeInputFor';
import { CaptionIndex } from '../core/rewards/evidence/captionIndex';
import { buildGroupDetail, type GroupInput } from '../core/rewards/groupDetail';
import { GroupStatsCache, MAX_GROUP } from '../core/scoring/groupStatsCache';
import { groupOf, inlineCaptions, scoreUpdate } from '../core/scoring/scoreFile';
import { scoreRecord, withJudge } from '../core/rewards/scoreRecord';
import type { JudgeService } from '../judge/judgeService';
import type { Thumbnail, VideoState } from '../../shared/video/video';
import { CaptionLibrary, type VideoCaptions } from '../core/captions/captionLibrary';
import { NoFfmpegError, type PreparedVideo, type VideoLibrary } from '../core/video/videoLibrary';
import type { LoadedRecord } from '../core/records/readRecord';
import { buildSample } from '../core/sample/buildSample';
import { resolveVideo } from '../core/video/resolveVideo';
import { log } from '../log';
import { videoSettings, VIDEO_SETTINGS } from '../video/videoSettings';
import type { DatasetDocument } from './datasetDocument';
import type { HostToWebview } from '../../shared/protocol';
import { alignChains } from '../../shared/chain/alignChains';
import type { ChainDiff, ChainEdit, DiffAgainst, EditOutcome, ScoreDelta } from '../../shared/edit/edits';
import type { ReviewEntry, ReviewStatus } from '../../shared/review/review';
import type { QueryResult, RecordQuery } from '../../shared/list/recordQuery';
import { editRecordChain, replaceChain } from '../core/edit/editRecord';
import { recordFromBytes } from '../core/records/readRecord';
import { reviewHash } from '../core/review/reviewSidecar';
import { shownChain } from '../core/sample/buildSample';
import type { ColumnUpdate } from '../core/store/recordStore';
import { judgedValues } from '../core/rewards/columnScorers';
import { scoreDelta } from '../core/rewards/scoreDelta';
import { EMPTY_STATS, type RunEnd, type RunSnapshot, type RunStarted } from '../../shared/inference/inference';
import { RunJournal } from '../core/inference/runJournal';
import type { InferenceService, RunInput } from '../inference/inferenceService';
import { inferenceSettings } from '../inference/inferenceSettings';

/** How long a sample request waits for a first probe or a caption index before answering without them. */
const PROBE_WAIT_MS = 1500;
const CAPTION_WAIT_MS = 300;
/** Containers a browser may play when ffmpeg is not there to tell. */
const MAYBE_PLAYABLE = /\.(mp4|m4v|mov|webm)$/i;

export interface SessionServices {
  videos: VideoLibrary;
  captions: CaptionLibrary;
  /** Folders the webview may load from besides the dataset's own (extension dist, caches). */
  baseRoots: string[];
  judge: JudgeService;
  /** Judge verdicts of this window's runs, by `uri#position#completion` (the cache makes reruns free). */
  judgments: Map<string, JudgeScores>;
  inference: InferenceService;
}

/** Run ids are unique in the window, so a late message of an old run is never taken for a new one's. */
let nextRunId = 1;

/** What a session needs from its panel; tests give it one without a webview. */
export interface SessionView {
  post(message: HostToWebview): void;
  /** A URI the view can load a local file from. */
  asUri(file: string): string;
  /** The folders the view may load from (a webview's `localResourceRoots`). */
  setRoots(roots: string[]): void;
}

/** The SessionView of a webview panel. */
export function webviewView(webview: vscode.Webview, post: (message: HostToWebview) => void): SessionView {
  return {
    post,
    asUri: (file) => webview.asWebviewUri(vscode.Uri.file(file)).toString(),
    setRoots: (roots) => (webview.options = { enableScripts: true, localResourceRoots: roots.map((r) => vscode.Uri.file(r)) }),
  };
}

interface ResolvedVideo {
  position: number;
  state: VideoState;
  prepared?: PreparedVideo;
}

/**
 * One Inspector panel's view of its document: the current sample, its video (resolved, probed,
 * proxied) and the webview's resource roots. Documents (and their index) are shared; sessions are not.
 */
export class InspectorSession implements vscode.Disposable {
  private current: ResolvedVideo | undefined;
  private readonly judging = new Map<number, AbortController>();
  private readonly runs = new Map<number, AbortController>();
  /** What the runs streamed, for a webview that is loaded again (its tab was hidden). */
  private readonly journal = new RunJournal();
  private readonly subscriptions: vscode.Disposable[] = [];
  private roots: string[];

  constructor(
    readonly document: DatasetDocument,
    private readonly view: SessionView,
    private readonly services: SessionServices,
  ) {
    this.roots = this.defaultRoots();
    this.view.setRoots(this.roots);
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (VIDEO_SETTINGS.some((s) => event.affectsConfiguration(s, this.document.uri)) || event.affectsConfiguration('rewatchInspector.captionFiles')) {
          this.current = undefined;
          this.view.post({ type: 'sampleStale' });
        }
      }),
    );
  }

  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  dispose(): void {
    for (const controller of this.judging.values()) controller.abort();
    for (const controller of this.runs.values()) controller.abort();
    for (const s of this.subscriptions) s.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }

  /** The sample view's record; makes it current and (re)starts its video in the background. */
  async sample(position: number, completion: number): Promise<SampleDetail> {
    const loaded = this.loadedFor(position);
    const videoJob = this.videoFor(position, loaded);
    const captions = await this.captionsFor(loaded);
    // A first probe of a slow disk must not hold the sample up: answer without the duration, refresh after.
    const video = await Promise.race([videoJob, delay(PROBE_WAIT_MS).then(() => undefined)]);
    if (video === undefined) void videoJob.then(() => this.current?.position === position && this.view.post({ type: 'sampleStale' }));
    const detail = buildSample({
      loaded,
      problems: this.document.problemsOf(position),
      completion,
      captions: captions ?? null,
      videoDuration: video?.prepared?.probe.duration ?? null,
    });
    return { ...detail, edited: this.document.isEdited(position), review: loaded.record ? this.document.reviews().entryFor(loaded.record.id, reviewHash(loaded.record)) : null };
  }

  /** The list's query as the webview last asked for it ("Export fixed records" can export that list). */
  lastQuery: RecordQuery | undefined;

  query(query: RecordQuery): QueryResult {
    this.lastQuery = query;
    return this.document.query(query);
  }

  /** One chain edit through the document's edit log; refused (with the reason) when it would break the record. */
  edit(position: number, completion: number, edit: ChainEdit): EditOutcome {
    if (!vscode.workspace.isTrusted) return { applied: false, reason: 'Datasets are read-only in Restricted Mode: trust the workspace to edit.' };
    const { loaded, profile } = this.editable(position);
    const result = editRecordChain(loaded, profile, completion, edit);
    if (!result.ok) return { applied: false, reason: result.reason };
    this.document.applyEdit(position, loaded.text, result.text, result.label);
    return { applied: true };
  }

  /** The reward delta of the record's unsaved edits: as saved → as edited; judge rows when asked (the judge cache makes the saved side free when it was judged before). */
  async scoreDelta(position: number, completion: number, judge: boolean): Promise<ScoreDelta> {
    const after = this.recordFor(position);
    const saved = this.document.savedRecord(position);
    const before = saved?.record ? { loaded: saved, record: saved.record } : after;
    const captions = await this.captionsFor(after.loaded);
    const judgeBefore = judge ? await this.runJudge(position, before.record, completion, captions) : null;
    const judgeAfter = judge ? await this.runJudge(position, after.record, completion, captions) : null;
    const scoreBefore = scoreRecordWith(this.scoreOf(before.loaded, before.record, captions, completion), judgeBefore);
    const scoreAfter = scoreRecordWith(this.scoreOf(after.loaded, after.record, captions, completion), judgeAfter);
    return scoreDelta({ position, edited: this.document.isEdited(position), before: scoreBefore, after: scoreAfter, judged: judge });
  }

  /**
   * Runs the configured model on the sample: answers at once with the run id; `inferenceProgress`
   * notifications stream the text and the stats, and one `inferenceEnd` closes the run.
   */
  async runModel(position: number, completion: number): Promise<RunStarted> {
    const { loaded, record } = this.recordFor(position);
    if (!('question' in record) || record.question === null || record.question === '') throw new Error('This record has no question to ask the model.');
    const settings = inferenceSettings(this.document.uri);
    const runId = nextRunId++;
    const started: RunStarted = { runId, backend: settings.backend, model: settings.backend === 'python' ? settings.modelPath : settings.servedModel || settings.endpoint };
    const controller = new AbortController();
    this.runs.set(runId, controller);
    this.journal.start(started, position, completion, EMPTY_STATS);
    const question = record.question;
    const options = record.options;
    const questionType = record.questionType;
    void (async () => {
      const video = await this.runVideo(position, loaded);
      const end = await this.services.inference.run(
        { resource: this.document.uri, video, question, options, questionType },
        {
          onProgress: (phase, delta, stats) => {
            this.journal.progress(runId, phase, delta, stats);
            this.view.post({ type: 'inferenceProgress', runId, position, phase, delta, stats });
          },
        },
        controller.signal,
      );
      this.runs.delete(runId);
      log().info(`Model run ${runId} on record ${position + 1}: ${end.status}${end.error ? ` (${end.error.code})` : ''}, ${end.stats.tokens} tokens`);
      const ended: RunEnd = { ...end, runId, position };
      this.journal.end(ended);
      this.view.post({ type: 'inferenceEnd', end: ended });
    })();
    return started;
  }

  /** The runs a reloaded webview should show again. */
  runSnapshots(): RunSnapshot[] {
    return this.journal.snapshots();
  }

  /** The panel's Close on a finished run. */
  forgetRun(runId: number): void {
    this.journal.forget(runId);
  }

  cancelModel(runId: number): void {
    this.runs.get(runId)?.abort();
  }

  /** The sample's video for a model run: its file and probed duration and size, or where it was looked for. */
  private async runVideo(position: number, loaded: LoadedRecord): Promise<RunInput['video']> {
    const resolved = this.current?.position === position ? this.current : await this.videoFor(position, loaded);
    const state = resolved.state;
    if (state.state === 'missing') return { missing: `The video ${state.video} was not found; looked in ${state.tried.join(', ')}.` };
    if (state.state === 'none') return { missing: 'This record names no video.' };
    const file = resolved.prepared?.path ?? ('path' in state ? state.path : undefined);
    if (file === undefined) return { missing: 'The video could not be read.' };
    const probe = resolved.prepared?.probe;
    return { path: file, duration: loaded.record?.duration ?? probe?.duration ?? null, width: probe?.width ?? null, height: probe?.height ?? null };
  }

  /** The shown chain (right) against the record as saved or another completion (left), step-aligned. */
  diff(position: number, completion: number, against: DiffAgainst): ChainDiff {
    const { record } = this.recordFor(position);
    const right = shownChain(record, completion);
    if (right.chain === null) throw new Error('This record has no chain to compare.');
    if (against.kind === 'saved') {
      const saved = this.document.savedRecord(position)?.record;
      const left = saved ? shownChain(saved, completion).chain : null;
      return alignChains(left ?? '', right.chain, { left: 'As saved', right: this.document.isEdited(position) ? 'Edited' : 'As saved' });
    }
    if (against.kind === 'chain') return alignChains(right.chain, against.chain, { left: this.document.isEdited(position) ? 'Stored (edited)' : 'Stored', right: against.label });
    const left = shownChain(record, against.completion);
    return alignChains(left.chain ?? '', right.chain, { left: `Completion ${left.completion + 1}`, right: `Completion ${right.completion + 1}` });
  }

  /** A chain from elsewhere (a model's run) scored as if it were the record's shown chain. */
  async scoreChain(position: number, completion: number, chain: string): Promise<SampleScore> {
    const candidate = this.withChain(position, completion, chain, 'Score a chain');
    if (!candidate.ok) throw new Error(candidate.reason);
    const { loaded } = candidate;
    if (!loaded.record) throw new Error('The record could not be read with the new chain.');
    return this.scoreOf(loaded, loaded.record, await this.captionsFor(loaded), completion);
  }

  /** Replaces the shown chain with `chain` (a model's run) as one undoable edit. */
  useChain(position: number, completion: number, chain: string): EditOutcome {
    if (!vscode.workspace.isTrusted) return { applied: false, reason: 'Datasets are read-only in Restricted Mode: trust the workspace to edit.' };
    const candidate = this.withChain(position, completion, chain, "Use the model's chain");
    if (!candidate.ok) return { applied: false, reason: candidate.reason };
    this.document.applyEdit(position, candidate.before, candidate.loaded.text, "Use the model's chain");
    return { applied: true };
  }

  private withChain(position: number, completion: number, chain: string, label: string): { ok: true; loaded: LoadedRecord; before: string } | { ok: false; reason: string } {
    const { loaded, profile } = this.editable(position);
    const result = replaceChain(loaded, profile, completion, chain, label);
    if (!result.ok) return result;
    return { ok: true, loaded: recordFromBytes(Buffer.from(result.text, 'utf8'), loaded.summary, profile), before: loaded.text };
  }

  /** Marks the record in `<file>.review.jsonl` (null status clears the mark). */
  setReview(position: number, status: ReviewStatus | null, note: string): ReviewEntry {
    if (!vscode.workspace.isTrusted) throw new Error('Review marks are not written in Restricted Mode: trust the workspace first.');
    const { record } = this.recordFor(position);
    const entry: ReviewEntry = { id: record.id, hash: reviewHash(record), status, note, time: new Date().toISOString(), position };
    this.document.reviews().append(entry);
    return entry;
  }

  /** The index's score columns of records saved just now (their chains changed). */
  async scoreUpdates(positions: readonly number[]): Promise<ColumnUpdate[]> {
    const updates: ColumnUpdate[] = [];
    for (const position of positions) {
      const loaded = this.document.record(position);
      if (!loaded?.record) continue;
      const captions = await this.captionsFor(loaded);
      const count = loaded.record.kind === 'rollout' ? Math.max(1, loaded.record.completions.length) : 1;
      const scores = Array.from({ length: count }, (_, completion) => this.scoreOf(loaded, loaded.record!, captions, completion));
      // The scoring pass's own reduction of a record's scores to its index columns.
      updates.push(scoreUpdate({ summary: loaded.summary, scores }));
    }
    return updates;
  }

  /** The sample's reward breakdown: logged, recomputed offline, evidence per step, group, judge verdicts of this window. */
  async score(position: number, completion: number): Promise<SampleScore> {
    const { loaded, record } = this.recordFor(position);
    return this.scoreOf(loaded, record, await this.captionsFor(loaded), completion);
  }

  private scoreOf(loaded: LoadedRecord, record: NonNullable<LoadedRecord['record']>, captions: VideoCaptions | undefined, completion: number): SampleScore {
    const position = loaded.summary.position;
    const probed = this.current?.position === position ? this.current.prepared?.probe.duration : undefined;
    const profile = this.document.profile;
    return scoreRecord({
      record,
      completion,
      captions: captions ? new CaptionIndex(captions.segments) : profile ? inlineCaptions(loaded.value, profile) : null,
      duration: record.duration ?? probed ?? null,
      dialect: profile?.dialect ?? 'rewatch',
      group: groupOf(record, loaded.summary, completion, new GroupStatsCache(this.document)),
      judge: this.services.judgments.get(this.judgmentKey(position, completion)) ?? null,
    });
  }

  /** Runs the judge on one chain, keeps its verdicts (and r_obs/r_rea in the index), answers with the new score. */
  async judge(position: number, completion: number): Promise<SampleScore> {
    const { loaded, record } = this.recordFor(position);
    const captions = await this.captionsFor(loaded);
    this.judging.get(position)?.abort();
    const scores = await this.runJudge(position, record, completion, captions);
    if (scores === null) throw new Error('This record has no chain to judge.');
    this.services.judgments.set(this.judgmentKey(position, completion), scores);
    const score = this.scoreOf(loaded, record, captions, completion);
    this.document.saveJudgeScores({ position, values: judgedValues(score) });
    return score;
  }

  /** One judge run on a chain (cancellable with cancelJudge, progress posted); null when it has no chain. */
  private async runJudge(position: number, record: NonNullable<LoadedRecord['record']>, completion: number, captions: VideoCaptions | undefined): Promise<JudgeScores | null> {
    const input = judgeInputFor(record, completion, captions?.segments ?? []);
    if (input === undefined) return null;
    const controller = new AbortController();
    this.judging.set(position, controller);
    try {
      const label = record.id ?? `record ${position + 1}`;
      return await this.services.judge.run(input, this.document.uri, label, controller.signal, (done, total) => this.view.post({ type: 'judgeProgress', position, done, total }));
    } finally {
      if (this.judging.get(position) === controller) this.judging.delete(position);
    }
  }

  cancelJudge(position: number): void {
    this.judging.get(position)?.abort();
  }

  /** The rollouts of the sample's prompt side by side (a multi-completion record: its completions). */
  group(position: number): GroupDetail {
    const { loaded, record } = this.recordFor(position);
    const dialect = this.document.profile?.dialect ?? 'rewatch';
    if (record.kind === 'rollout' && record.completions.length > 1) {
      const inputs: GroupInput[] = record.completions.slice(0, MAX_GROUP).map((_, completion) => ({ position, completion, record }));
      return buildGroupDetail(inputs, record.promptId ?? record.id, dialect, record.completions.length > MAX_GROUP);
    }
    const promptId = loaded.summary.promptId;
    if (promptId === null) return buildGroupDetail([{ position, completion: 0, record }], null, dialect, false);
    const members = this.document.groupMembers(promptId, MAX_GROUP + 1);
    const inputs: GroupInput[] = [];
    for (const member of members.slice(0, MAX_GROUP)) {
      const memberRecord = this.document.record(member.position)?.record;
      if (memberRecord) inputs.push({ position: member.position, completion: 0, record: memberRecord });
    }
    return buildGroupDetail(inputs, promptId, dialect, members.length > MAX_GROUP);
  }

  /** The record at `position`, or an error saying it does not exist (yet, while indexing). */
  private loadedFor(position: number): LoadedRecord {
    const loaded = this.document.record(position);
    if (!loaded) throw new Error(`There is no record ${position + 1}${this.document.progress.done ? '' : ' yet (still indexing)'}.`);
    return loaded;
  }

  /** The record and the file's field profile, which an edit needs. */
  private editable(position: number): { loaded: LoadedRecord; profile: NonNullable<DatasetDocument['profile']> } {
    const loaded = this.loadedFor(position);
    const profile = this.document.profile;
    if (!profile) throw new Error(`There is no record ${position + 1}${this.document.progress.done ? '' : ' yet (still indexing)'}.`);
    return { loaded, profile };
  }

  private recordFor(position: number): { loaded: LoadedRecord; record: NonNullable<LoadedRecord['record']> } {
    const loaded = this.loadedFor(position);
    if (!loaded.record) throw new Error(`Record ${position + 1} is malformed: nothing to score.`);
    return { loaded, record: loaded.record };
  }

  private judgmentKey(position: number, completion: number): string {
    return `${this.document.uri.toString()}#${position}#${completion}`;
  }

  async thumbnails(position: number, start: number, end: number): Promise<Thumbnail[]> {
    const resolved = this.current?.position === position ? this.current : await this.videoFor(position, this.document.record(position));
    if (!resolved.prepared) return [{ time: start, src: null, error: videoUnavailable(resolved.state) }];
    const frames = await this.services.videos.thumbnails(resolved.prepared, start, end);
    return frames.map((f) => ({ time: f.time, src: f.path ? this.view.asUri(f.path) : null, error: f.error }));
  }

  /** Captions became available: the shown sample may now have some. */
  captionsChanged(): void {
    this.view.post({ type: 'sampleStale' });
  }

  cancelProxy(position: number): void {
    if (this.current?.position === position && this.current.prepared) {
      this.services.videos.cancelProxy(this.current.prepared, proxyOptions(this.document.uri));
    }
  }

  /**
   * The player refused a file ffprobe called playable (an unusual H.264 profile, a damaged index):
   * make a transcoded proxy of it, as for any other unplayable file.
   */
  playbackFailed(position: number, message: string): void {
    const current = this.current;
    if (current?.position !== position || !current.prepared || current.prepared.plan.mode !== 'direct') return;
    log().warn(`The player could not play ${current.prepared.path} (${message}); making a playable copy`);
    const prepared: PreparedVideo = {
      ...current.prepared,
      plan: { mode: 'transcode', reasons: [`the player could not play it (${message})`] },
      playable: undefined,
    };
    this.startProxy(position, prepared);
  }

  /** Shows "preparing" and makes the proxy in the background (the state turns "ready" or "error" when done). */
  private startProxy(position: number, prepared: PreparedVideo): ResolvedVideo {
    const shown = this.show(position, { state: 'preparing', path: prepared.path, probe: prepared.probe, plan: prepared.plan, fraction: 0 }, prepared);
    void this.makeProxy(position, prepared);
    return shown;
  }

  /** Makes `position`'s video state current and tells the view. */
  private show(position: number, state: VideoState, prepared?: PreparedVideo): ResolvedVideo {
    this.current = { position, state, prepared };
    this.view.post({ type: 'video', position, video: state });
    return this.current;
  }

  /** Looks for the video again; -1 forgets whatever is current. */
  retryVideo(position: number): void {
    if (position === -1 || this.current?.position === position) this.current = undefined;
    this.view.post({ type: 'sampleStale' });
  }

  /** "Choose folder…": adds a folder to `rewatchInspector.videoRoots` (workspace settings when there is a workspace). */
  async chooseVideoFolder(position: number): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      defaultUri: vscode.Uri.file(path.dirname(this.document.uri.fsPath)),
      openLabel: 'Use as video folder',
      title: 'Where are the videos of this dataset?',
    });
    const folder = picked?.[0];
    if (!folder) return;
    const config = vscode.workspace.getConfiguration('rewatchInspector', this.document.uri);
    const roots = config.get<string[]>('videoRoots', []);
    if (!roots.includes(folder.fsPath)) {
      const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await config.update('videoRoots', [...roots, folder.fsPath], target);
      log().info(`Added ${folder.fsPath} to rewatchInspector.videoRoots`);
    }
    this.retryVideo(position);
  }

  private async videoFor(position: number, loaded: LoadedRecord | undefined): Promise<ResolvedVideo> {
    const video = loaded?.record?.video ?? loaded?.summary.video ?? null;
    const settings = videoSettings(this.document.uri);
    const post = (state: VideoState, prepared?: PreparedVideo): ResolvedVideo => this.show(position, state, prepared);
    if (video === null) return post({ state: 'none' });
    const source = loaded?.record?.source ?? null;
    const found = resolveVideo({
      video,
      source,
      datasetDir: path.dirname(this.document.uri.fsPath),
      workspaceDirs: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
      videoRoots: settings.videoRoots,
      sourceRoots: settings.sourceRoots,
    });
    if (found.path === undefined) return post({ state: 'missing', video, source, tried: found.tried });
    const file = found.path;
    const options = proxyOptions(this.document.uri);
    try {
      post({ state: 'probing', path: file });
      const prepared = await this.services.videos.prepare(file, options);
      const { probe, plan } = prepared;
      if (prepared.playable === file && !this.allowRoot(path.dirname(file))) {
        // The webview may not read that whole folder (/, the home folder): it plays a copy in the cache.
        return this.startProxy(position, { ...prepared, plan: { mode: 'remux', reasons: [`${path.dirname(file)} is not a folder the Inspector opens to the webview`] }, playable: undefined });
      }
      if (prepared.playable) return post({ state: 'ready', path: file, probe, plan, src: this.uriOf(prepared.playable), proxied: prepared.playable !== file }, prepared);
      return this.startProxy(position, prepared);
    } catch (error) {
      if (error instanceof NoFfmpegError) {
        warnNoFfmpegOnce(error.message);
        return post({ state: 'no-ffmpeg', path: file, message: error.message, src: MAYBE_PLAYABLE.test(file) ? this.uriOf(file) : null });
      }
      const message = error instanceof Error ? error.message : String(error);
      log().error(`Video ${file}: ${message}`);
      return post({ state: 'error', path: file, message });
    }
  }

  private async makeProxy(position: number, prepared: PreparedVideo): Promise<void> {
    const options = proxyOptions(this.document.uri);
    const name = path.basename(prepared.path);
    const started = Date.now();
    log().info(`Making a playable copy of ${prepared.path} (${prepared.plan.mode}: ${prepared.plan.reasons.join(', ')})`);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `ReWatch: making a playable copy of ${name}`, cancellable: true },
      async (report, token) => {
        token.onCancellationRequested(() => this.services.videos.cancelProxy(prepared, options));
        let reported = 0;
        let lastPost = 0;
        try {
          const proxy = await this.services.videos.proxy(prepared, options, (fraction) => {
            const percent = Math.floor(fraction * 100);
            report.report({ increment: percent - reported, message: `${prepared.plan.mode === 'remux' ? 'remuxing' : 'transcoding'}, ${percent}%` });
            reported = percent;
            // Progress lines come many times a second; the webview needs a few.
            if (Date.now() - lastPost > 250 && this.current?.position === position) {
              lastPost = Date.now();
              this.view.post({ type: 'video', position, video: { state: 'preparing', path: prepared.path, probe: prepared.probe, plan: prepared.plan, fraction } });
            }
          });
          const seconds = (Date.now() - started) / 1000;
          log().info(`Playable copy of ${name} ready in ${seconds.toFixed(1)} s: ${proxy}`);
          const state: VideoState = { state: 'ready', path: prepared.path, probe: prepared.probe, plan: prepared.plan, src: this.uriOf(proxy), proxied: true };
          if (this.current?.position === position) this.current = { position, state, prepared: { ...prepared, playable: proxy } };
          this.view.post({ type: 'video', position, video: state });
        } catch (error) {
          const cancelled = error instanceof Error && error.name === 'AbortError';
          const message = cancelled ? 'Making the playable copy was cancelled; thumbnails still work. Retry to make it.' : `Could not make a playable copy: ${error instanceof Error ? error.message : String(error)}`;
          (cancelled ? log().info : log().error).call(log(), `${name}: ${message}`);
          this.view.post({ type: 'video', position, video: { state: 'error', path: prepared.path, message } });
        }
      },
    );
  }

  private async captionsFor(loaded: LoadedRecord): Promise<VideoCaptions | undefined> {
    const video = loaded.record?.video;
    if (!video || loaded.record?.kind === 'caption') return undefined;
    const configured = vscode.workspace.getConfiguration('rewatchInspector', this.document.uri).get<string[]>('captionFiles', []);
    const files = this.services.captions.captionFilesFor(this.document.uri.fsPath, configured);
    if (files.length === 0) return undefined;
    const found = await this.services.captions.lookupSoon(files, video, CAPTION_WAIT_MS);
    return found === 'pending' ? undefined : found;
  }

  private uriOf(file: string): string {
    return this.view.asUri(file);
  }

  private defaultRoots(): string[] {
    const settings = videoSettings(this.document.uri);
    const datasetDir = path.dirname(this.document.uri.fsPath);
    const workspaces = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const configured = [...settings.videoRoots, ...Object.values(settings.sourceRoots)].map((r) => path.resolve(datasetDir, r));
    // The caches may not exist yet (first run): create them, or a root that is missing now is never allowed.
    for (const root of this.services.baseRoots) fs.mkdirSync(root, { recursive: true });
    return unique([...this.services.baseRoots, datasetDir, ...workspaces, ...configured]).filter((root) => safeRoot(root));
  }

  /**
   * A directly playable video (ffprobe found a video stream) outside every allowed folder needs its
   * folder added to `localResourceRoots`. Never the file system's root or the home folder (or a folder
   * holding it): a record naming /etc/passwd as its video must not open / to the webview. Changing the
   * roots reloads the webview, which restores its state from `setState`, so it happens at most once per
   * folder. Returns false when the folder is not allowed.
   */
  private allowRoot(dir: string): boolean {
    if (this.roots.some((root) => isInside(dir, root))) return true;
    if (!safeRoot(dir)) {
      log().warn(`Not opening ${dir} to the webview (the file system's root or the home folder); its video plays from a copy`);
      return false;
    }
    this.roots = [...this.roots, dir];
    log().info(`Allowing the Inspector to load videos from ${dir}`);
    this.view.setRoots(this.roots);
    return true;
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));


function proxyOptions(scope: vscode.Uri): { maxHeight: number; audio: 'none' | 'mp3' } {
  const settings = videoSettings(scope);
  return { maxHeight: settings.proxyMaxHeight, audio: settings.proxyAudio };
}

function videoUnavailable(state: VideoState): string {
  switch (state.state) {
    case 'none':
      return 'This record names no video.';
    case 'missing':
      return `The video ${state.video} was not found.`;
    case 'no-ffmpeg':
    case 'error':
      return state.message;
    default:
      return 'The video is not ready.';
  }
}

let warnedNoFfmpeg = false;
function warnNoFfmpegOnce(message: string): void {
  log().warn(message);
  if (warnedNoFfmpeg) return;
  warnedNoFfmpeg = true;
  void vscode.window.showWarningMessage(`ReWatch Inspector: ${message} Everything except video and thumbnails still works.`, 'Open Settings').then((choice) => {
    if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'rewatchInspector.ffmpegPath');
  });
}


function unique(paths: string[]): string[] {
  return [...new Set(paths.map((p) => path.resolve(p)))].filter((p) => fs.existsSync(p));
}

/** A score with judge verdicts folded in (when the delta asked for them). */
function scoreRecordWith(score: SampleScore, judge: JudgeScores | null): SampleScore {
  return judge ? withJudge(score, judge) : score;
}
