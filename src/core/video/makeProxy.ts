import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PlaybackPlan, VideoProbe } from '../../../shared/video/video';
import type { FfmpegTools } from './locateFfmpeg';
import { proxyArgs, type ProxyOptions } from './proxyArgs';
import { runTool } from './runTool';

export interface MakeProxyOptions extends ProxyOptions {
  signal?: AbortSignal;
  /** Called with a growing fraction in [0, 1]; 1 once ffmpeg has finished. */
  onProgress?(fraction: number): void;
}

export interface MakeProxyResult {
  output: string;
  ms: number;
  /** Seconds of video per second of wall time. */
  speed: number;
}

/** Fractions are capped below 1 until ffmpeg reports the end, so 1 means "done". */
const BEFORE_END = 0.99;

/**
 * Writes the playable proxy of `input` to `output` with ffmpeg. ffmpeg writes `output.partial.mp4`
 * (still an .mp4, so nothing guesses another format), which is renamed onto `output` only when
 * complete: a cached proxy is never half-written. The partial file is removed on failure or abort.
 */
export async function makeProxy(
  tools: FfmpegTools,
  input: string,
  output: string,
  plan: PlaybackPlan,
  probe: VideoProbe,
  options: MakeProxyOptions = {},
): Promise<MakeProxyResult> {
  const { signal, onProgress } = options;
  const partial = `${output}.partial.mp4`;
  await fs.promises.mkdir(path.dirname(output), { recursive: true });
  const progress = progressTracker(probe.duration, onProgress);
  const started = performance.now();
  try {
    await runTool(tools.ffmpeg, proxyArgs(input, partial, plan, probe, options), {
      signal,
      onStdoutLine: progress.line,
      collectStdout: false,
    });
    await fs.promises.rename(partial, output);
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
  progress.end();
  const ms = performance.now() - started;
  const seconds = probe.duration ?? progress.seconds();
  return { output, ms, speed: ms > 0 ? seconds / (ms / 1000) : 0 };
}

/**
 * Turns ffmpeg's `-progress` key=value lines into fractions of `duration`, reported only when they
 * grow. out_time_ms is in microseconds too (a long-standing ffmpeg misnomer), so both keys are read
 * the same way.
 */
export function progressTracker(duration: number | null, onProgress?: (fraction: number) => void) {
  let last = -1;
  let outSeconds = 0;
  const report = (fraction: number) => {
    if (fraction > last) {
      last = fraction;
      onProgress?.(fraction);
    }
  };
  return {
    line(line: string): void {
      const at = line.indexOf('=');
      if (at < 0) return;
      const key = line.slice(0, at).trim();
      const value = line.slice(at + 1).trim();
      if (key === 'out_time_us' || key === 'out_time_ms') {
        const us = Number(value);
        if (!Number.isFinite(us) || value === '') return; // "N/A" before the first frame
        outSeconds = Math.max(outSeconds, us / 1e6);
        if (duration !== null && duration > 0) report(Math.min(BEFORE_END, Math.max(0, outSeconds / duration)));
      } else if (key === 'progress' && value === 'end') {
        report(1);
      }
    },
    /** Reports 1 if ffmpeg exited without saying progress=end. */
    end(): void {
      report(1);
    },
    seconds: () => outSeconds,
  };
}
