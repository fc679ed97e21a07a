import * as fs from 'node:fs';
import { VideoProbe } from '../../../shared/video/video';
import { mp4Faststart } from './faststart';
import type { FfmpegTools } from './locateFfmpeg';
import { runTool } from './runTool';

/** Generous: ffprobe reads headers only, but network drives and huge MPEG-TS files can be slow. */
const PROBE_TIMEOUT_MS = 60_000;

export function probeArgs(file: string): string[] {
  return ['-hide_banner', '-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file];
}

/** The parts of ffprobe's JSON we read; everything is optional because ffprobe omits what it cannot tell. */
interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
}
interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string; start_time?: string };
}

/**
 * Reduces `ffprobe -print_format json -show_format -show_streams` output to a VideoProbe: the first
 * video stream that is not cover art, the first audio stream. Throws when the text is not ffprobe
 * JSON or there is no video stream.
 */
export function parseProbe(json: string, options: { size: number; faststart: boolean | null }): VideoProbe {
  let data: FfprobeOutput;
  try {
    data = JSON.parse(json) as FfprobeOutput;
  } catch {
    throw new Error(`ffprobe printed something that is not JSON: ${JSON.stringify(json.slice(0, 80))}`);
  }
  if (typeof data !== 'object' || data === null || !Array.isArray(data.streams) || typeof data.format !== 'object') {
    throw new Error('ffprobe printed JSON without "streams" and "format"');
  }
  const streams = data.streams.filter((s): s is FfprobeStream => typeof s === 'object' && s !== null);
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!video) throw new Error('The file has no video stream');
  const audio = streams.find((s) => s.codec_type === 'audio');
  const format = data.format ?? {};

  return VideoProbe.parse({
    duration: seconds(format.duration) ?? seconds(video.duration),
    startTime: seconds(format.start_time) ?? 0,
    size: options.size,
    container: typeof format.format_name === 'string' ? format.format_name : 'unknown',
    videoCodec: str(video.codec_name),
    pixelFormat: str(video.pix_fmt),
    width: int(video.width),
    height: int(video.height),
    fps: rate(video.avg_frame_rate),
    audioCodec: str(audio?.codec_name),
    faststart: options.faststart,
  });
}

/** Probes `file` with ffprobe, adding its size and, for MP4/MOV, whether it is fast start. */
export async function probeVideo(tools: FfmpegTools, file: string, signal?: AbortSignal): Promise<VideoProbe> {
  const { size } = await fs.promises.stat(file);
  const faststart = mp4Faststart(file);
  const { stdout } = await runTool(tools.ffprobe, probeArgs(file), { signal, timeoutMs: PROBE_TIMEOUT_MS });
  return parseProbe(stdout.toString('utf8'), { size, faststart });
}

/** ffprobe prints numbers as strings, and "N/A" when unknown. */
function seconds(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && value !== '' ? n : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function int(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

/** "30000/1001" → 29.97; "0/0" (unknown) → null. */
function rate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d+(?:\.\d+)?)(?:\/(\d+(?:\.\d+)?))?$/.exec(value.trim());
  if (!match) return null;
  const fps = Number(match[1]) / (match[2] === undefined ? 1 : Number(match[2]));
  return Number.isFinite(fps) && fps > 0 ? fps : null;
}
