import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InferenceFailure } from '../../../src/core/inference/inferenceFailure';
import { listModels, ServerFailure, streamCompletion } from '../../../src/core/inference/serverClient';
import type { StreamCompletionOptions } from '../../../src/core/inference/serverClient';
import { isAbortError } from '../../../src/core/video/runTool';
import { cleanTempFiles, tempDir, tempFile } from '../helpers/tempFiles';
import { deferred, FAKE_EPOCH, hasSettled, useFakeClock } from '../../support/clock';
import { closedPort, startFakeServer, writeChunk } from '../../support/fakeJudgeServer';
import type { FakeServer, Handler } from '../../support/fakeJudgeServer';

interface Part {
  type: string;
  text?: string;
  video_url?: { url: string };
  image_url?: { url: string };
}
interface Body {
  model: string;
  messages: { role: string; content: string | Part[] }[];
  temperature: number;
  top_p: number;
  max_tokens: number;
  stream: boolean;
  stream_options: { include_usage: boolean };
  mm_processor_kwargs?: Record<string, unknown>;
}

function chunk(delta: Record<string, unknown>, finish: string | null = null): Record<string, unknown> {
  return { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] };
}

/** A vLLM-like stream: role delta, one delta a piece, finish, usage (when given), [DONE]. */
function sse(pieces: string[], usage?: { prompt_tokens: number; completion_tokens: number }, finish = 'stop'): string {
  const events = [chunk({ role: 'assistant', content: '' }), ...pieces.map((content) => chunk({ content })), chunk({}, finish)];
  if (usage)
    events.push({ id: 'c', object: 'chat.completion.chunk', choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
  return `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}data: [DONE]\n\n`;
}

/** Writes `text` in chunks of `size` bytes (splitting lines and UTF-8 sequences), each written on its own. */
async function stream(res: http.ServerResponse, text: string, size = 5): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  res.flushHeaders();
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length && !res.destroyed; i += size) await writeChunk(res, bytes.subarray(i, i + size));
  res.end();
}

