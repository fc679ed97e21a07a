/**
 * Streams a ReWatch-R1 chain from an OpenAI-compatible server (`vllm serve <checkpoint>`, or any
 * server speaking `/v1/chat/completions` with Qwen2.5-VL style video input). Plain Node 20 over
 * `node:http`/`node:https` (not `fetch`), so the phases can be timed apart: connecting, waiting for
 * the first token (the server loads the video and runs the prefill first, which can take a while),
 * and the gaps between tokens. Every failure is an `InferenceFailure` whose message names the
 * endpoint and whose fix says what to do. No `vscode`.
 *
 * Cancelling (the `signal` aborting) is not a failure: `streamCompletion` resolves with what was
 * generated so far and `cancelled: true`. `listModels` (a short call with nothing to keep) rejects
 * with runTool's `AbortError` instead (`isAbortError`).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { pathToFileURL } from 'node:url';
import type { InferenceError, InferenceErrorCode } from '../../../shared/inference/inference';
import { AbortError } from '../video/runTool';
import { InferenceFailure } from './inferenceFailure';
import { checkVideoFile } from './sampleFrames';
import { createSseParser, describeError, errorCodes, errorMessage, openAiUrl, snippet } from './sse';

export type VideoInput =
  /** Sent as a `file://` URL: the server must run on this machine with `--allowed-local-media-path`. */
  | { kind: 'file'; path: string }
  /**
   * JPEG frames (see sampleFrames), sent as `image_url` data URLs in order. With `times` (seconds,
   * one per file) each frame is preceded by a text part naming its time ("00:12.5").
   */
  | { kind: 'frames'; files: string[]; times?: number[] };

export interface StreamCompletionOptions {
  /** A base like `http://127.0.0.1:8000/v1` (or `…:8000`, or the full `…/v1/chat/completions`). */
  url: string;
  /** The served model name (vLLM: the checkpoint path, or `--served-model-name`). */
  model: string;
  /** Sent as `Authorization: Bearer …` only when set and not blank. */
  apiKey?: string;
  system: string;
  user: string;
  video: VideoInput;
  /** Sampling rate the server should assume for a file video (sent in `mm_processor_kwargs`). */
  fps: number;
  /** Pixels per frame for a file video (sent in `mm_processor_kwargs`). */
  maxPixels: number;
  temperature: number;
  topP: number;
  maxTokens: number;
  signal?: AbortSignal;
  /** From the start of the call until the TCP connection is made. */
  connectTimeoutMs: number;
  /** From the connection until the first generated token (video loading, prefill). */
  firstTokenTimeoutMs: number;
  /** Longest silence after the first token (only generated text counts: keep-alives and empty events do not). */
  idleTimeoutMs: number;
  /** The whole call, first byte to last (default: the first-token timeout plus 2 s a token of maxTokens). */
  deadlineMs?: number;
  /** Most bytes read from the server, stream or reply (default 16 MiB). */
  maxReplyBytes?: number;
  /** Each piece of generated text, in order. A throw stops the call (rejected as 'internal'). */
  onToken: (text: string) => void;
  /**
   * vLLM's `mm_processor_kwargs`. Default: `{ fps, max_pixels }` for a file video (Qwen2.5-VL's
   * processor takes both; other servers ignore the field), nothing for frames (already sized).
   * `false` leaves the field out.
   */
  processorKwargs?: Record<string, unknown> | false;
}

export interface CompletionResult {
  text: string;
  /** Generated tokens: the server's `usage.completion_tokens` when it sent usage, else the deltas counted. */
  tokens: number;
  /** `stop`, `length` (max tokens reached), …; null when cancelled or never sent. */
  finishReason: string | null;
  /** True when `signal` aborted: `text` is what had arrived. */
  cancelled: boolean;
  promptTokens: number | null;
  /** From the start of the call to the first token; null without one. */
  ttftMs: number | null;
}

/** An InferenceFailure from the server, with the HTTP status when it answered one. */
export class ServerFailure extends InferenceFailure {
  constructor(
    error: InferenceError,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(error, options);
  }
}

/** Bytes of an error body kept for the message. */
const ERROR_BODY_LIMIT = 64 * 1024;
/** Most bytes a server may send for one run: a 4096-token stream is well under 1 MiB. */
export const MAX_REPLY_BYTES = 16 * 1024 * 1024;
const DEFAULT_LIST_TIMEOUT_MS = 10_000;

