/**
 * The managed Python worker's protocol (python/rewatch_worker.py, protocol 1): JSON Lines, one
 * request a line on its stdin, one answer a line on its stdout. The zod schemas check every line the
 * worker prints; the request types are what the client writes. Plain Node; no `vscode`.
 */
import { z } from 'zod';
import { type InferenceDevice, InferenceErrorCode, RunDevice } from '../../../shared/inference/inference';

export const WORKER_PROTOCOL = 1;

/** The packages the probe reports (module names), each with its installed version or null. */
export const WORKER_PACKAGES = ['torch', 'transformers', 'qwen_vl_utils', 'flash_attn', 'decord', 'av', 'cv2', 'torchvision', 'accelerate', 'numpy'] as const;
export type WorkerPackage = (typeof WORKER_PACKAGES)[number];

const RequestId = z.number().int();

/** The first line: the worker is listening. */
export const ReadyLine = z.object({
  type: z.literal('ready'),
  protocol: z.number().int(),
  python: z.string().optional(),
  pid: z.number().int().optional(),
});
export type ReadyLine = z.infer<typeof ReadyLine>;

export const CudaDevice = z.object({ name: z.string(), total_mib: z.number() });
export type CudaDevice = z.infer<typeof CudaDevice>;

export const ProbeLine = z.object({
  id: RequestId,
  type: z.literal('probe'),
  /** "3.11.7". */
  python: z.string(),
  /** The interpreter's sys.executable. */
  executable: z.string().optional(),
  /** Module name → installed version, "unknown" when only the module is found, null when absent or unusable. */
  packages: z.record(z.string(), z.string().nullable()),
  /** Packages installed but unusable (torchvision built for another torch), with why. */
  broken: z.record(z.string(), z.string()).optional(),
  cuda: z.object({
    available: z.boolean(),
    devices: z.array(CudaDevice),
    /** Why CUDA is not available (null when it is). */
    error: z.string().nullable(),
    /** torch.version.cuda: the CUDA version torch was built for (null for a CPU build). */
    version: z.string().nullable().optional(),
  }),
  /** The device a run with device "auto" would use, and why. */
  device: z
    .object({
      selected: RunDevice.nullable(),
      name: z.string().nullable(),
      reason: z.string().nullable(),
      mps: z.boolean(),
    })
    .optional(),
});
export type ProbeLine = z.infer<typeof ProbeLine>;
/** What `probe()` resolves to: the probe line without its id and type. */
export type WorkerProbe = Omit<ProbeLine, 'id' | 'type'>;

export const WorkerPhase = z.enum(['loading', 'sampling', 'generating']);
export type WorkerPhase = z.infer<typeof WorkerPhase>;

export const PhaseLine = z.object({ id: RequestId, type: z.literal('phase'), phase: WorkerPhase });
export type PhaseLine = z.infer<typeof PhaseLine>;

/** The video was sampled into `count` frames of `width`×`height`. */
export const FramesLine = z.object({
  id: RequestId,
  type: z.literal('frames'),
  count: z.number().int().min(0),
  width: z.number().int().min(0),
  height: z.number().int().min(0),
});
export type FramesLine = z.infer<typeof FramesLine>;
export type WorkerFrames = Omit<FramesLine, 'id' | 'type'>;

/** Where the model was loaded (or found loaded) for this run, and how its video inputs are built. */
export const DeviceLine = z.object({
  id: RequestId,
  type: z.literal('device'),
  device: RunDevice,
  /** "NVIDIA H100 80GB HBM3", "Apple Metal (MPS)", "x86_64 CPU (16 threads)". */
  name: z.string(),
  reason: z.string(),
  dtype: z.enum(['bfloat16', 'float16', 'float32']),
  attention: z.string(),
  /** "processor": transformers' own; "torch": built by the worker (no usable torchvision). */
  inputs: z.enum(['processor', 'torch']),
});
export type DeviceLine = z.infer<typeof DeviceLine>;
export type WorkerDevice = Omit<DeviceLine, 'id' | 'type'>;

