/**
 * One panel's video: the current sample's video resolved, probed and proxied, its state pushed to
 * the view, thumbnails, and the webview's resource roots (which grow only to folders of videos that
 * probed as playable).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Thumbnail, VideoState } from '../../shared/video/video';
import type { LoadedRecord } from '../core/records/readRecord';
import { resolveVideo } from '../core/video/resolveVideo';
import { NoFfmpegError, type PreparedVideo, type VideoLibrary } from '../core/video/videoLibrary';
import { isInside, safeRoot } from '../core/video/webviewRoots';
import type { SessionContext } from '../editor/sessionContext';
import { log } from '../log';
import { videoSettings, VIDEO_SETTINGS } from './videoSettings';

/** Containers a browser may play when ffmpeg is not there to tell. */
const MAYBE_PLAYABLE = /\.(mp4|m4v|mov|webm)$/i;

export interface ResolvedVideo {
  position: number;
  state: VideoState;
  prepared?: PreparedVideo;
}

/** What a model run needs of the sample's video: the file and its size, or why there is none. */
export type RunVideo = { path: string; duration: number | null; width: number | null; height: number | null } | { missing: string };

export class VideoSession implements vscode.Disposable {
  private current: ResolvedVideo | undefined;
  private roots: string[];
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly session: SessionContext,
    private readonly videos: VideoLibrary,
    /** Folders the webview may load from besides the dataset's own (extension dist, caches). */
    private readonly baseRoots: readonly string[],
  ) {
    this.roots = this.defaultRoots();
    this.session.view.setRoots(this.roots);
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (VIDEO_SETTINGS.some((s) => event.affectsConfiguration(s, this.document.uri))) {
          this.current = undefined;
          this.session.view.post({ type: 'sampleStale' });
        }
      }),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private get document() {
    return this.session.document;
  }

  /** Whether `position`'s video is the one shown now. */
  isCurrent(position: number): boolean {
    return this.current?.position === position;
  }

  /** The probed duration of `position`'s video when it is the current one. */
  probedDuration(position: number): number | null | undefined {
    return this.current?.position === position ? this.current.prepared?.probe.duration : undefined;
  }

  /** `position`'s video, resolved and probed (the current one is reused). */
  resolved(position: number, loaded: LoadedRecord | undefined): Promise<ResolvedVideo> {
    return this.current?.position === position ? Promise.resolve(this.current) : this.videoFor(position, loaded);
  }

  /** The sample's video for a model run: its file and probed duration and size, or where it was looked for. */
  async forRun(position: number, loaded: LoadedRecord): Promise<RunVideo> {
    const resolved = await this.resolved(position, loaded);
    const state = resolved.state;
    if (state.state === 'missing') return { missing: `The video ${state.video} was not found; looked in ${state.tried.join(', ')}.` };
    if (state.state === 'none') return { missing: 'This record names no video.' };
    const file = resolved.prepared?.path ?? ('path' in state ? state.path : undefined);
    if (file === undefined) return { missing: 'The video could not be read.' };
    const probe = resolved.prepared?.probe;
    return { path: file, duration: loaded.record?.duration ?? probe?.duration ?? null, width: probe?.width ?? null, height: probe?.height ?? null };
  }

  async thumbnails(position: number, start: number, end: number): Promise<Thumbnail[]> {
    const resolved = await this.resolved(position, this.document.record(position));
    if (!resolved.prepared) return [{ time: start, src: null, error: videoUnavailable(resolved.state) }];
    const frames = await this.videos.thumbnails(resolved.prepared, start, end);
    return frames.map((f) => ({ time: f.time, src: f.path ? this.session.view.asUri(f.path) : null, error: f.error, pastEnd: f.pastEnd }));
  }

  cancelProxy(position: number): void {
    if (this.current?.position === position && this.current.prepared) {
      this.videos.cancelProxy(this.current.prepared, proxyOptions(this.document.uri));
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

  /** Looks for the video again; -1 forgets whatever is current. */
  retry(position: number): void {
    if (position === -1 || this.current?.position === position) this.current = undefined;
    this.session.view.post({ type: 'sampleStale' });
  }

  /** "Choose folder…": adds a folder to `rewatchInspector.videoRoots` (workspace settings when there is a workspace). */
  async chooseFolder(position: number): Promise<void> {
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
    this.retry(position);
  }

  /** Resolves and probes `position`'s video, making it current; a proxy is started when it cannot play as is. */
  async videoFor(position: number, loaded: LoadedRecord | undefined): Promise<ResolvedVideo> {
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
      const prepared = await this.videos.prepare(file, options);
      const { probe, plan } = prepared;
      if (prepared.playable === file && !this.allowRoot(path.dirname(file))) {
        // The webview may not read that whole folder (/, the home folder): it plays a copy in the cache.
        return this.startProxy(position, {
          ...prepared,
          plan: { mode: 'remux', reasons: [`${path.dirname(file)} is not a folder the Inspector opens to the webview`] },
          playable: undefined,
        });
      }
      if (prepared.playable)
        return post({ state: 'ready', path: file, probe, plan, src: this.uriOf(prepared.playable), proxied: prepared.playable !== file }, prepared);
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

  /** Shows "preparing" and makes the proxy in the background (the state turns "ready" or "error" when done). */
  private startProxy(position: number, prepared: PreparedVideo): ResolvedVideo {
    const shown = this.show(position, { state: 'preparing', path: prepared.path, probe: prepared.probe, plan: prepared.plan, fraction: 0 }, prepared);
    void this.makeProxy(position, prepared);
    return shown;
  }

  /** Makes `position`'s video state current and tells the view. */
  private show(position: number, state: VideoState, prepared?: PreparedVideo): ResolvedVideo {
    this.current = { position, state, prepared };
    this.session.view.post({ type: 'video', position, video: state });
    return this.current;
  }

  private async makeProxy(position: number, prepared: PreparedVideo): Promise<void> {
    const options = proxyOptions(this.document.uri);
    const name = path.basename(prepared.path);
    const started = Date.now();
    log().info(`Making a playable copy of ${prepared.path} (${prepared.plan.mode}: ${prepared.plan.reasons.join(', ')})`);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `ReWatch: making a playable copy of ${name}`, cancellable: true },
      async (report, token) => {
        token.onCancellationRequested(() => this.videos.cancelProxy(prepared, options));
        let reported = 0;
        let lastPost = 0;
        try {
          const proxy = await this.videos.proxy(prepared, options, (fraction) => {
            const percent = Math.floor(fraction * 100);
            report.report({ increment: percent - reported, message: `${prepared.plan.mode === 'remux' ? 'remuxing' : 'transcoding'}, ${percent}%` });
            reported = percent;
            // Progress lines come many times a second; the webview needs a few.
            if (Date.now() - lastPost > 250 && this.current?.position === position) {
              lastPost = Date.now();
              this.session.view.post({
                type: 'video',
                position,
                video: { state: 'preparing', path: prepared.path, probe: prepared.probe, plan: prepared.plan, fraction },
              });
            }
          });
          const seconds = (Date.now() - started) / 1000;
          log().info(`Playable copy of ${name} ready in ${seconds.toFixed(1)} s: ${proxy}`);
          const state: VideoState = { state: 'ready', path: prepared.path, probe: prepared.probe, plan: prepared.plan, src: this.uriOf(proxy), proxied: true };
          if (this.current?.position === position) this.current = { position, state, prepared: { ...prepared, playable: proxy } };
          this.session.view.post({ type: 'video', position, video: state });
        } catch (error) {
          const cancelled = error instanceof Error && error.name === 'AbortError';
          const message = cancelled
            ? 'Making the playable copy was cancelled; thumbnails still work. Retry to make it.'
            : `Could not make a playable copy: ${error instanceof Error ? error.message : String(error)}`;
          (cancelled ? log().info : log().error).call(log(), `${name}: ${message}`);
          this.session.view.post({ type: 'video', position, video: { state: 'error', path: prepared.path, message } });
        }
      },
    );
  }

  private uriOf(file: string): string {
    return this.session.view.asUri(file);
  }

  private defaultRoots(): string[] {
    const settings = videoSettings(this.document.uri);
    const datasetDir = path.dirname(this.document.uri.fsPath);
    const workspaces = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const configured = [...settings.videoRoots, ...Object.values(settings.sourceRoots)].map((r) => path.resolve(datasetDir, r));
    // The caches may not exist yet (first run): create them, or a root that is missing now is never allowed.
    for (const root of this.baseRoots) fs.mkdirSync(root, { recursive: true });
    return unique([...this.baseRoots, datasetDir, ...workspaces, ...configured]).filter((root) => safeRoot(root));
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
    this.session.view.setRoots(this.roots);
    return true;
  }
}

/** A record's video's duration in seconds, found and probed as the video panel does (cached); null when not found or not probed. */
export function videoDuration(videos: VideoLibrary): (document: { uri: vscode.Uri }, video: string, source: string | null) => Promise<number | null> {
  return async (document, video, source) => {
    const settings = videoSettings(document.uri);
    const found = resolveVideo({
      video,
      source,
      datasetDir: path.dirname(document.uri.fsPath),
      workspaceDirs: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
      videoRoots: settings.videoRoots,
      sourceRoots: settings.sourceRoots,
    });
    if (found.path === undefined) return null;
    const prepared = await videos.prepare(found.path, proxyOptions(document.uri));
    return prepared.probe.duration;
  };
}

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