const START_FIX =
  'Start the server ("ReWatch: Start Inference Server", or `vllm serve <checkpoint> --allowed-local-media-path <videos folder>`) or check rewatchInspector.inference.endpoint.';
const LOCAL_MEDIA_FIX =
  'Start vLLM with --allowed-local-media-path set to a folder holding the videos (e.g. --allowed-local-media-path / ), or send the video as frames.';
const OOM_FIX =
  'The GPU ran out of memory: send fewer frames or fewer pixels per frame, lower max tokens, or restart the server with a smaller --max-model-len / --gpu-memory-utilization.';

const OUT_OF_MEMORY =
  /out of memory|outofmemory|\bOOM\b|cudaErrorMemoryAllocation|CUBLAS_STATUS_ALLOC_FAILED|not enough (?:gpu |device )?memory|insufficient (?:gpu )?memory/i;
const LOCAL_MEDIA = /allowed[-_]local[-_]media[-_]path|local files?|file:\/\/|file URL|subpath/i;
const CONTEXT_LENGTH = /maximum context length|max_model_len|max-model-len|too long|exceeds? the (?:model's )?max/i;

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function failure(code: InferenceErrorCode, message: string, fix: string, status?: number, cause?: unknown): ServerFailure {
  return new ServerFailure({ code, message, fix }, status, cause === undefined ? undefined : { cause });
}

/** The API URL of `resource` for the configured endpoint; an InferenceFailure ('bad-request') for a bad URL. */
export function serverUrl(url: string, resource: 'chat/completions' | 'models'): string {
  try {
    return openAiUrl(url, resource, 'inference server');
  } catch (error) {
    throw failure(
      'bad-request',
      error instanceof Error ? error.message : String(error),
      "Set rewatchInspector.inference.endpoint to the server's base URL, e.g. http://127.0.0.1:8000/v1.",
      undefined,
      error,
    );
  }
}

/** The text of an OpenAI-style error body (`{"error": …}`, or vLLM's older `{"object": "error", "message": …}`), else the raw text. */
function errorText(body: string): string {
  try {
    const json: unknown = JSON.parse(body);
    const inner = errorMessage(json);
    if (inner !== undefined) return inner;
    const record = json as { object?: unknown; message?: unknown; detail?: unknown };
    if (typeof record.message === 'string') return record.message;
    if (typeof record.detail === 'string') return record.detail;
  } catch {
    // not JSON: the text itself
  }
  return body;
}

/** The failure for a non-2xx answer (or an error event in the stream, `status` undefined). */
function httpFailure(url: string, status: number | undefined, body: string, video: VideoInput | undefined): ServerFailure {
  const said = snippet(errorText(body));
  const shown =
    status === undefined
      ? `reported an error in its stream: ${said}`
      : said === ''
        ? `answered HTTP ${status} (empty body)`
        : `answered HTTP ${status}: ${said}`;
  const message = `The inference server at ${url} ${shown}`;
  if (OUT_OF_MEMORY.test(body)) return failure('out-of-memory', message, OOM_FIX, status);
  if (video?.kind === 'file' && (status === undefined || status < 500) && LOCAL_MEDIA.test(body)) {
    return failure('server-error', `${message} (vLLM reads a file:// video only from under --allowed-local-media-path)`, LOCAL_MEDIA_FIX, status);
  }
  if (CONTEXT_LENGTH.test(body)) {
    return failure(
      'server-error',
      message,
      'The prompt (video tokens included) is too long: send fewer frames or pixels, lower max tokens, or restart the server with a larger --max-model-len.',
      status,
    );
  }
  if (status === 401 || status === 403)
    return failure('server-error', message, 'Set the API key the server expects (vllm serve --api-key) in the inference settings.', status);
  if (status === 404) {
    return failure(
      'server-error',
      message,
      'Check the endpoint (…/v1) and the model name: it must be one the server lists at /v1/models (vLLM: the checkpoint path or --served-model-name).',
      status,
    );
  }
  if (status !== undefined && status < 500)
    return failure('server-error', message, 'The server refused the request: check the model name and the inference settings; its log says more.', status);
  return failure('server-error', message, 'Check the server\'s log; restart it ("ReWatch: Start Inference Server") if it is stuck.', status);
}

/** Connection-level failures: nothing listening, DNS, or the connection dropping before an answer. */
function transportFailure(url: string, error: unknown, connected: boolean): ServerFailure {
  const codes = errorCodes(error);
  const detail = describeError(error);
  if (!connected) {
    const what = codes.includes('ECONNREFUSED')
      ? 'refused the connection (is the server running?)'
      : codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')
        ? `could not be found (${detail})`
        : `could not be reached: ${detail}`;
    return failure('server-unreachable', `The inference server at ${url} ${what}.`, START_FIX, undefined, error);
  }
  return failure(
    'server-error',
    `The inference server at ${url} closed the connection: ${detail}.`,
    'Check the server\'s log: it may have crashed (out of memory?). Restart it with "ReWatch: Start Inference Server".',
    undefined,
    error,
  );
}

function headersFor(apiKey: string | undefined, extra: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { ...extra };
  const key = apiKey?.trim();
  if (key) headers.Authorization = `Bearer ${key}`;
  return headers;
}

function transport(url: string): typeof http | typeof https {
  return url.startsWith('https:') ? https : http;
}

function clockLabel(secondsValue: number): string {
  const tenths = Math.round(Math.max(0, secondsValue) * 10);
  const whole = Math.floor(tenths / 10);
  const m = Math.floor(whole / 60);
  const s = whole % 60;
  const fraction = tenths % 10 === 0 ? '' : `.${tenths % 10}`;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${fraction}`;
}

type ContentPart = { type: 'text'; text: string } | { type: 'video_url'; video_url: { url: string } } | { type: 'image_url'; image_url: { url: string } };

/** The user message's video parts: a file URL, or the frames as JPEG data URLs. */
async function videoParts(video: VideoInput): Promise<ContentPart[]> {
  if (video.kind === 'file') {
    await checkVideoFile(video.path);
    return [{ type: 'video_url', video_url: { url: pathToFileURL(video.path).href } }];
  }
  if (video.files.length === 0)
    throw failure('bad-request', 'No frames to send: the frame list is empty.', 'Sample the video first (its duration and size must be known).');
  const images = await Promise.all(
    video.files.map((file) =>
      fs.promises.readFile(file).catch((error: unknown) => {
        throw failure(
          'bad-request',
          `The frame ${file} cannot be read: ${describeError(error)}.`,
          'Run again: the frames are sampled afresh each run.',
          undefined,
          error,
        );
      }),
    ),
  );
  const parts: ContentPart[] = [];
  images.forEach((bytes, i) => {
    const time = video.times?.[i];
    if (time !== undefined && Number.isFinite(time)) parts.push({ type: 'text', text: `${clockLabel(time)}:` });
    parts.push({ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${bytes.toString('base64')}` } });
  });
  return parts;
}