/** Generated text (one token's or, when they come fast, several tokens'), with the tokens generated so far. */
export const TokenLine = z.object({ id: RequestId, type: z.literal('token'), text: z.string(), tokens: z.number().int().min(0).optional() });
export type TokenLine = z.infer<typeof TokenLine>;

/** The end of a generate that did not fail; `tokens` counts generated tokens. */
export const DoneLine = z.object({
  id: RequestId,
  type: z.literal('done'),
  tokens: z.number().int().min(0),
  cancelled: z.boolean(),
  /** The generated token ids, when the request asked for them (`return_ids`). */
  ids: z.array(z.number().int()).optional(),
});
export type DoneLine = z.infer<typeof DoneLine>;

/** A failed request (its id), or a line the worker could not read (id null). */
export const ErrorLine = z.object({
  id: RequestId.nullable(),
  type: z.literal('error'),
  code: InferenceErrorCode,
  message: z.string(),
  fix: z.string(),
});
export type ErrorLine = z.infer<typeof ErrorLine>;

export const WorkerLine = z.discriminatedUnion('type', [ReadyLine, ProbeLine, PhaseLine, FramesLine, DeviceLine, TokenLine, DoneLine, ErrorLine]);
export type WorkerLine = z.infer<typeof WorkerLine>;

/**
 * A generate request's settings, with the worker's field names. Only `model`, `video` and `prompt`
 * are required; the client fills the rest from `GENERATE_DEFAULTS` (ReWatch-R1's: 2 fps, at most 192
 * frames of at most 128×28×28 pixels).
 */
export interface GenerateRequest {
  /** A local checkpoint folder (holding config.json); models are never downloaded. */
  model: string;
  /** The video file. */
  video: string;
  /** The full user prompt (the question, options and instructions). */
  prompt: string;
  system?: string | null;
  /** "auto": CUDA, else Apple MPS, else the CPU. */
  device?: InferenceDevice;
  /** "auto": bfloat16 on a GPU that has it (else float16), float16 on MPS, float32 on the CPU. */
  dtype?: 'bfloat16' | 'float16' | 'float32' | 'auto';
  /** "auto": flash_attention_2 when flash-attn is installed, else sdpa. */
  attention?: 'auto' | 'flash_attention_2' | 'sdpa' | 'eager';
  fps?: number;
  /** qwen_vl_utils' minimum frame count when sampling by fps (default 4). */
  min_frames?: number;
  max_frames?: number;
  max_pixels?: number;
  min_pixels?: number;
  /** 0: greedy decoding. */
  temperature?: number;
  top_p?: number;
  /** null: no top-k cut while sampling (the checkpoint's generation_config top_k is overridden). */
  top_k?: number | null;
  max_new_tokens?: number;
  seed?: number | null;
  /** Have `done` carry the generated token ids (for checking the streamed text). */
  return_ids?: boolean;
}

export const GENERATE_DEFAULTS = {
  system: null,
  device: 'auto',
  dtype: 'auto',
  attention: 'auto',
  fps: 2,
  min_frames: 4,
  max_frames: 192,
  max_pixels: 128 * 28 * 28,
  min_pixels: 4 * 28 * 28,
  temperature: 0.8,
  top_p: 0.9,
  top_k: null,
  max_new_tokens: 4096,
  seed: null,
  return_ids: false,
} as const satisfies Omit<Required<GenerateRequest>, 'model' | 'video' | 'prompt'>;

export type WorkerRequest =
  | { id: number; type: 'probe' }
  | ({ id: number; type: 'generate' } & Required<GenerateRequest>)
  /** Stops the generate with this id: it ends with `done`, `cancelled: true`. */
  | { id: number; type: 'cancel' }
  | { type: 'shutdown' };

/** One stdout line read as a protocol line, or why it is not one. */
export function parseWorkerLine(line: string): { ok: true; value: WorkerLine } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = WorkerLine.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'not a protocol line' };
}
