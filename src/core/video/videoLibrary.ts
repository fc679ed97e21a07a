import * as fs from 'node:fs';
import type { PlaybackPlan, VideoProbe } from '../../../shared/video/video';
import { KeyedLimiter } from './limiter';
import { makeProxy } from './makeProxy';
import { playbackPlan } from './playbackPlan';
import { probeVideo } from './probe';
import { extractThumbnail, seekPreroll, thumbnailPlan } from './thumbnails';
import { VideoCache, videoKey } from './videoCache';

export type FfmpegTools = { ffmpeg: string; ffprobe: string };
export type ToolsOrError = FfmpegTools | { error: string };

/** A probed video and how it will play. */
export interface PreparedVideo {
  path: string;
  key: string;
  probe: VideoProbe;
  plan: PlaybackPlan;
  /** What the `<video>` can play right now: the file itself (direct), a cached proxy, or nothing yet. */
  playable: string | undefined;
}

export interface ProxyOptions {
  maxHeight: number;
  audio: 'none' | 'mp3';
}

/** A running proxy job, shared by everyone who asked for the same video. */
interface ProxyJob {
  promise: Promise<string>;
  controller: AbortController;
  listeners: Set<(fraction: number) => void>;
  fraction: number;
}

export interface ThumbnailFile {
  time: number;
  path?: string;
  error?: string;
  /** The video's duration, when this frame is its last one standing in for a cited time past its end. */
  pastEnd?: number;
}

/** Frames across an interval, extracted with this width (px). */
export const THUMBNAIL_WIDTH = 240;

/**
 * Everything between a video file and the `<video>` element, with no VS Code in it: probe once
 * (memory, then the disk cache), decide direct/remux/transcode, make each proxy once however many
 * editors ask, and extract thumbnails through a small queue so scrolling a long chain cannot start
 * dozens of ffmpeg processes.
 */
export class VideoLibrary {
  private readonly cache: VideoCache;
  private readonly probes = new Map<string, Promise<VideoProbe>>();
  private readonly proxies = new Map<string, ProxyJob>();
  private readonly thumbnailQueue = new KeyedLimiter(2);

  constructor(
    readonly cacheRoot: string,
    private readonly tools: () => ToolsOrError,
  ) {
    this.cache = new VideoCache(cacheRoot);
  }

  /** Probes (cached by path, size and mtime) and plans playback. Throws when ffmpeg is missing or the file is unreadable. */
  async prepare(file: string, options: ProxyOptions): Promise<PreparedVideo> {
    const tools = this.requireTools();
    const stat = await fs.promises.stat(file);
    const key = videoKey(file, stat);
    let probe = this.cache.readProbe(key);
    if (!probe) {
      let pending = this.probes.get(key);
      if (!pending) {
        pending = probeVideo(tools, file).then((p) => {
          this.cache.writeProbe(key, p);
          return p;
        });
        pending.catch(() => undefined).finally(() => this.probes.delete(key));
        this.probes.set(key, pending);
      }
      probe = await pending;
    }
    const proxy = this.proxyFile(key, options);
    const hasProxy = fs.existsSync(proxy);
    let plan = playbackPlan(probe);
    // A proxy of a "direct" file exists only because the player refused the original: keep using it.
    if (plan.mode === 'direct' && hasProxy) plan = { mode: 'transcode', reasons: ['the player could not play the original'] };
    const playable = plan.mode === 'direct' ? file : hasProxy ? proxy : undefined;
    return { path: file, key, probe, plan, playable };
  }

  /** Makes (or joins the making of) the video's proxy; resolves with its path. */
  proxy(video: PreparedVideo, options: ProxyOptions, onProgress: (fraction: number) => void): Promise<string> {
    const output = this.proxyFile(video.key, options);
    let job = this.proxies.get(output);
    if (!job) {
      const tools = this.requireTools();
      const controller = new AbortController();
      const listeners = new Set<(fraction: number) => void>();
      const created: ProxyJob = {
        controller,
        listeners,
        fraction: 0,
        promise: makeProxy(tools, video.path, output, video.plan, video.probe, {
          signal: controller.signal,
          maxHeight: options.maxHeight,
          audio: options.audio,
          onProgress: (fraction) => {
            created.fraction = fraction;
            for (const listener of listeners) listener(fraction);
          },
        }).then((result) => result.output),
      };
      job = created;
      void job.promise.catch(() => undefined).finally(() => this.proxies.delete(output));
      this.proxies.set(output, job);
    }
    job.listeners.add(onProgress);
    onProgress(job.fraction);
    const joined = job;
    return job.promise.finally(() => joined.listeners.delete(onProgress));
  }

  /** Stops the proxy being made for this video, if any. */
  cancelProxy(video: PreparedVideo, options: ProxyOptions): void {
    this.proxies.get(this.proxyFile(video.key, options))?.controller.abort();
  }

  /**
   * The frames of [start, end] (`thumbnailPlan`: three across an interval, one at a point; cached on
   * disk); a failed frame carries its error instead of failing the rest. A frame clamped to the last
   * one for a time past the end carries the duration in `pastEnd`.
   */
  async thumbnails(video: PreparedVideo, start: number, end: number): Promise<ThumbnailFile[]> {
    const tools = this.requireTools();
    const duration = video.probe.duration;
    return Promise.all(
      thumbnailPlan(start, end, duration).map(async ({ time, pastEnd }): Promise<ThumbnailFile> => {
        const mark = pastEnd && duration !== null ? { pastEnd: duration } : {};
        const output = this.cache.thumbnailPath(video.key, time, THUMBNAIL_WIDTH);
        if (fs.existsSync(output)) return { time, path: output, ...mark };
        try {
          // A proxy seeks exactly and fast; MPEG-PS/TS sources need a decoded pre-roll to land on the right frame.
          const fromProxy = video.playable !== undefined && video.playable !== video.path;
          const source = fromProxy ? (video.playable as string) : video.path;
          const preroll = fromProxy ? 0 : seekPreroll(video.probe.container);
          await this.thumbnailQueue.run(output, () => extractThumbnail(tools, source, time, output, undefined, { width: THUMBNAIL_WIDTH, preroll }));
          return { time, path: output, ...mark };
        } catch (error) {
          return { time, error: error instanceof Error ? error.message : String(error), ...mark };
        }
      }),
    );
  }

  dispose(): void {
    for (const job of this.proxies.values()) job.controller.abort();
  }

  private proxyFile(key: string, options: ProxyOptions): string {
    // Settings that change the proxy's bytes are part of its name: changing them never serves a stale one.
    return this.cache.proxyPath(`${key}-${options.maxHeight}p-${options.audio}`);
  }

  private requireTools(): FfmpegTools {
    const tools = this.tools();
    if ('error' in tools) throw new NoFfmpegError(tools.error);
    return tools;
  }
}

export class NoFfmpegError extends Error {
  override readonly name = 'NoFfmpegError';
}