/** The JSON body of the chat-completions request. */
export function completionRequestBody(
  options: Omit<StreamCompletionOptions, 'video' | 'onToken'> & { video: VideoInput },
  parts: readonly unknown[],
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: options.model,
    messages: [
      { role: 'system', content: options.system },
      { role: 'user', content: [...parts, { type: 'text', text: options.user }] },
    ],
    temperature: options.temperature,
    top_p: options.topP,
    max_tokens: options.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
  };
  const kwargs =
    options.processorKwargs === undefined
      ? options.video.kind === 'file'
        ? { fps: options.fps, max_pixels: options.maxPixels }
        : undefined
      : options.processorKwargs;
  if (kwargs) body.mm_processor_kwargs = kwargs;
  return body;
}

interface ChunkPayload {
  choices?: { delta?: { content?: unknown; reasoning_content?: unknown }; message?: { content?: unknown }; finish_reason?: unknown }[];
  usage?: { completion_tokens?: unknown; prompt_tokens?: unknown } | null;
}

/**
 * Streams one completion. Resolves when the server ends the stream (`[DONE]`, or the end of the
 * body after a finish reason), or with `cancelled: true` when `signal` aborts. Rejects with an
 * InferenceFailure (a `ServerFailure`, with `status` for HTTP errors): 'bad-request' for a bad URL or
 * unreadable frames; 'video-missing' for a file video that does not exist; 'server-unreachable' when
 * nothing answers (refused, DNS, no connection within `connectTimeoutMs`); 'server-error' for an
 * HTTP error (the body's text quoted; a rejected file:// URL names --allowed-local-media-path), an
 * error event, a malformed stream or a connection dropped mid-stream; 'out-of-memory' when the
 * error's text says so; 'timeout' when no token comes within `firstTokenTimeoutMs` of connecting or
 * the stream stalls for `idleTimeoutMs`.
 */
