/**
 * Which frames of a video the model sees, and at what size: the rules of `qwen_vl_utils`
 * (`smart_nframes`, `smart_resize`) with ReWatch-R1's settings (2 fps, at most 192 frames,
 * 128×28×28 pixels a frame). Used to sample frames ourselves (the "frames" way of sending a video to
 * a server) and to show the plan. Pure; no `vscode`.
 */
import { InferenceFailure } from './inferenceFailure';

/** Frame sides are multiples of this (Qwen2.5-VL's 14-pixel patches merged 2×2). */
export const IMAGE_FACTOR = 28;
/** Frame counts are multiples of this (Qwen2.5-VL's temporal patch covers two frames). */
export const FRAME_FACTOR = 2;
/** ReWatch-R1's sampling rate, frames per second. */
export const DEFAULT_FPS = 2;
/** ReWatch-R1's frame cap (the paper also reports 384). */
export const DEFAULT_MAX_FRAMES = 192;
/** qwen_vl_utils' FPS_MIN_FRAMES. */
export const DEFAULT_MIN_FRAMES = 4;
/** ReWatch-R1's pixels per frame: 128 × 28 × 28 = 100,352 (e.g. 420×224 for 16:9). */
export const DEFAULT_MAX_PIXELS = 128 * IMAGE_FACTOR * IMAGE_FACTOR;
/** qwen_vl_utils' MIN_PIXELS: 4 × 28 × 28. */
export const DEFAULT_MIN_PIXELS = 4 * IMAGE_FACTOR * IMAGE_FACTOR;
/** qwen_vl_utils' MAX_RATIO: a longer side more than 200 times the shorter is refused. */
export const MAX_ASPECT_RATIO = 200;

export interface FramePlanInput {
  /** Seconds. */
  duration: number;
  /** The video's frame size in pixels (as displayed). */
  width: number;
  height: number;
  /** Frames per second to sample (default 2). */
  fps?: number;
  maxFrames?: number;
  minFrames?: number;
  maxPixels?: number;
  minPixels?: number;
  /**
   * The video's own frame rate, when known (ffprobe's avg_frame_rate). With it the plan is
   * qwen_vl_utils' to the frame: the count is capped by the frames the video has, and the times are
   * those of the frames `round(linspace(0, total − 1, count))` it picks. Without it the times are the
   * middles of `count` equal parts of the duration.
   */
  sourceFps?: number | null;
}

export interface FramePlan {
  /** Seconds from the first frame, ascending (repeats only when the video has fewer frames than two). */
  times: number[];
  count: number;
  /** Size every frame is scaled to: multiples of 28 within [minPixels, maxPixels]. */
  width: number;
  height: number;
}

/** Python's round(): halves go to the even neighbour (2.5 → 2, 3.5 → 4). torch's round() does the same. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

const roundByFactor = (n: number, factor: number): number => roundHalfEven(n / factor) * factor;
const ceilByFactor = (n: number, factor: number): number => Math.ceil(n / factor) * factor;
const floorByFactor = (n: number, factor: number): number => Math.floor(n / factor) * factor;

function badRequest(message: string): InferenceFailure {
  return new InferenceFailure({ code: 'bad-request', message, fix: 'Check the video (ffprobe it) and the inference settings (fps, frames, pixels).' });
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw badRequest(`The frame plan needs a positive ${name}, got ${value}.`);
  return value;
}

/**
 * qwen_vl_utils' `smart_resize`: both sides rounded to multiples of `factor`; when that is over
 * `maxPixels`, both scaled down by sqrt(h·w / maxPixels) and floored to multiples; when under
 * `minPixels`, scaled up and ceiled. Throws an InferenceFailure ('bad-request') past an aspect ratio of 200.
 */
export function smartResize(
  height: number,
  width: number,
  factor = IMAGE_FACTOR,
  minPixels = DEFAULT_MIN_PIXELS,
  maxPixels = DEFAULT_MAX_PIXELS,
): { width: number; height: number } {
  positive('height', height);
  positive('width', width);
  if (Math.max(height, width) / Math.min(height, width) > MAX_ASPECT_RATIO) {
    throw badRequest(`A ${width}×${height} video is too elongated for the model: its aspect ratio must be at most ${MAX_ASPECT_RATIO}.`);
  }
  let h = Math.max(factor, roundByFactor(height, factor));
  let w = Math.max(factor, roundByFactor(width, factor));
  if (h * w > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    h = Math.max(factor, floorByFactor(height / beta, factor));
    w = Math.max(factor, floorByFactor(width / beta, factor));
  } else if (h * w < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    h = ceilByFactor(height * beta, factor);
    w = ceilByFactor(width * beta, factor);
  }
  return { width: w, height: h };
}

/**
 * qwen_vl_utils' `smart_nframes`: duration × fps, clamped to [minFrames rounded up to even,
 * maxFrames rounded down to even] and to `totalFrames`, then rounded down to even (never below 2).
 */
export function smartFrameCount(duration: number, fps: number, minFrames: number, maxFrames: number, totalFrames = Infinity): number {
  const min = ceilByFactor(minFrames, FRAME_FACTOR);
  const max = floorByFactor(maxFrames, FRAME_FACTOR);
  const wanted = Math.min(Math.min(Math.max(duration * fps, min), max), totalFrames);
  return Math.max(FRAME_FACTOR, floorByFactor(wanted, FRAME_FACTOR));
}

/** torch.linspace(start, end, n): the same values, computed from both ends as torch does. */
function linspace(start: number, end: number, n: number): number[] {
  if (n === 1) return [start];
  const step = (end - start) / (n - 1);
  const half = Math.floor(n / 2);
  return Array.from({ length: n }, (_, i) => (i < half ? start + i * step : end - (n - 1 - i) * step));
}

/**
 * The frames to send for a video of `duration` seconds and `width`×`height` pixels. Throws an
 * InferenceFailure ('bad-request') for a duration or size that is not a positive number, or an
 * aspect ratio over 200.
 */
export function planFrames(input: FramePlanInput): FramePlan {
  const fps = positive('fps', input.fps ?? DEFAULT_FPS);
  const maxFrames = positive('maxFrames', input.maxFrames ?? DEFAULT_MAX_FRAMES);
  const minFrames = positive('minFrames', input.minFrames ?? DEFAULT_MIN_FRAMES);
  const maxPixels = positive('maxPixels', input.maxPixels ?? DEFAULT_MAX_PIXELS);
  const minPixels = positive('minPixels', input.minPixels ?? DEFAULT_MIN_PIXELS);
  let duration = positive('duration', input.duration);
  const size = smartResize(input.height, input.width, IMAGE_FACTOR, minPixels, maxPixels);

  const sourceFps = input.sourceFps;
  if (sourceFps !== undefined && sourceFps !== null && Number.isFinite(sourceFps) && sourceFps > 0) {
    // qwen_vl_utils works in frames: the duration is total / video_fps, the times are frame times.
    const total = Math.max(1, Math.round(duration * sourceFps));
    duration = total / sourceFps;
    const count = smartFrameCount(duration, fps, minFrames, maxFrames, total);
    const times = linspace(0, total - 1, count).map((x) => roundHalfEven(x) / sourceFps);
    return { times, count, ...size };
  }
  const count = smartFrameCount(duration, fps, minFrames, maxFrames);
  const times = Array.from({ length: count }, (_, i) => (duration * (i + 0.5)) / count);
  return { times, count, ...size };
}
