import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FfmpegTools } from './locateFfmpeg';
import { runTool } from './runTool';

export const DEFAULT_THUMBNAIL_WIDTH = 240;
/** Keep this far from the end: the last frame starts up to one frame before `duration`. */
const END_MARGIN = 0.05;
/** Spread of the thumbnails around a single cited moment, each side. */
const POINT_SPREAD = 1;
const THUMBNAIL_TIMEOUT_MS = 60_000;

/**
 * When to take `count` thumbnails of the interval [start, end], in seconds from the first frame.
 * An interval gives the middles of `count` equal parts (for [10, 20] and 3: 11.7, 15, 18.3), so
 * each picture stands for its share and none sits on a cut at the edges. A point (or an interval
 * shorter than 0.1 s) gives `count` times spread over ±1 s around it. Times are clamped to
 * [0, duration − 0.05] when the duration is known, rounded to 0.1 s (so the cache hits across
 * records citing nearly the same moment) and deduplicated, in ascending order.
 */
export function thumbnailTimes(start: number, end: number, duration: number | null, count = 3): number[] {
  if (!Number.isFinite(start) || !Number.isFinite(end) || count < 1) return [];
  const [from, to] = start <= end ? [start, end] : [end, start];
  const n = Math.floor(count);
  const raw: number[] = [];
  if (to - from < 0.1) {
    const at = (from + to) / 2;
    for (let i = 0; i < n; i++) raw.push(n === 1 ? at : at - POINT_SPREAD + (2 * POINT_SPREAD * i) / (n - 1));
  } else {
    for (let i = 0; i < n; i++) raw.push(from + ((to - from) * (i + 0.5)) / n);
  }
  // The upper bound is rounded down so rounding a clamped time never lands past the last frame.
  const max = duration !== null && Number.isFinite(duration) ? Math.max(0, Math.floor((duration - END_MARGIN) * 10) / 10) : Infinity;
  const times = raw.map((t) => Math.min(max, Math.max(0, roundTenth(t))));
  return [...new Set(times)].sort((a, b) => a - b);
}

/** Rounds to 0.1 s without binary noise (0.30000000000000004). */
export function roundTenth(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

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