export async function streamCompletion(options: StreamCompletionOptions): Promise<CompletionResult> {
  const url = serverUrl(options.url, 'chat/completions');
  const signal = options.signal;
  const cancelledEarly = (): CompletionResult => ({ text: '', tokens: 0, finishReason: null, cancelled: true, promptTokens: null, ttftMs: null });
  if (signal?.aborted) return cancelledEarly();
  const parts = await videoParts(options.video);
  if (signal?.aborted) return cancelledEarly();
  const body = Buffer.from(JSON.stringify(completionRequestBody(options, parts)), 'utf8');
  const headers = headersFor(options.apiKey, {
    'Content-Type': 'application/json',
    Accept: 'text/event-stream',
    'Content-Length': String(body.length),
  });

  return new Promise<CompletionResult>((resolve, reject) => {
    const started = Date.now();
    let text = '';
    let deltas = 0;
    let usageTokens: number | null = null;
    let promptTokens: number | null = null;
    let finishReason: string | null = null;
    let firstTokenAt: number | null = null;
    let connected = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;

    const result = (cancelled: boolean): CompletionResult => ({
      text,
      tokens: usageTokens ?? deltas,
      finishReason: cancelled ? null : finishReason,
      cancelled,
      promptTokens,
      ttftMs: firstTokenAt === null ? null : firstTokenAt - started,
    });
    const settle = (error: unknown, cancelled = false): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      if (error !== undefined) reject(error);
      else resolve(result(cancelled));
    };
    const arm = (ms: number, onFire: () => void): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(onFire, Math.max(1, ms));
    };
    const onAbort = (): void => settle(undefined, true);
    const armFirstToken = (): void =>
      arm(options.firstTokenTimeoutMs, () =>
        settle(
          failure(
            'timeout',
            `The inference server at ${url} produced no token within ${seconds(options.firstTokenTimeoutMs)} (still loading the video, busy, or stuck).`,
            "Raise the first-token timeout in the inference settings, send fewer frames or pixels, or check the server's log.",
          ),
        ),
      );
    const armIdle = (): void =>
      arm(options.idleTimeoutMs, () =>
        settle(
          failure(
            'timeout',
            `The stream from the inference server at ${url} stalled: nothing for ${seconds(options.idleTimeoutMs)} after ${deltas} tokens.`,
            "Check the server's log (it may have crashed or be swapping); raise the idle timeout in the inference settings if it is just slow.",
          ),
        ),
      );

    const emit = (piece: string): void => {
      if (piece === '') return;
      if (firstTokenAt === null) firstTokenAt = Date.now();
      text += piece;
      deltas++;
      armIdle(); // only generated text shows the server is working
      try {
        options.onToken(piece);
      } catch (error) {
        settle(
          failure('internal', `Showing the generated text failed: ${describeError(error)}`, 'Report this as a bug (the log has details).', undefined, error),
        );
        return;
      }
      // A server that streams past max_tokens (ignoring it, or endlessly) is cut off there.
      if (deltas >= options.maxTokens && !settled) {
        finishReason ??= 'length';
        settle(undefined);
      }
    };
    const onPayload = (payload: unknown): void => {
      const apiError = errorMessage(payload);
      if (apiError !== undefined) return settle(httpFailure(url, undefined, apiError, options.video));
      const chunk = payload as ChunkPayload | null;
      const usage = chunk?.usage;
      if (usage && typeof usage === 'object') {
        if (typeof usage.completion_tokens === 'number') usageTokens = usage.completion_tokens;
        if (typeof usage.prompt_tokens === 'number') promptTokens = usage.prompt_tokens;
      }
      const choice = chunk?.choices?.[0];
      if (choice === undefined) return;
      const piece = choice.delta?.content ?? choice.message?.content;
      if (typeof piece === 'string') emit(piece);
      if (typeof choice.finish_reason === 'string') finishReason = choice.finish_reason;
    };
    const onEvent = (data: string): void => {
      if (settled) return;
      const trimmed = data.trim();
      if (trimmed === '[DONE]') return settle(undefined);
      let payload: unknown;
      try {
        payload = JSON.parse(trimmed);
      } catch {
        // Some servers forget the blank line between events: their data lines arrive joined.
        const lines = trimmed
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l !== '');
        for (const line of lines) {
          if (settled) return;
          if (line === '[DONE]') return settle(undefined);
          try {
            onPayload(JSON.parse(line));
          } catch {
            return settle(
              failure(
                'server-error',
                `The inference server at ${url} sent a stream event that is not valid JSON: ${snippet(line)}`,
                'Check that the endpoint is an OpenAI-compatible chat-completions server.',
              ),
            );
          }
        }
        return;
      }
      onPayload(payload);
    };

    const req = transport(url).request(url, { method: 'POST', headers, agent: false });
    signal?.addEventListener('abort', onAbort, { once: true });
    const deadlineMs = options.deadlineMs ?? options.firstTokenTimeoutMs + options.maxTokens * 2000;
    const deadline = setTimeout(
      () =>
        settle(
          failure(
            'timeout',
            `The inference server at ${url} did not finish within ${seconds(deadlineMs)} (the run's deadline).`,
            'Lower max tokens, or raise the first-token timeout (the deadline is it plus 2 s a token).',
          ),
        ),
      Math.min(Math.max(1, deadlineMs), 2 ** 31 - 1),
    );
    req.once('close', () => clearTimeout(deadline));
    const maxReplyBytes = options.maxReplyBytes ?? MAX_REPLY_BYTES;
    let received = 0;
    /** Counts a chunk against the reply cap; false (and the run ended) past it. */
    const within = (chunk: Buffer): boolean => {
      received += chunk.length;
      if (received <= maxReplyBytes) return true;
      settle(
        failure(
          'server-error',
          `The inference server at ${url} sent more than ${(maxReplyBytes / 1024 / 1024).toFixed(0)} MB; the reply was cut off there.`,
          'Check the server: a chat completion is far smaller. Lower max tokens if it is a real answer.',
        ),
      );
      return false;
    };
    /** Runs a stream handler; anything it throws ends the run as a failure instead of escaping. */
    const guarded =
      <A extends unknown[]>(handler: (...args: A) => void) =>
      (...args: A): void => {
        try {
          handler(...args);
        } catch (error) {
          settle(
            failure(
              'server-error',
              `Reading the reply of the inference server at ${url} failed: ${describeError(error)}`,
              'Check the server; its reply was not what an OpenAI-compatible server sends.',
              undefined,
              error,
            ),
          );
        }
      };
    arm(options.connectTimeoutMs, () =>
      settle(
        failure('server-unreachable', `The inference server at ${url} did not accept a connection within ${seconds(options.connectTimeoutMs)}.`, START_FIX),
      ),
    );
    req.on('socket', (socket) => {
      const onConnect = (): void => {
        if (connected || settled) return;
        connected = true;
        armFirstToken();
      };
      if (socket.connecting) socket.once('connect', onConnect);
      else onConnect();
    });
    req.on('error', (error) => settle(transportFailure(url, error, connected)));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const dropped = (): void => {
        if (!settled)
          settle(
            failure(
              'server-error',
              `The inference server at ${url} closed the stream before it ended (after ${deltas} tokens).`,
              'Check the server\'s log: it may have crashed (out of memory?). Restart it with "ReWatch: Start Inference Server".',
            ),
          );
      };
      res.on('error', (error) => settle(transportFailure(url, error, true)));
      res.on('aborted', dropped);

      if (status < 200 || status >= 300) {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < ERROR_BODY_LIMIT) chunks.push(chunk);
          size += chunk.length;
          // Enough of an error body is kept for the message; the rest is not waited for.
          if (size >= ERROR_BODY_LIMIT) settle(httpFailure(url, status, Buffer.concat(chunks).toString('utf8'), options.video));
        });
        res.on(
          'end',
          guarded(() => settle(httpFailure(url, status, Buffer.concat(chunks).toString('utf8'), options.video))),
        );
        return;
      }
      const contentType = String(res.headers['content-type'] ?? '');
      if (/application\/json/i.test(contentType)) {
        // A server that ignores `stream` answers one JSON completion.
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (!settled && within(chunk)) chunks.push(chunk);
        });
        res.on(
          'end',
          guarded(() => {
            if (settled) return;
            const raw = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(raw);
            } catch {
              return settle(
                failure(
                  'server-error',
                  `The inference server at ${url} sent a reply that is not valid JSON: ${snippet(raw) || '(empty body)'}`,
                  'Check that the endpoint is an OpenAI-compatible chat-completions server.',
                ),
              );
            }
            onPayload(json);
            settle(undefined);
          }),
        );
        return;
      }
      const parser = createSseParser(onEvent);
      res.on(
        'data',
        guarded((chunk: Buffer) => {
          if (settled || !within(chunk)) return;
          parser.push(chunk);
        }),
      );
      res.on(
        'end',
        guarded(() => {
          if (settled) return;
          parser.end();
          if (settled) return;
          if (finishReason !== null) settle(undefined);
          else dropped();
        }),
      );
    });
    req.end(body);
  });
}