function failureOf(code: string, pattern?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof InferenceFailure, `expected an InferenceFailure, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (pattern) assert.match(`${error.message} ${error.error.fix}`, pattern);
    assert.ok(error.error.fix.length > 0);
    return true;
  };
}

describe('inference server client', () => {
  let server: FakeServer;
  let handler: Handler;
  let video: string;
  before(async () => {
    server = await startFakeServer((req, res) => handler(req, res));
    video = tempFile('clip one.mp4', 'not really a video');
  });
  after(async () => {
    await server.close();
    cleanTempFiles();
  });
  beforeEach(() => {
    server.requests.length = 0;
    handler = (_req, res) => void stream(res, sse(['Hi']));
  });

  function options(overrides: Partial<StreamCompletionOptions> = {}): StreamCompletionOptions & { tokens: string[] } {
    const tokens: string[] = [];
    return {
      url: `${server.base}/v1`,
      model: '/models/ReWatch-R1',
      system: 'SYSTEM',
      user: 'USER',
      video: { kind: 'file', path: video },
      fps: 2,
      maxPixels: 100352,
      temperature: 0.7,
      topP: 0.9,
      maxTokens: 2048,
      connectTimeoutMs: 2000,
      firstTokenTimeoutMs: 5000,
      idleTimeoutMs: 5000,
      onToken: (t) => tokens.push(t),
      tokens,
      ...overrides,
    };
  }

  it('streams tokens in order from events split mid-line and counts tokens from usage', async () => {
    const pieces = [
      'I will ',
      '<action>retrieve segments where',
      ' the van passes</action>',
      '\n<observation>At 00:07 — é🎬</observation>',
      '<answer>B</answer>',
    ];
    handler = (_req, res) => void stream(res, sse(pieces, { prompt_tokens: 1234, completion_tokens: 42 }), 5);
    const opts = options({ apiKey: ' secret ' });
    const result = await streamCompletion(opts);
    assert.deepEqual(opts.tokens, pieces);
    assert.equal(result.text, pieces.join(''));
    assert.equal(result.tokens, 42);
    assert.equal(result.promptTokens, 1234);
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.cancelled, false);
    assert.ok(result.ttftMs !== null && result.ttftMs >= 0);
    const request = server.requests[0];
    assert.equal(request.url, '/v1/chat/completions');
    assert.equal(request.method, 'POST');
    assert.equal(request.headers.authorization, 'Bearer secret');
  });

  it('sends the system and user messages, the video as a file URL, the sampling settings and stream options', async () => {
    await streamCompletion(options());
    const body = JSON.parse(server.requests[0].rawBody) as Body;
    assert.equal(body.model, '/models/ReWatch-R1');
    assert.deepEqual(body.messages[0], { role: 'system', content: 'SYSTEM' });
    assert.equal(body.messages[1].role, 'user');
    assert.deepEqual(body.messages[1].content, [
      { type: 'video_url', video_url: { url: pathToFileURL(video).href } },
      { type: 'text', text: 'USER' },
    ]);
    assert.ok((body.messages[1].content as Part[])[0].video_url?.url.startsWith('file:///'));
    assert.equal(body.temperature, 0.7);
    assert.equal(body.top_p, 0.9);
    assert.equal(body.max_tokens, 2048);
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.deepEqual(body.mm_processor_kwargs, { fps: 2, max_pixels: 100352 });
    assert.equal(server.requests[0].headers.authorization, undefined, 'no key, no header');
  });

  it('sends frames as JPEG data URLs in order (with time labels when given), without processor kwargs', async () => {
    const dir = tempDir();
    const files = ['a', 'b'].map((name) => {
      const file = path.join(dir, `${name}.jpg`);
      fs.writeFileSync(file, Buffer.from(`jpeg ${name}`));
      return file;
    });
    await streamCompletion(options({ video: { kind: 'frames', files } }));
    let body = JSON.parse(server.requests[0].rawBody) as Body;
    assert.deepEqual(body.messages[1].content, [
      { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${Buffer.from('jpeg a').toString('base64')}` } },
      { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${Buffer.from('jpeg b').toString('base64')}` } },
      { type: 'text', text: 'USER' },
    ]);
    assert.equal(body.mm_processor_kwargs, undefined);
    await streamCompletion(options({ video: { kind: 'frames', files, times: [0.25, 75.5] }, processorKwargs: { max_pixels: 1 } }));
    body = JSON.parse(server.requests[1].rawBody) as Body;
    assert.deepEqual(
      (body.messages[1].content as Part[]).map((p) => p.text ?? p.type),
      ['00:00.3:', 'image_url', '01:15.5:', 'image_url', 'USER'],
    );
    assert.deepEqual(body.mm_processor_kwargs, { max_pixels: 1 });
    await streamCompletion(options({ processorKwargs: false }));
    assert.equal((JSON.parse(server.requests[2].rawBody) as Body).mm_processor_kwargs, undefined);
  });

  it('counts the deltas as tokens when the server sends no usage', async () => {
    handler = (_req, res) => void stream(res, sse(['a', 'b', '', 'c'], undefined, 'length'));
    const result = await streamCompletion(options());
    assert.equal(result.tokens, 3);
    assert.equal(result.finishReason, 'length');
  });

  it('reads a plain JSON reply from a server that ignores stream', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ choices: [{ message: { content: '<answer>A</answer>' }, finish_reason: 'stop' }], usage: { completion_tokens: 5, prompt_tokens: 9 } }),
      );
    };
    const opts = options();
    const result = await streamCompletion(opts);
    assert.deepEqual(opts.tokens, ['<answer>A</answer>']);
    assert.equal(result.tokens, 5);
  });

  it('fails with server-unreachable when nothing listens, naming the fix', async () => {
    const port = await closedPort();
    await assert.rejects(
      streamCompletion(options({ url: `http://127.0.0.1:${port}/v1` })),
      failureOf('server-unreachable', /refused.*Start Inference Server.*rewatchInspector\.inference\.endpoint/s),
    );
    await assert.rejects(listModels(`http://127.0.0.1:${port}`), failureOf('server-unreachable'));
  });

  it('fails with server-unreachable for a host that does not resolve', async function () {
    this.timeout(20_000);
    await assert.rejects(streamCompletion(options({ url: 'http://no-such-host.invalid:8000/v1', connectTimeoutMs: 8000 })), failureOf('server-unreachable'));
  });

  it('fails with out-of-memory for a 500 whose body says so', async () => {
    handler = (_req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'CUDA out of memory. Tried to allocate 2.00 GiB', type: 'InternalServerError', code: 500 } }));
    };
    await assert.rejects(streamCompletion(options()), failureOf('out-of-memory', /CUDA out of memory.*fewer frames/s));
  });

  it('fails with server-error quoting the body of a 400', async () => {
    handler = (_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ object: 'error', message: 'The model `x` does not exist.', type: 'NotFoundError', code: 400 }));
    };
    await assert.rejects(streamCompletion(options()), (error: unknown) => {
      failureOf('server-error', /HTTP 400: The model `x` does not exist\./)(error);
      assert.equal((error as ServerFailure).status, 400);
      return true;
    });
  });

  it('names --allowed-local-media-path when the server rejects a file URL', async () => {
    handler = (_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Cannot load local files without `--allowed-local-media-path`.' } }));
    };
    await assert.rejects(streamCompletion(options()), failureOf('server-error', /allowed-local-media-path.*allowed-local-media-path/s));
  });

  it('fails with server-error (or out-of-memory) for an error event in the stream', async () => {
    handler = (_req, res) => void stream(res, `${sse(['a']).split('data: [DONE]')[0]}data: {"error": {"message": "engine dead"}}\n\n`);
    await assert.rejects(streamCompletion(options()), failureOf('server-error', /engine dead/));
    handler = (_req, res) => void stream(res, 'data: {"error": {"message": "torch.OutOfMemoryError: CUDA"}}\n\n');
    await assert.rejects(streamCompletion(options()), failureOf('out-of-memory'));
  });

  it('fails with server-error when the stream ends before it finished', async () => {
    handler = (_req, res) => void stream(res, `data: ${JSON.stringify(chunk({ content: 'half' }))}\n\n`);
    await assert.rejects(streamCompletion(options()), failureOf('server-error', /closed the stream/));
  });

  it('resolves as cancelled without a request when already aborted', async () => {
    const result = await streamCompletion(options({ signal: AbortSignal.abort() }));
    assert.equal(result.cancelled, true);
    assert.equal(result.text, '');
    assert.equal(server.requests.length, 0);
  });

  it('fails with video-missing for a file video that does not exist, and bad-request for a bad URL or frame', async () => {
    await assert.rejects(
      streamCompletion(options({ video: { kind: 'file', path: path.join(tempDir(), 'gone.mp4') } })),
      failureOf('video-missing', /gone\.mp4/),
    );
    await assert.rejects(streamCompletion(options({ url: 'ftp://host/v1' })), failureOf('bad-request', /rewatchInspector\.inference\.endpoint/));
    await assert.rejects(streamCompletion(options({ video: { kind: 'frames', files: [path.join(tempDir(), 'none.jpg')] } })), failureOf('bad-request'));
    await assert.rejects(streamCompletion(options({ video: { kind: 'frames', files: [] } })), failureOf('bad-request'));
    assert.equal(server.requests.length, 0);
  });

  it('reports an onToken callback that throws as internal and stops', async () => {
    await assert.rejects(
      streamCompletion(
        options({
          onToken: () => {
            throw new Error('panel gone');
          },
        }),
      ),
      failureOf('internal', /panel gone/),
    );
  });

  describe('listModels', () => {
    it('lists the served model ids from /v1/models', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: '/models/ReWatch-R1', object: 'model' }, { id: 'lora' }] }));
      };
      assert.deepEqual(await listModels(`${server.base}/v1/`, 'k'), ['/models/ReWatch-R1', 'lora']);
      assert.equal(server.requests[0].url, '/v1/models');
      assert.equal(server.requests[0].method, 'GET');
      assert.equal(server.requests[0].headers.authorization, 'Bearer k');
      assert.deepEqual(await listModels(`${server.base}/v1/chat/completions`), ['/models/ReWatch-R1', 'lora']);
      assert.equal(server.requests[1].url, '/v1/models');
    });

    it('fails with server-error (and the status) for an HTTP error', async () => {
      handler = (_req, res) => {
        res.writeHead(401);
        res.end('{"error": "bad key"}');
      };
      await assert.rejects(
        listModels(server.base),
        (error: unknown) => failureOf('server-error', /bad key.*API key/s)(error) && (error as ServerFailure).status === 401,
      );
    });
  });

  // Timeouts and cancellation: the server is real, the client's timers run on a fake clock that the
  // test moves once the request has reached the server (or the tokens have reached the client).
  describe('on a fake clock', () => {
    const clock = useFakeClock();
    /** A handler that writes `events` (SSE lines) and then never ends; resolves `arrived` when called. */
    function stalling(events: string[]) {
      const arrived = deferred();
      handler = (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        for (const event of events) res.write(event);
        arrived.resolve();
      };
      return arrived.promise;
    }

    it('fails with timeout when no token comes within the first-token timeout of connecting', async () => {
      const arrived = stalling([`data: ${JSON.stringify(chunk({ role: 'assistant', content: '' }))}\n\n`, ': keep-alive\n\n']);
      const run = streamCompletion(options({ firstTokenTimeoutMs: 300 }));
      await arrived;
      clock().tick(299);
      assert.equal(await hasSettled(run), false, 'still waiting 299 ms after connecting');
      clock().tick(1);
      await assert.rejects(run, failureOf('timeout', /no token within 0\.3 s/));
    });

    it('fails with timeout when the stream stalls for the idle timeout after some tokens (which were delivered)', async () => {
      void stalling(['a', 'b', 'c'].map((t) => `data: ${JSON.stringify(chunk({ content: t }))}\n\n`));
      const third = deferred();
      const opts = options({ idleTimeoutMs: 300 });
      const run = streamCompletion({
        ...opts,
        onToken: (t) => {
          opts.tokens.push(t);
          if (opts.tokens.length === 3) third.resolve();
        },
      });
      await third.promise;
      clock().tick(299);
      assert.equal(await hasSettled(run), false, 'still waiting 299 ms after the last token');
      clock().tick(1);
      await assert.rejects(run, failureOf('timeout', /stalled: nothing for 0\.3 s after 3 tokens/));
      assert.deepEqual(opts.tokens, ['a', 'b', 'c']);
    });

    it('resolves as cancelled, with the text so far, when aborted mid-stream, and closes the connection', async () => {
      let closed!: Promise<void>;
      handler = (_req, res) => {
        closed = new Promise((resolve) => res.on('close', () => resolve()));
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        for (const t of ['one ', 'two ']) res.write(`data: ${JSON.stringify(chunk({ content: t }))}\n\n`);
        // …and then thinks forever.
      };
      const controller = new AbortController();
      const opts = options({
        signal: controller.signal,
        onToken: (t) => {
          opts.tokens.push(t);
          if (opts.tokens.length === 2) setImmediate(() => controller.abort());
        },
      });
      const result = await streamCompletion(opts);
      // No timer ran: the fake clock never moved, so the abort alone ended the run.
      assert.equal(clock().now, FAKE_EPOCH);
      assert.deepEqual(result, { text: 'one two ', tokens: 2, finishReason: null, cancelled: true, promptTokens: null, ttftMs: 0 });
      await closed;
    });

    it('listModels fails with timeout when the server hangs past its timeout', async () => {
      const arrived = deferred();
      handler = () => arrived.resolve();
      const listing = listModels(server.base, undefined, undefined, 200);
      await arrived.promise;
      clock().tick(199);
      assert.equal(await hasSettled(listing), false);
      clock().tick(1);
      await assert.rejects(listing, failureOf('timeout', /did not answer within 0\.2 s/));
    });

    it('listModels rejects with an AbortError when aborted while the server hangs', async () => {
      const arrived = deferred();
      handler = () => arrived.resolve();
      const controller = new AbortController();
      const listing = listModels(server.base, undefined, controller.signal);
      await arrived.promise;
      controller.abort();
      await assert.rejects(listing, (error: unknown) => isAbortError(error));
      assert.equal(clock().now, FAKE_EPOCH, 'no timer was waited for');
    });
  });
});
