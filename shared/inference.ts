/**
 * Running a model (a local ReWatch-R1 / Qwen2.5-VL checkpoint through the managed Python worker, or an
 * OpenAI-compatible server such as `vllm serve`) on one sample, streamed into the Inspector beside the
 * stored chain. Pure zod, browser-safe: the webview asks with `runModel`, the host streams
 * `inferenceProgress` notifications and ends each run with exactly one `inferenceEnd`.
 */
import { z } from 'zod';

export const InferenceBackend = z.enum(['python', 'server']);
export type InferenceBackend = z.infer<typeof InferenceBackend>;

/**
 * Why a run failed, as a code the UI and tests can rely on; every failure also carries a message
 * naming the fix.
 */
export const InferenceErrorCode = z.enum([
  'no-python',
  'missing-packages',
  'no-cuda',
  'model-missing',
  'out-of-memory',
  'server-unreachable',
  'server-error',
  'video-missing',
  'timeout',
  'worker-crashed',
  'bad-request',
  'untrusted',
  'internal',
]);
export type InferenceErrorCode = z.infer<typeof InferenceErrorCode>;

export const InferenceError = z.object({
  code: InferenceErrorCode,
  message: z.string(),
  /** What to do about it ("pip install torch transformers", "set rewatchInspector.inference.modelPath"). */
  fix: z.string(),
});
export type InferenceError = z.infer<typeof InferenceError>;

export const InferencePhase = z.enum(['starting', 'loading', 'sampling', 'generating']);
export type InferencePhase = z.infer<typeof InferencePhase>;

export const InferenceStats = z.object({
  /** Milliseconds from the request to the first token; null before it. */
  ttftMs: z.number().nullable(),
  tokens: z.number().int().min(0),
  /** Generated tokens per second since the first token; null before the second. */
  tokensPerSecond: z.number().nullable(),
  /** Frames the video was sampled into (when known). */
  frames: z.number().int().min(0).nullable(),
  /** GPU memory in use / total, MiB, from nvidia-smi (null without it). */
  gpuMemoryUsedMiB: z.number().nullable(),
  gpuMemoryTotalMiB: z.number().nullable(),
});
export type InferenceStats = z.infer<typeof InferenceStats>;

export const EMPTY_STATS: InferenceStats = { ttftMs: null, tokens: 0, tokensPerSecond: null, frames: null, gpuMemoryUsedMiB: null, gpuMemoryTotalMiB: null };

/** The host accepted a run: its id (notifications carry it) and what it runs on. */
export const RunStarted = z.object({
  runId: z.number().int().min(0),
  backend: InferenceBackend,
  /** The model path or the served model's name. */
  model: z.string(),
});
export type RunStarted = z.infer<typeof RunStarted>;

/** The end of a run: the full text when it finished (or was cancelled with some text), else the error. */
export const RunEnd = z.object({
  runId: z.number().int().min(0),
  position: z.number().int().min(0),
  status: z.enum(['done', 'cancelled', 'error']),
  text: z.string(),
  stats: InferenceStats,
  error: InferenceError.nullable(),
});
export type RunEnd = z.infer<typeof RunEnd>;
