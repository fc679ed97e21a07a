/**
 * A real HTTP server on 127.0.0.1 (port 0) speaking the OpenAI chat-completions protocol, for the
 * judge tests. Each test gives it a handler; it records every request and the peak number of requests
 * in flight at once.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  headers: http.IncomingHttpHeaders;
  url: string;
  method: string;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: { model?: string; messages?: { role: string; content: string }[]; stream?: boolean; temperature?: number; max_tokens?: number } | undefined;
  rawBody: string;
}

export type Handler = (req: ChatRequest, res: http.ServerResponse) => void | Promise<void>;

export interface FakeServer {
  /** `http://127.0.0.1:PORT` (a base URL, no path). */
  base: string;
  requests: ChatRequest[];
  inFlight: number;
  maxInFlight: number;
  handler: Handler;
  close(): Promise<void>;
}

export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  const state: FakeServer = {
    base: '',
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    handler,
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: ChatRequest['body'];
      try {
        body = JSON.parse(rawBody) as ChatRequest['body'];
      } catch {
        body = undefined;
      }
      const request: ChatRequest = { headers: req.headers, url: req.url ?? '', method: req.method ?? '', body, rawBody };
      state.requests.push(request);
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      let counted = true;
      const release = (): void => {
        if (counted) state.inFlight--;
        counted = false;
      };
      res.on('finish', release);
      res.on('close', release);
      Promise.resolve(state.handler(request, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(599);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** A non-streamed chat completion carrying `content`. */
export function sendCompletion(res: http.ServerResponse, content: string, model = 'judge-model'): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 0,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }),
  );
}

/** The SSE text of a streamed completion: a role delta, one delta per piece, a finish chunk, [DONE]. */
export function sseText(pieces: string[], eol = '\n'): string {
  const event = (delta: Record<string, unknown>, finish: string | null = null): string =>
    `data: ${JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}${eol}${eol}`;
  return [event({ role: 'assistant' }), ...pieces.map((content) => event({ content })), event({}, 'stop'), `data: [DONE]${eol}${eol}`].join('');
}

/**
 * Writes one chunk and resolves once it has been handed to the socket, then after one more turn of the
 * event loop, so the next chunk usually reaches the client in a read of its own. No timer: it works the
 * same under a fake clock and whatever the machine's speed (chunks that arrive together just test less).
 */
export function writeChunk(res: http.ServerResponse, chunk: Buffer | string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(chunk, () => setImmediate(resolve));
  });
}

/** Writes `text` as an event stream in chunks of `size` bytes (splitting lines and UTF-8 sequences), each written on its own. */
export async function sendStream(res: http.ServerResponse, text: string, size = 7): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length && !res.destroyed; i += size) await writeChunk(res, bytes.subarray(i, i + size));
  res.end();
}

/** The last user message of a request. */
export function userText(req: ChatRequest): string {
  const messages = req.body?.messages ?? [];
  return [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
}

export function systemText(req: ChatRequest): string {
  return req.body?.messages?.find((m) => m.role === 'system')?.content ?? '';
}

/** A port nothing listens on (opened, then closed): connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A judge for `samples/rewatch-rollouts.jsonl` under the shipped prompts: an observation naming a
 * purple or red square is not what the caption shows (the square there is green); the text-only model
 * answers B; the answer judge agrees.
 */
export const sampleRolloutsJudge: Handler = (req, res) => {
  const prompt = userText(req);
  if (prompt.includes('Notes from re-watching')) return sendCompletion(res, 'The evidence shows green. <answer>B</answer>');
  if (prompt.includes('Ground-truth answer:')) return sendCompletion(res, '{"verdict": "yes", "score": 1, "rationale": "Same letter."}');
  const observation = /OBSERVATION: ([\s\S]*?)\n\n/.exec(prompt)?.[1] ?? '';
  sendCompletion(
    res,
    /purple|red square/i.test(observation)
      ? '{"verdict": "no", "score": 0, "rationale": "The caption shows a green square."}'
      : '{"verdict": "yes", "score": 1, "rationale": "Matches the caption."}',
  );
};
