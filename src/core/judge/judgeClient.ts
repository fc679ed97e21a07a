/**
 * A minimal OpenAI-compatible chat-completions client for the judge (a local vLLM, llama.cpp,
 * Ollama, or any server speaking `/v1/chat/completions`). Plain Node 20: the built-in `fetch`
 * (undici), no SDK. Every failure becomes a `JudgeError` whose kind says what went wrong and whose
 * message names the endpoint, so the Inspector can show it as is.
 */
import { createSseParser, describeError, errorCodes, errorMessage, openAiUrl, snippet } from '../inference/sse';

export { createSseParser } from '../inference/sse';
export type { SseParser } from '../inference/sse';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface JudgeEndpoint {
  /** A base (`http://127.0.0.1:8000`, `http://127.0.0.1:8000/v1`) or the full `…/v1/chat/completions`. */
  url: string;
  model: string;
  /** Sent as `Authorization: Bearer …` only when set (and not blank). */
  apiKey?: string;
  /** Covers the whole call: connecting, waiting, and reading the reply (streamed or not). */
  timeoutMs: number;
  stream: boolean;
  /** Default 0: a judge should be deterministic. */
  temperature?: number;
  /** Left out of the request when unset (the server's default applies). */
  maxTokens?: number;
  /** Most bytes read of a reply (default 16 MiB): a verdict is a few hundred. */
  maxReplyBytes?: number;
}

/** Most bytes of one judge reply; a verdict and its rationale are far smaller. */
export const MAX_JUDGE_REPLY_BYTES = 16 * 1024 * 1024;
/** Redirects followed within the endpoint's own origin. */
const MAX_REDIRECTS = 3;

export type JudgeErrorKind = 'timeout' | 'http' | 'malformed' | 'refused' | 'network' | 'cancelled';

