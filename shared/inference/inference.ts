/**
 * Running a model (a local ReWatch-R1 / Qwen2.5-VL checkpoint through the managed Python worker, or an
 * OpenAI-compatible server such as `vllm serve`) on one sample, streamed into the Inspector beside the
 * stored chain. Pure zod, browser-safe: the webview asks with `runModel`, the host streams
 * `inferenceProgress` notifications and ends each run with exactly one `inferenceEnd`.
 */
import { z } from 'zod';

export const InferenceBackend = z.enum(['python', 'server']);
export type InferenceBackend = z.infer<typeof InferenceBackend>;

/** Where the managed worker runs the model ("auto": CUDA, else Apple MPS, else the CPU). */
export const InferenceDevice = z.enum(['auto', 'cuda', 'mps', 'cpu']);
export type InferenceDevice = z.infer<typeof InferenceDevice>;

/** The device a run actually uses. */
export const RunDevice = InferenceDevice.exclude(['auto']);
export type RunDevice = z.infer<typeof RunDevice>;

/**
 * Why a run failed, as a code the UI and tests can rely on; every failure also carries a message
 * naming the fix.
 */
export const InferenceErrorCode = z.enum([
  'no-python',
  'missing-packages',
  'no-device',
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
  /** Nothing to run yet: no local checkpoint (python backend) is set; the panel shows the setup card, not a failure. */
  'not-configured',
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
  /** Where the local worker runs the model (null for a server, or before it is loaded). */
  device: z.object({ kind: RunDevice, name: z.string(), dtype: z.string() }).nullable(),
  /** The run's token limit (rewatchInspector.inference.maxTokens), for the time a slow device needs. */
  maxTokens: z.number().int().min(1).nullable(),
});
export type InferenceStats = z.infer<typeof InferenceStats>;

export const EMPTY_STATS: InferenceStats = {
  ttftMs: null,
  tokens: 0,
  tokensPerSecond: null,
  frames: null,
  gpuMemoryUsedMiB: null,
  gpuMemoryTotalMiB: null,
  device: null,
  maxTokens: null,
};

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

/**
 * A run as the host remembers it, for a webview that was reloaded (hidden and shown again, or
 * "Reload Webviews"): what streamed so far and, once over, how it ended.
 */
export const RunSnapshot = z.object({
  started: RunStarted,
  position: z.number().int().min(0),
  completion: z.number().int().min(0),
  phase: InferencePhase,
  text: z.string(),
  stats: InferenceStats,
  end: RunEnd.nullable(),
});
export type RunSnapshot = z.infer<typeof RunSnapshot>;

/** Finished runs remembered besides the running ones (host and webview alike): their text can be long. */
export const KEPT_FINISHED_RUNS = 3;

/** The buttons a failed run offers beside its fix: the log, the setting the fix is about, or the server command. */
export const InferenceFixAction = z.enum(['showLog', 'openSettings', 'startServer', 'chooseCheckpoint', 'enterServerUrl']);
export type InferenceFixAction = z.infer<typeof InferenceFixAction>;

/** The setting each failure's fix is about; "Open settings" shows it (codes missing here have none). */
const FAILURE_SETTINGS: Partial<Record<InferenceErrorCode, string>> = {
  'no-python': 'rewatchInspector.inference.python',
  'missing-packages': 'rewatchInspector.inference.python',
  'no-device': 'rewatchInspector.inference.device',
  'model-missing': 'rewatchInspector.inference.modelPath',
  'out-of-memory': 'rewatchInspector.inference.maxFrames',
  'server-unreachable': 'rewatchInspector.inference.endpoint',
  'server-error': 'rewatchInspector.inference.servedModel',
  'video-missing': 'rewatchInspector.videoRoots',
  timeout: 'rewatchInspector.inference.firstTokenTimeoutSeconds',
  'worker-crashed': 'rewatchInspector.inference',
};

export function settingForFailure(code: InferenceErrorCode): string | undefined {
  return FAILURE_SETTINGS[code];
}

/** The actions a failure offers, in button order: the log always, then what fixes it. */
export function fixActions(code: InferenceErrorCode): InferenceFixAction[] {
  if (code === 'not-configured') return ['chooseCheckpoint', 'enterServerUrl'];
  const actions: InferenceFixAction[] = [];
  if (code === 'server-unreachable') actions.push('startServer');
  if (settingForFailure(code) !== undefined) actions.push('openSettings');
  actions.push('showLog');
  return actions;
}
