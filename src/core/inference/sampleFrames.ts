/**
 * Extracts the frames of a `FramePlan` as JPEG files, for servers that get a video as frames (or a
 * worker that wants them ready-made). One short ffmpeg call per frame, a few at a time: `-ss` before
 * `-i` seeks from the nearest keyframe, so a frame costs the same anywhere in an hour-long video
 * (one call with `-vf select` would decode the whole video) and is exact in indexed containers
 * (MP4, MKV, WebM); pass `preroll: seekPreroll(container)` for MPEG-PS/TS. Plain Node; no `vscode`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FFMPEG_INSTALL_HINT } from '../video/locateFfmpeg';
import { AbortError, isAbortError, runTool, ToolError } from '../video/runTool';
import type { FramePlan } from './framePlan';
import { InferenceFailure } from './inferenceFailure';

/** Seek this much before a planned time: a frame whose timestamp is the time itself is then never skipped for rounding. */
const SEEK_EARLY = 0.001;
const FRAME_TIMEOUT_MS = 60_000;

export interface SampleFramesOptions {
  /** Seconds to seek short and decode forward (see `seekPreroll` in video/thumbnails); default 0. */
  preroll?: number;
  /** ffmpeg calls at once (default min(4, CPUs)). */
  concurrency?: number;
  /** JPEG quality, ffmpeg's -q:v (2 best … 31 worst; default 3). */
  quality?: number;
}

export interface FrameJob {
  /** Seconds from the first frame. */
  time: number;
  output: string;
  args: string[];
}

/** `frame-0001.jpg`, … in plan order. */
export function frameFileName(index: number): string {
  return `frame-${String(index + 1).padStart(4, '0')}.jpg`;
}

/**
 * The ffmpeg call for each planned frame: seek, take one frame, scale it to exactly the plan's size
 * (as qwen_vl_utils resizes, the aspect ratio may shift by a few pixels), write a JPEG with
 * `-update 1` (no %d pattern expansion in the name).
 */
export function buildFrameArgs(
  video: string,
  plan: Pick<FramePlan, 'times' | 'width' | 'height'>,
  outDir: string,
  options: SampleFramesOptions = {},
): FrameJob[] {
  const preroll = Math.max(0, options.preroll ?? 0);
  const quality = Math.min(31, Math.max(2, Math.round(options.quality ?? 3)));
  return plan.times.map((time, index) => {
    const at = Math.max(0, time - SEEK_EARLY);
    const coarse = Math.max(0, at - preroll);
    const seek =
      preroll === 0 ? ['-ss', at.toFixed(6), '-i', video] : [...(coarse > 0 ? ['-ss', coarse.toFixed(6)] : []), '-i', video, '-ss', (at - coarse).toFixed(6)];
    const output = path.join(outDir, frameFileName(index));
    const args = [
      '-hide_banner',
      '-nostdin',
      '-y',
      '-v',
      'error',
      ...seek,
      '-map',
      '0:v:0',
      '-frames:v',
      '1',
      '-vf',
      `scale=${plan.width}:${plan.height}:flags=bicubic,setsar=1`,
      '-c:v',
      'mjpeg',
      '-q:v',
      String(quality),
      '-f',
      'image2',
      '-update',
      '1',
      output,
    ];
    return { time, output, args };
  });
}

async function fileSize(file: string): Promise<number> {
  return fs.promises.stat(file).then(
    (s) => (s.isFile() ? s.size : 0),
    () => 0,
  );
}

/** Throws an InferenceFailure ('video-missing') unless `video` is a readable file. */
export async function checkVideoFile(video: string): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(video);
  } catch (error) {
    throw new InferenceFailure(
      {
        code: 'video-missing',
        message: `The video ${video} does not exist (or cannot be read).`,
        fix: "Set rewatchInspector.videoRoot (or the source roots) so the sample's video path resolves to a file on this machine.",
      },
      { cause: error },
    );
  }
  if (!stat.isFile()) {
    throw new InferenceFailure({
      code: 'video-missing',
      message: `The video path ${video} is not a file.`,
      fix: "Point the sample's video path (or the video root settings) at the video file.",
    });
  }
}

function toFailure(error: unknown, video: string, time: number): unknown {
  if (isAbortError(error) || error instanceof InferenceFailure) return error;
  if (error instanceof ToolError) {
    return new InferenceFailure(
      {
        code: 'bad-request',
        message: `ffmpeg could not take the frame at ${time.toFixed(2)} s of ${video}: ${error.message}`,
        fix: 'Check that the video plays (ffprobe it); re-encode it if it is damaged.',
      },
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new InferenceFailure({ code: 'internal', message: `Could not run ffmpeg to sample frames: ${message}`, fix: FFMPEG_INSTALL_HINT }, { cause: error });
}

/**
 * Writes the plan's frames into `outDir` (created when missing) as `frame-0001.jpg`, … and resolves
 * their paths in plan order. A frame ffmpeg cannot find (a container that claims more duration than
 * its video stream holds) repeats the nearest earlier frame, or the first one found. Rejects with an
 * InferenceFailure: 'video-missing' when `video` is not a file, 'bad-request' when ffmpeg cannot read
 * it (or finds no frame at all), 'internal' when ffmpeg cannot be run; with runTool's AbortError
 * (`isAbortError`) when `signal` aborts. Files written before a failure are removed.
 */
export async function sampleFrames(
  ffmpeg: string,
  video: string,
  plan: Pick<FramePlan, 'times' | 'width' | 'height'>,
  outDir: string,
  signal?: AbortSignal,
  options: SampleFramesOptions = {},
): Promise<string[]> {
  if (signal?.aborted) throw new AbortError('Sampling frames was cancelled', { cause: signal.reason });
  await checkVideoFile(video);
  await fs.promises.mkdir(outDir, { recursive: true });
  const jobs = buildFrameArgs(video, plan, outDir, options);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? Math.min(4, os.cpus().length || 1)));
  // One failure stops the frames still running or queued.
  const stop = new AbortController();
  const combined = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const found: boolean[] = new Array<boolean>(jobs.length).fill(false);
  let firstError: unknown;
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < jobs.length && firstError === undefined) {
      const index = next++;
      const job = jobs[index];
      try {
        await runTool(ffmpeg, job.args, { signal: combined, timeoutMs: FRAME_TIMEOUT_MS });
        found[index] = (await fileSize(job.output)) > 0;
      } catch (error) {
        if (firstError === undefined) {
          firstError = signal?.aborted ? new AbortError('Sampling frames was cancelled', { cause: signal.reason }) : toFailure(error, video, job.time);
          stop.abort();
        }
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
    if (firstError !== undefined) throw firstError;
    if (signal?.aborted) throw new AbortError('Sampling frames was cancelled', { cause: signal.reason });
    const firstFound = found.indexOf(true);
    if (jobs.length > 0 && firstFound < 0) {
      throw new InferenceFailure({
        code: 'bad-request',
        message: `ffmpeg found no frames in ${video} (is there a video stream?).`,
        fix: 'Check the video with ffprobe; the sample may point at an audio-only or damaged file.',
      });
    }
    let source = jobs[Math.max(0, firstFound)]?.output;
    for (let i = 0; i < jobs.length; i++) {
      if (found[i]) source = jobs[i].output;
      else if (source !== undefined) await fs.promises.copyFile(source, jobs[i].output);
    }
    return jobs.map((job) => job.output);
  } catch (error) {
    await Promise.all(jobs.map((job) => fs.promises.rm(job.output, { force: true })));
    throw error;
  }
}
