/**
 * The composition root of the Inspector's host side: the window's services, and the features each
 * panel gets. A new feature is one line in `features` (its slice of the handlers); the compiler
 * checks that every message type is handled, and mergeSlices that none is handled twice.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JudgeScores } from '../shared/rewards/scores';
import { SessionCaptions } from './captions/sessionCaptions';
import { CaptionLibrary } from './core/captions/captionLibrary';
import { locateFfmpeg } from './core/video/locateFfmpeg';
import { VideoLibrary } from './core/video/videoLibrary';
import { datasetHandlers } from './dataset/datasetHandlers';
import { ScoringPass } from './dataset/scoringPass';
import { editHandlers } from './edit/editHandlers';
import { allHandled, type SliceBase } from './editor/inspectorFeature';
import type { SessionContext } from './editor/sessionContext';
import { InferenceService } from './inference/inferenceService';
import { runHandlers } from './inference/runHandlers';
import { JudgeService } from './judge/judgeService';
import { listHandlers } from './list/listHandlers';
import { log } from './log';
import { reviewHandlers } from './review/reviewHandlers';
import { rewardHandlers } from './rewards/rewardHandlers';
import { SessionScoring } from './rewards/sessionScoring';
import { sampleHandlers } from './sample/sampleHandlers';
import { videoSettings } from './video/videoSettings';
import { videoHandlers } from './video/videoHandlers';
import { VideoSession } from './video/videoSession';

/** What the window shares across panels (one of each). */
export class InspectorServices implements vscode.Disposable {
  readonly videos: VideoLibrary;
  readonly captions: CaptionLibrary;
  readonly judge: JudgeService;
  readonly inference: InferenceService;
  readonly scoring: ScoringPass;
  /** Judge verdicts of this window's runs, by `uri#position#completion` (the judge's cache makes reruns free). */
  readonly judgments = new Map<string, JudgeScores>();
  /** The panels' video and caption sessions, for what concerns all of them (a cleared cache, new captions). */
  readonly videoSessions = new Set<VideoSession>();
  readonly captionSessions = new Set<SessionCaptions>();

  constructor(readonly context: vscode.ExtensionContext) {
    // One lookup for the videos and the inference frames: never run in Restricted Mode.
    const ffmpeg = () =>
      vscode.workspace.isTrusted
        ? locateFfmpeg(videoSettings().ffmpegPath)
        : { error: 'ffmpeg is not run in an untrusted workspace (Restricted Mode); trust the workspace to see videos and thumbnails.' };
    this.videos = new VideoLibrary(path.join(this.storageDir, 'videos'), ffmpeg);
    this.judge = new JudgeService(context);
    this.inference = new InferenceService(context.extensionPath, ffmpeg);
    this.captions = new CaptionLibrary(this.indexDir, () => {
      // A caption file finished indexing: samples shown without captions can now have them.
      for (const captions of this.captionSessions) captions.changed();
    });
    this.scoring = new ScoringPass(this.captions, this.indexDir);
  }

  /** Where this workspace's indexes live (the dataset indexes and the caption files'). */
  get indexDir(): string {
    return path.join(this.storageDir, 'indexes');
  }

  private get storageDir(): string {
    return (this.context.storageUri ?? this.context.globalStorageUri).fsPath;
  }

  /** Deletes cached probes, proxies and thumbnails (not the dataset indexes); open panels look again. */
  async clearVideoCache(): Promise<void> {
    await vscode.workspace.fs.delete(vscode.Uri.file(this.videos.cacheRoot), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    for (const video of this.videoSessions) video.retry(-1);
    log().info(`Cleared the video cache ${this.videos.cacheRoot}`);
  }

  dispose(): void {
    this.videos.dispose();
    this.captions.dispose();
    this.judge.dispose();
    this.inference.dispose();
  }
}

/** The features of one panel, over the window's services. */
export function inspectorFeatures(services: InspectorServices) {
  return (session: SessionContext): readonly SliceBase[] => {
    const baseRoots = [vscode.Uri.joinPath(services.context.extensionUri, 'dist').fsPath, services.videos.cacheRoot];
    const video = new VideoSession(session, services.videos, baseRoots);
    const captions = new SessionCaptions(session, services.captions);
    const scoring = new SessionScoring(session, video, captions, services.judge, services.judgments);
    services.videoSessions.add(video);
    services.captionSessions.add(captions);
    const lifetime: SliceBase = {
      dispose: () => {
        services.videoSessions.delete(video);
        services.captionSessions.delete(captions);
        video.dispose();
        captions.dispose();
      },
    };
    return allHandled([
      listHandlers(session, services.context.workspaceState),
      datasetHandlers(session, services.scoring),
      sampleHandlers(session, video, captions),
      videoHandlers(video),
      rewardHandlers(session, scoring, services.judge),
      editHandlers(session, scoring),
      reviewHandlers(session),
      runHandlers(session, video, services.inference),
      lifetime,
    ]);
  };
}