export class JudgeError extends Error {
  override readonly name = 'JudgeError';
  constructor(
    readonly kind: JudgeErrorKind,
    message: string,
    /** The HTTP status, for kind 'http'. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The chat-completions URL for what a user typed: a full `…/chat/completions` URL is kept; a path
 * holding a version segment (`/v1`, `/v1beta/openai`) gets `/chat/completions`; anything else (no
 * path, or another prefix) gets `/v1/chat/completions`. Trailing slashes, a missing `http://` and
 * surrounding spaces are forgiven; the query string is kept. Throws a TypeError for what is not an
 * http(s) URL.
 */
export function chatCompletionsUrl(url: string): string {
  return openAiUrl(url, 'chat/completions', 'judge');
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

interface CallContext {
  url: string;
  endpoint: JudgeEndpoint;
  callerSignal?: AbortSignal;
  timeoutSignal: AbortSignal;
}

/** The JudgeError for anything thrown while the call runs; JudgeErrors pass through unchanged. */
function classify(error: unknown, ctx: CallContext): JudgeError {
  // The signals decide first: an abort surfaces as many different errors (AbortError, TimeoutError,
  // "terminated", a stream error) depending on when it lands.
  if (ctx.callerSignal?.aborted) return cancelled(ctx.url, error);
  if (ctx.timeoutSignal.aborted) {
    return new JudgeError('timeout', `The judge at ${ctx.url} did not answer within ${seconds(ctx.endpoint.timeoutMs)}.`, undefined, { cause: error });
  }
  if (error instanceof JudgeError) return error;
  if (errorCodes(error).includes('ECONNREFUSED')) {
    return new JudgeError('refused', `The judge at ${ctx.url} refused the connection (is the server running?).`, undefined, { cause: error });
  }
  const detail = describeError(error);
  return new JudgeError('network', `Could not reach the judge at ${ctx.url}: ${detail}.`, undefined, { cause: error });
}

function cancelled(url: string, cause?: unknown): JudgeError {
  return new JudgeError('cancelled', `The judge call to ${url} was cancelled.`, undefined, { cause });
}

/** Makes the signal that aborts a call after `ms` milliseconds (a test passes one it fires itself). */
export type TimeoutSignal = (ms: number) => AbortSignal;
/** The real clock's: `AbortSignal.timeout`. */
export const realTimeoutSignal: TimeoutSignal = (ms) => AbortSignal.timeout(ms);

/**
 * Sends `messages` and returns the reply's text. Streaming (`endpoint.stream`) reads the
 * server-sent events and joins `choices[0].delta.content`; a server that ignores `stream` and answers
 * plain JSON is read as such. Rejects with a JudgeError: 'cancelled' when `signal` aborts, 'timeout'
 * past `endpoint.timeoutMs`, 'refused' when nothing listens, 'network' for other transport failures,
 * 'http' for a non-2xx status (or an error event in the stream), 'malformed' for a reply that is not
 * a chat completion.
 */
export async function chatCompletion(
  endpoint: JudgeEndpoint,
  messages: ChatMessage[],
  signal?: AbortSignal,
  timeoutAfter: TimeoutSignal = realTimeoutSignal,
): Promise<string> {
  const url = chatCompletionsUrl(endpoint.url);
  if (signal?.aborted) throw cancelled(url, signal.reason);
  const timeoutSignal = timeoutAfter(Math.max(1, endpoint.timeoutMs));
  const combined = signal ? AbortSignal.any([signal, timeoutSignal]) : timeoutSignal;
  const ctx: CallContext = { url, endpoint, callerSignal: signal, timeoutSignal };

  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: endpoint.stream ? 'text/event-stream' : 'application/json',
  };
  const apiKey = endpoint.apiKey?.trim();
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  const body = JSON.stringify({
    model: endpoint.model,
    messages,
    temperature: endpoint.temperature ?? 0,
    max_tokens: endpoint.maxTokens,
    stream: endpoint.stream,
  });

  const cap = endpoint.maxReplyBytes ?? MAX_JUDGE_REPLY_BYTES;
  try {
    const response = await postWithinOrigin(url, { method: 'POST', headers, body, signal: combined });
    if (!response.ok) {
      let text = '';
      try {
        text = await readCapped(response.body, 64 * 1024, url, false);
      } catch (error) {
        if (combined.aborted) throw error;
      }
      const statusText = response.statusText ? ` ${response.statusText}` : '';
      const shown = text.trim() === '' ? `HTTP ${response.status}${statusText} (empty body)` : `HTTP ${response.status}: ${snippet(text)}`;
      throw new JudgeError('http', `The judge at ${url} answered ${shown}`, response.status);
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (endpoint.stream && !/application\/json/i.test(contentType) && response.body !== null) {
      return await readStream(response.body, url, cap);
    }
    return parseCompletion(await readCapped(response.body, cap, url, true), url);
  } catch (error) {
    throw classify(error, ctx);
  }
}

/**
 * POSTs, following a redirect only within the endpoint's own origin: a 307/308 to another host would
 * send it the prompt (the dataset's text) and the API key, so it is refused.
 */
async function postWithinOrigin(url: string, init: RequestInit): Promise<Response> {
  const origin = new URL(url).origin;
  let target = url;
  for (let hop = 0; ; hop++) {
    const response = await fetch(target, { ...init, redirect: 'manual' });
    if (response.status < 300 || response.status >= 400 || response.status === 304) return response;
    const location = response.headers.get('location');
    await response.body?.cancel().catch(() => undefined);
    if (location === null) throw new JudgeError('http', `The judge at ${url} answered HTTP ${response.status} with no Location.`, response.status);
    const next = new URL(location, target);
    if (next.origin !== origin) {
      throw new JudgeError('http', `The judge at ${url} redirected to another origin (${next.origin}); the request was not sent there.`, response.status);
    }
    if (hop >= MAX_REDIRECTS) throw new JudgeError('http', `The judge at ${url} redirected more than ${MAX_REDIRECTS} times.`, response.status);
    target = next.href;
  }
}

/** The body as text, reading at most `cap` bytes: past it, 'malformed' (or, for an error body, what fitted). */
async function readCapped(body: ReadableStream<Uint8Array> | null, cap: number, url: string, strict: boolean): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > cap) {
        if (strict) throw new JudgeError('malformed', `The judge at ${url} sent more than ${(cap / 1024 / 1024).toFixed(0)} MB; the reply was not read.`);
        break;
      }
      chunks.push(value);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `choices[0].message.content` of a non-streamed reply. */
function parseCompletion(text: string, url: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new JudgeError('malformed', `The judge at ${url} sent a reply that is not valid JSON: ${snippet(text) || '(empty body)'}`);
  }
  const apiError = errorMessage(json);
  if (apiError !== undefined) throw new JudgeError('http', `The judge at ${url} answered with an error: ${snippet(apiError)}`);
  const content = (json as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0]?.message?.content;
  if (typeof content !== 'string') {
    throw new JudgeError('malformed', `The judge at ${url} sent a reply with no choices[0].message.content: ${snippet(text)}`);
  }
  return content;
}

/** Joins `choices[0].delta.content` over a chat-completions event stream, up to `data: [DONE]`. */
async function readStream(body: ReadableStream<Uint8Array>, url: string, cap: number): Promise<string> {
  let text = '';
  let received = 0;
  let events = 0;
  let sawContent = false;
  let done = false;
  const onEvent = (data: string): void => {
    if (done) return;
    if (data.trim() === '[DONE]') {
      done = true;
      return;
    }
    let payloads: unknown[];
    try {
      payloads = [JSON.parse(data)];
    } catch {
      // Some servers forget the blank line between events: their data lines arrive joined.
      try {
        payloads = data
          .split('\n')
          .filter((part) => part.trim() !== '' && part.trim() !== '[DONE]')
          .map((part) => JSON.parse(part) as unknown);
        if (data.split('\n').some((part) => part.trim() === '[DONE]')) done = true;
      } catch {
        throw new JudgeError('malformed', `The judge at ${url} sent a stream event that is not valid JSON: ${snippet(data)}`);
      }
    }
    for (const payload of payloads) {
      events++;
      const apiError = errorMessage(payload);
      if (apiError !== undefined) throw new JudgeError('http', `The judge at ${url} reported an error in its stream: ${snippet(apiError)}`);
      const choice = (payload as { choices?: { delta?: { content?: unknown }; message?: { content?: unknown } }[] } | null)?.choices?.[0];
      const piece = choice?.delta?.content ?? choice?.message?.content;
      if (typeof piece === 'string') {
        text += piece;
        sawContent = true;
      }
    }
  };
  const parser = createSseParser(onEvent);
  const reader = body.getReader();
  let ended = false;
  try {
    while (!done) {
      const chunk = await reader.read();
      if (chunk.done) {
        ended = true;
        parser.end();
        break;
      }
      received += chunk.value.length;
      if (received > cap)
        throw new JudgeError('malformed', `The judge at ${url} streamed more than ${(cap / 1024 / 1024).toFixed(0)} MB; the reply was cut off there.`);
      parser.push(chunk.value);
    }
  } finally {
    // After [DONE], or when an event was bad, the rest of the body is not wanted: free the connection.
    if (!ended) await reader.cancel().catch(() => undefined);
  }
  if (!sawContent) {
    const what = events === 0 ? 'an empty event stream' : 'a stream with no choices[0].delta.content';
    throw new JudgeError('malformed', `The judge at ${url} sent ${what}.`);
  }
  return text;
}
