/**
 * What every OpenAI-compatible client of the project shares (the judge's and the inference
 * server's): URL normalisation, the incremental server-sent-events parser, and reading errors
 * (socket error codes through `cause` chains, `{"error": …}` bodies, short body snippets).
 * Plain Node 20; no `vscode`.
 */

const SNIPPET = 300;

/** `text` trimmed and cut to 300 characters (with "…") for a message. */
export function snippet(text: string, limit = SNIPPET): string {
  const flat = text.trim();
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}

/**
 * The URL of `resource` (`chat/completions`, `models`) for what a user typed: a URL already ending
 * in `/chat/completions` or `/models` is taken as the API base plus that resource; a path holding a
 * version segment (`/v1`, `/v1beta/openai`) is the API base; anything else (no path, or another
 * prefix) gets `/v1`. Trailing slashes, a missing `http://` and surrounding spaces are forgiven; the
 * query string is kept. Throws a TypeError (naming `label`: "judge", "inference server") for what is
 * not an http(s) URL.
 */
export function openAiUrl(url: string, resource: string, label: string): string {
  const raw = url.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw new TypeError(`The ${label} URL "${url}" is not a valid URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`The ${label} URL "${url}" must start with http:// or https://.`);
  }
  if (raw === '' || parsed.hostname === '') throw new TypeError(`The ${label} URL "${url}" has no host.`);
  const pathname = parsed.pathname.replace(/\/+$/, '');
  const known = /\/(?:chat\/completions|models)$/i.exec(pathname);
  let base: string;
  if (known) base = pathname.slice(0, known.index);
  else if (/\/v\d+[a-z0-9]*(\/|$)/i.test(pathname)) base = pathname;
  else base = `${pathname}/v1`;
  parsed.pathname = `${base}/${resource.replace(/^\/+/, '')}`;
  parsed.hash = '';
  return parsed.toString();
}

/** `code`s of the error's cause chain (undici wraps the socket error as `cause`; Happy Eyeballs as an AggregateError). */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const visit = (e: unknown, depth: number): void => {
    if (depth > 4 || typeof e !== 'object' || e === null) return;
    const record = e as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === 'string') codes.push(record.code);
    if (Array.isArray(record.errors)) for (const inner of record.errors) visit(inner, depth + 1);
    if (record.cause !== undefined) visit(record.cause, depth + 1);
  };
  visit(error, 0);
  return codes;
}

/** The messages of an error and its causes, joined ("fetch failed: connect ECONNREFUSED …"). */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      const text = typeof code === 'string' && !current.message.includes(code) ? `${current.message} (${code})` : current.message;
      if (text !== '' && !parts.includes(text)) parts.push(text);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.length > 0 ? parts.join(': ') : 'unknown error';
}

/** The `error` an OpenAI-style server puts in a body (`{"error": {"message": …}}` or `{"error": "…"}`). */
export function errorMessage(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || !('error' in json)) return undefined;
  const error = (json as { error: unknown }).error;
  if (error === null || error === undefined) return undefined;
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message : JSON.stringify(error);
}

export interface SseParser {
  /** Feeds bytes (or text) as they arrive; chunks may split lines, CRLF pairs and UTF-8 sequences anywhere. */
  push(chunk: Uint8Array | string): void;
  /** The stream ended: a last line without a newline and a last event without a blank line still count. */
  end(): void;
}

/**
 * An incremental server-sent-events parser: calls `onData` with each event's data (its `data:`
 * lines joined by "\n"). Comment lines (`: keep-alive`) and other fields (`event:`, `id:`) are
 * skipped; LF, CRLF and CR all end lines.
 */
export function createSseParser(onData: (data: string) => void): SseParser {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let data: string[] = [];

  const dispatch = (): void => {
    if (data.length === 0) return;
    const joined = data.join('\n');
    data = [];
    onData(joined);
  };
  const line = (text: string): void => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
  };
  /** Where the buffer's unread lines begin: the text before it holds no line break (a long line fed in pieces stays linear). */
  const drain = (final: boolean, resumeAt: number): void => {
    let start = 0;
    for (let i = resumeAt; i < buffer.length; i++) {
      const ch = buffer[i];
      if (ch !== '\n' && ch !== '\r') continue;
      // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
      if (ch === '\r' && i === buffer.length - 1 && !final) break;
      line(buffer.slice(start, i));
      if (ch === '\r' && buffer[i + 1] === '\n') i++;
      start = i + 1;
    }
    buffer = buffer.slice(start);
    if (final) {
      if (buffer !== '') line(buffer);
      buffer = '';
      dispatch();
    }
  };
  return {
    push(chunk) {
      // Step back one character: a CR left at the end may pair with an LF now arriving.
      const resumeAt = Math.max(0, buffer.length - 1);
      buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      drain(false, resumeAt);
    },
    end() {
      const resumeAt = Math.max(0, buffer.length - 1);
      buffer += decoder.decode();
      drain(true, resumeAt);
    },
  };
}