/**
 * GETs `url` (a JSON API resource) within `timeoutMs`. Rejects with ServerFailures:
 * 'server-unreachable', 'server-error' (with `status`), 'timeout'; with AbortError on abort.
 */
function getJson(url: string, apiKey: string | undefined, signal: AbortSignal | undefined, timeoutMs: number): Promise<unknown> {
  if (signal?.aborted) return Promise.reject(new AbortError(`The request to ${url} was cancelled`, { cause: signal.reason }));
  return new Promise<unknown>((resolve, reject) => {
    let settled = false;
    let connected = false;
    const settle = (error: unknown, value?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      if (error !== undefined) reject(error);
      else resolve(value);
    };
    const onAbort = (): void => settle(new AbortError(`The request to ${url} was cancelled`, { cause: signal?.reason }));
    const timer = setTimeout(
      () =>
        settle(
          connected
            ? failure(
                'timeout',
                `The inference server at ${url} did not answer within ${seconds(timeoutMs)}.`,
                'The server may still be starting or be busy: wait, or check its log.',
              )
            : failure('server-unreachable', `The inference server at ${url} did not accept a connection within ${seconds(timeoutMs)}.`, START_FIX),
        ),
      Math.max(1, timeoutMs),
    );
    const req = transport(url).request(url, { method: 'GET', headers: headersFor(apiKey, { Accept: 'application/json' }), agent: false });
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('socket', (socket) => {
      if (socket.connecting) socket.once('connect', () => (connected = true));
      else connected = true;
    });
    req.on('error', (error) => settle(transportFailure(url, error, connected)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < 4 * 1024 * 1024) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('error', (error) => settle(transportFailure(url, error, true)));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) return settle(httpFailure(url, status, raw, undefined));
        try {
          settle(undefined, JSON.parse(raw) as unknown);
        } catch {
          settle(
            failure(
              'server-error',
              `The inference server at ${url} sent a reply that is not valid JSON: ${snippet(raw) || '(empty body)'}`,
              'Check that the endpoint is an OpenAI-compatible server (…/v1).',
              status,
            ),
          );
        }
      });
    });
    req.end();
  });
}

/**
 * The served model names (`GET /v1/models`, each entry's `id`). Rejects with a ServerFailure
 * ('server-unreachable', 'server-error' with `status`, 'timeout' past `timeoutMs`, default 10 s), or
 * with AbortError when `signal` aborts.
 */
export async function listModels(url: string, apiKey?: string, signal?: AbortSignal, timeoutMs = DEFAULT_LIST_TIMEOUT_MS): Promise<string[]> {
  const modelsUrl = serverUrl(url, 'models');
  const json = await getJson(modelsUrl, apiKey, signal, timeoutMs);
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) {
    throw failure(
      'server-error',
      `The inference server at ${modelsUrl} sent no model list: ${snippet(JSON.stringify(json) ?? '')}`,
      'Check that the endpoint is an OpenAI-compatible server (…/v1).',
    );
  }
  return data.map((entry) => (entry as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string');
}
