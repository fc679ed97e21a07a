/**
 * The words of the run panel, pure (no DOM): what phase the run is in, its stats line, and the
 * header button's label. Numbers are rounded for reading at a glance while they change ten times a
 * second; unknown values are left out rather than shown as zeros.
 */
import type { InferencePhase, InferenceStats } from '../../shared/inference/inference';
import type { RunState } from './runState';

const PHASE_WORDS: Record<InferencePhase, string> = {
  starting: 'Starting…',
  loading: 'Loading the model…',
  sampling: 'Sampling frames…',
  generating: 'Generating…',
};

/** "Loading the model…" while running (or "Cancelling…"), then "Done", "Cancelled", "Failed". */
export function phaseText(run: Pick<RunState, 'status' | 'phase' | 'cancelRequested' | 'runId'>): string {
  switch (run.status) {
    case 'done':
      return 'Done';
    case 'cancelled':
      return 'Cancelled';
    case 'error':
      return 'Failed';
    case 'running':
      if (run.cancelRequested) return 'Cancelling…';
      return run.runId === null && run.phase === 'starting' ? 'Asking the host to start the run…' : PHASE_WORDS[run.phase];
  }
}

/** "850 ms", "1.2 s", "2 min 05 s". */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

/** MiB as "812 MiB" or, from 1 GiB on, "20.4 GiB". */
export function memoryText(mib: number): string {
  if (!Number.isFinite(mib) || mib < 0) return '—';
  return mib < 1024 ? `${Math.round(mib)} MiB` : `${(mib / 1024).toFixed(1)} GiB`;
}

/** "GPU 20.4 / 80.0 GiB" (both in the larger unit when the total needs it), "GPU 812 MiB", or null. */
export function gpuText(used: number | null, total: number | null): string | null {
  const usable = (v: number | null): v is number => v !== null && Number.isFinite(v) && v >= 0;
  if (usable(used) && usable(total)) {
    if (total >= 1024) return `GPU ${(used / 1024).toFixed(1)} / ${(total / 1024).toFixed(1)} GiB`;
    return `GPU ${Math.round(used)} / ${Math.round(total)} MiB`;
  }
  if (usable(used)) return `GPU ${memoryText(used)} used`;
  if (usable(total)) return `GPU ${memoryText(total)}`;
  return null;
}

/** "12.3 tok/s" (one decimal below 100). */
export function rateText(tokensPerSecond: number): string {
  return `${tokensPerSecond < 100 ? tokensPerSecond.toFixed(1) : Math.round(tokensPerSecond)} tok/s`;
}

/**
 * The parts of the stats line, each known value once: time to first token, tokens per second,
 * tokens, frames, GPU memory. Empty before anything is known.
 */
export function statsParts(stats: InferenceStats): string[] {
  const parts: string[] = [];
  if (stats.ttftMs !== null && Number.isFinite(stats.ttftMs)) parts.push(`first token ${durationText(stats.ttftMs)}`);
  if (stats.tokensPerSecond !== null && Number.isFinite(stats.tokensPerSecond)) parts.push(rateText(stats.tokensPerSecond));
  if (stats.tokens > 0) parts.push(`${stats.tokens.toLocaleString('en-US')} token${stats.tokens === 1 ? '' : 's'}`);
  if (stats.frames !== null) parts.push(`${stats.frames} frame${stats.frames === 1 ? '' : 's'}`);
  const gpu = gpuText(stats.gpuMemoryUsedMiB, stats.gpuMemoryTotalMiB);
  if (gpu !== null) parts.push(gpu);
  if (stats.device !== null) parts.push(`${stats.device.kind === 'cpu' ? 'CPU' : stats.device.name} · ${stats.device.dtype}`);
  return parts;
}

/**
 * A word of warning for a run on the CPU: "Running on the CPU (x86_64, 16 threads), which is slow.",
 * and once the rate is known "At 3.2 tok/s, the 4,096-token limit takes about 21 min." null elsewhere.
 */
export function slowDeviceText(stats: InferenceStats): string | null {
  if (stats.device?.kind !== 'cpu') return null;
  const said = `Running on the CPU (${stats.device.name}), which is much slower than a GPU.`;
  const rate = stats.tokensPerSecond;
  if (rate === null || !Number.isFinite(rate) || rate <= 0 || stats.maxTokens === null) return said;
  const left = stats.maxTokens - stats.tokens;
  return `${said} At ${rateText(rate)}, the ${stats.maxTokens.toLocaleString('en-US')}-token limit takes about ${durationText((stats.maxTokens / rate) * 1000)}${left > 0 && stats.tokens > 0 ? ` (${durationText((left / rate) * 1000)} more at most)` : ''}.`;
}

/** The stats line: the parts joined by " · ", or a placeholder before any is known. */
export function statsText(stats: InferenceStats): string {
  const parts = statsParts(stats);
  return parts.length > 0 ? parts.join(' · ') : 'No stats yet';
}

/** "Qwen2.5-VL-7B (python)": the last part of a model path, and the backend. */
export function modelText(model: string | null, backend: string | null): string | null {
  if (model === null) return null;
  const name =
    model
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() || model;
  return backend ? `${name} (${backend === 'python' ? 'local' : 'server'})` : name;
}
