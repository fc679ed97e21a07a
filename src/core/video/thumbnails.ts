import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FfmpegTools } from './locateFfmpeg';
import { runTool } from './runTool';

export { lastFrameTime, roundTenth, thumbnailPlan, thumbnailTimes, type PlannedFrame } from '../../../shared/video/thumbnailTimes';

export const DEFAULT_THUMBNAIL_WIDTH = 240;
const THUMBNAIL_TIMEOUT_MS = 60_000;

export interface ThumbnailOptions {
  /** Output width in pixels (default 240); the height keeps the aspect ratio. */
  width?: number;
  /**
   * Seconds to seek short of `seconds` and decode forward from, for files whose seeking is not
   * exact (see `seekPreroll`). 0 (default) seeks straight to `seconds`.
   */
  preroll?: number;
}

/**
 * Containers without a seek index (MPEG-PS/TS, raw streams). ffmpeg finds a position in them by a
 * binary search on timestamps that can land mid-GOP; the frames before the next keyframe cannot be
 * decoded, so a plain input seek shows a frame up to one GOP late (measured: 1 s late in MPEG-TS).
 */
const UNINDEXED_CONTAINERS = new Set(['mpeg', 'mpegts', 'mpegvideo', 'h264', 'hevc', 'm4v', 'mpeg1video', 'mpeg2video']);
/** Longer than the GOPs of broadcast and camera MPEG-TS/PS; decoding it costs a fraction of a second. */
const UNINDEXED_PREROLL = 5;

/** The preroll for `extractThumbnail` that makes its frames exact in `container` (ffprobe's format_name). */
export function seekPreroll(container: string): number {
  return container.split(',').some((name) => UNINDEXED_CONTAINERS.has(name)) ? UNINDEXED_PREROLL : 0;
}

/**
 * ffmpeg arguments for one JPEG of `input` at `seconds`. `-ss` before `-i` seeks the input: fast
 * (from the nearest keyframe) yet exact in indexed files, and relative to the file's start time, so
 * `seconds` counts from the first frame just like the dataset's times and the proxy's. With a
 * preroll the input seek stops `preroll` seconds short and a second `-ss` after `-i` decodes forward
 * to the exact frame (that one counts from the input seek target, wherever the demuxer landed).
 * `-update 1` writes exactly `output` (no %d pattern expansion in the name).
 */
export function thumbnailArgs(input: string, seconds: number, output: string, options: ThumbnailOptions = {}): string[] {
  const width = Math.max(2, Math.round(options.width ?? DEFAULT_THUMBNAIL_WIDTH));
  const at = Math.max(0, seconds);
  const preroll = Math.max(0, options.preroll ?? 0);
  const coarse = Math.max(0, at - preroll);
  const seek =
    preroll === 0 ? ['-ss', at.toFixed(3), '-i', input] : [...(coarse > 0 ? ['-ss', coarse.toFixed(3)] : []), '-i', input, '-ss', (at - coarse).toFixed(3)];
  return [
    '-hide_banner',
    '-nostdin',
    '-y',
    '-v',
    'error',
    ...seek,
    '-frames:v',
    '1',
    '-vf',
    `scale=${width}:-2`,
    '-c:v',
    'mjpeg',
    '-q:v',
    '4',
    '-f',
    'image2',
    '-update',
    '1',
    output,
  ];
}

let tempCounter = 0;

/**
 * Writes the frame at `seconds` as a JPEG at `output` (via a temp file beside it, renamed when
 * complete). Throws when ffmpeg fails or writes no frame, e.g. when `seconds` is past the end.
 * Pass `{ preroll: seekPreroll(probe.container) }` for exact frames from MPEG-PS/TS.
 */
export async function extractThumbnail(
  tools: FfmpegTools,
  input: string,
  seconds: number,
  output: string,
  signal?: AbortSignal,
  options: ThumbnailOptions = {},
): Promise<string> {
  await fs.promises.mkdir(path.dirname(output), { recursive: true });
  const temp = `${output}.${process.pid}-${++tempCounter}.tmp.jpg`;
  try {
    await runTool(tools.ffmpeg, thumbnailArgs(input, seconds, temp, options), { signal, timeoutMs: THUMBNAIL_TIMEOUT_MS });
    const size = await fs.promises.stat(temp).then(
      (s) => s.size,
      () => 0,
    );
    if (size === 0) throw new Error(`ffmpeg found no frame at ${seconds.toFixed(1)} s in ${input} (past the end of the video?)`);
    await fs.promises.rename(temp, output);
    return output;
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}
