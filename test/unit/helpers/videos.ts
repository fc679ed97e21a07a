/**
 * Real test videos made with ffmpeg, once per test run (lazily, in a temp folder removed at exit):
 * each one exercises a playback rule. Deliberately independent of src/core/video so a bug there
 * cannot hide behind the fixtures.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { requirePrograms } from '../../../tools/systemDeps';
import type { FfmpegTools } from '../../../src/core/video/locateFfmpeg';

const run = promisify(execFile);

/** The tools as found on PATH; throws (with the install command) when they are missing, so nothing is skipped silently. */
export function testTools(): FfmpegTools {
  requirePrograms('ffmpeg', 'ffprobe');
  return { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' };
}

export interface TestVideos {
  /** H.264 yuv420p in MP4, +faststart, 3 s 320x240 25 fps: plays directly. */
  h264Mp4: string;
  /** The same with the moov index after the media data. */
  h264MoovAtEnd: string;
  /** H.264 + AAC in MP4. */
  h264AacMp4: string;
  /** H.264 + AAC in Matroska: remuxable. */
  h264Mkv: string;
  /** 8 s of H.264 with B-frames in MPEG-TS (starts at ~1.4 s): remuxable; longer than the seek preroll. */
  h264Ts: string;
  /** VP9 + Opus in WebM; undefined when this ffmpeg lacks libvpx-vp9 or libopus (see `vp9Missing`). */
  vp9Webm: string | undefined;
  /** MPEG-2 in MPEG-PS starting at 2 s, 4 s long: needs a transcode, and tests time alignment. */
  mpeg2Mpg: string;
}

/** Seconds each fixture lasts. */
export const DURATION = { short: 3, mpg: 4, ts: 8 } as const;
/** Where the .mpg's container clock starts (forced with -output_ts_offset). */
export const MPG_START = 2;

let dir: string | undefined;
let made: Promise<TestVideos> | undefined;

/** Makes the fixtures on first call (in parallel, ~1 s), then returns the same paths. */
export function testVideos(): Promise<TestVideos> {
  made ??= makeAll();
  return made;
}

export function videoDir(): string {
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-videos-'));
    const remove = dir;
    process.once('exit', () => fs.rmSync(remove, { recursive: true, force: true }));
  }
  return dir;
}

/** Why the VP9 fixture is missing, or undefined when this ffmpeg can make it. */
export function vp9Missing(): string | undefined {
  let encoders: string;
  try {
    encoders = ffmpegList('-encoders');
  } catch {
    return 'ffmpeg is not installed'; // testTools() fails the suites with the install command
  }
  const missing = ['libvpx-vp9', 'libopus'].filter((e) => !new RegExp(`\\s${e}\\s`).test(encoders));
  return missing.length > 0 ? `this ffmpeg has no ${missing.join(' or ')} encoder` : undefined;
}

async function makeAll(): Promise<TestVideos> {
  testTools();
  const out = videoDir();
  const clock = clockFilter();
  const picture = (seconds: number) => ['-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${seconds}`];
  const vf = clock ? ['-vf', clock] : [];
  const tone = (seconds: number) => ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`];
  const x264 = [...vf, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25'];
  const s = DURATION.short;
  const file = (name: string) => path.join(out, name);
  const vp9 = vp9Missing() === undefined;

  const [h264Mp4, h264MoovAtEnd, h264AacMp4, h264Mkv, h264Ts, vp9Webm, mpeg2Mpg] = await Promise.all([
    ffmpeg(file('h264.mp4'), [...picture(s), ...x264, '-an', '-movflags', '+faststart']),
    ffmpeg(file('moov-at-end.mp4'), [...picture(s), ...x264, '-an']),
    ffmpeg(file('h264-aac.mp4'), [...picture(s), ...tone(s), ...x264, '-c:a', 'aac', '-b:a', '64k', '-shortest', '-movflags', '+faststart']),
    ffmpeg(file('h264-aac.mkv'), [...picture(s), ...tone(s), ...x264, '-c:a', 'aac', '-b:a', '64k', '-shortest']),
    ffmpeg(file('h264-bframes.ts'), [...picture(DURATION.ts), ...x264, '-bf', '2', '-an', '-f', 'mpegts']),
    vp9
      ? ffmpeg(file('vp9-opus.webm'), [
          ...picture(s),
          ...tone(s),
          '-c:v',
          'libvpx-vp9',
          '-deadline',
          'realtime',
          '-cpu-used',
          '8',
          '-b:v',
          '300k',
          '-c:a',
          'libopus',
          '-shortest',
        ])
      : Promise.resolve(undefined),
    ffmpeg(file('mpeg2.mpg'), [
      ...picture(DURATION.mpg),
      ...vf,
      '-c:v',
      'mpeg2video',
      '-q:v',
      '3',
      '-g',
      '12',
      '-an',
      '-f',
      'mpeg',
      '-output_ts_offset',
      String(MPG_START),
    ]),
  ]);
  return { h264Mp4, h264MoovAtEnd, h264AacMp4, h264Mkv, h264Ts, vp9Webm, mpeg2Mpg };
}

async function ffmpeg(output: string, args: string[]): Promise<string> {
  await run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args, output]);
  return output;
}

/** The playback time burned in (easier to eyeball failures), or undefined when drawtext or a font is missing. */
function clockFilter(): string | undefined {
  const filter = "drawtext=text='%{pts\\:hms}':x=8:y=h-th-8:fontsize=40:fontcolor=white:box=1:boxcolor=black";
  try {
    execFileSync('ffmpeg', ['-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=duration=0.04', '-vf', filter, '-f', 'null', '-'], { stdio: 'pipe' });
    return filter;
  } catch {
    return undefined;
  }
}

function ffmpegList(flag: string): string {
  return execFileSync('ffmpeg', ['-hide_banner', flag], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** ffprobe's JSON for `file` with extra arguments (e.g. -show_entries). */
export async function ffprobeJson<T>(file: string, args: string[]): Promise<T> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', ...args, file], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as T;
}

/** Key frame times of the first video stream, in seconds. */
export async function keyframeTimes(file: string): Promise<number[]> {
  const json = await ffprobeJson<{ frames: { pts_time?: string; best_effort_timestamp_time?: string }[] }>(file, [
    '-select_streams',
    'v:0',
    '-skip_frame',
    'nokey',
    '-show_entries',
    'frame=pts_time,best_effort_timestamp_time',
  ]);
  return json.frames.map((f) => Number(f.pts_time ?? f.best_effort_timestamp_time));
}

/** An image (or a video's first frame) decoded to 16x12 8-bit grayscale: a tiny fingerprint to compare pictures. */
export async function grayFingerprint(image: string): Promise<Buffer> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-nostdin', '-i', image, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', '16x12', '-'], {
    encoding: 'buffer',
  });
  return stdout;
}

/** Mean absolute difference of two equal-sized grayscale pictures, 0–255. */
export function meanAbsDiff(a: Buffer, b: Buffer): number {
  if (a.length !== b.length || a.length === 0) throw new Error(`cannot compare pictures of ${a.length} and ${b.length} bytes`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}
