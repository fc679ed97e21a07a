import { strict as assert } from 'node:assert';
import { chatCompletion, chatCompletionsUrl, createSseParser, JudgeError } from '../../../src/core/judge/judgeClient';
import type { JudgeEndpoint, JudgeErrorKind } from '../../../src/core/judge/judgeClient';
import { deferred, manualTimeouts } from '../../support/clock';
import { closedPort, sendCompletion, sendStream, sseText, startFakeServer } from '../../support/fakeJudgeServer';
import type { FakeServer, Handler } from '../../support/fakeJudgeServer';

const MESSAGES = [
  { role: 'system' as const, content: 'You are a judge.' },
  { role: 'user' as const, content: 'Is the sky blue?' },
];

/** Resolves to the JudgeError the promise rejects with; fails when it resolves or rejects otherwise. */
async function judgeErrorOf(promise: Promise<unknown>): Promise<JudgeError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof JudgeError, `expected a JudgeError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to reject');
}

describe('judge client', () => {
  describe('chatCompletionsUrl', () => {
    const table: [string, string][] = [
      ['http://127.0.0.1:8000', 'http://127.0.0.1:8000/v1/chat/completions'],
      ['http://127.0.0.1:8000/', 'http://127.0.0.1:8000/v1/chat/completions'],
      ['http://127.0.0.1:8000/v1', 'http://127.0.0.1:8000/v1/chat/completions'],
      ['http://127.0.0.1:8000/v1/', 'http://127.0.0.1:8000/v1/chat/completions'],
      ['http://127.0.0.1:8000/v1/chat/completions', 'http://127.0.0.1:8000/v1/chat/completions'],
      ['http://127.0.0.1:8000/v1/chat/completions/', 'http://127.0.0.1:8000/v1/chat/completions'],
      ['  http://localhost:8000/v1  ', 'http://localhost:8000/v1/chat/completions'],
      ['localhost:8000', 'http://localhost:8000/v1/chat/completions'],
      ['127.0.0.1:11434/v1', 'http://127.0.0.1:11434/v1/chat/completions'],
      ['https://api.example.com/openai/v1', 'https://api.example.com/openai/v1/chat/completions'],
      ['https://generativelanguage.example.com/v1beta/openai/', 'https://generativelanguage.example.com/v1beta/openai/chat/completions'],
      ['http://gpu-box:9000/judge', 'http://gpu-box:9000/judge/v1/chat/completions'],
      ['http://host/v1?api-version=2024', 'http://host/v1/chat/completions?api-version=2024'],
      ['http://host/openai/deployments/x/chat/completions?api-version=1', 'http://host/openai/deployments/x/chat/completions?api-version=1'],
    ];
    for (const [input, expected] of table) {
      it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(chatCompletionsUrl(input), expected));
    }
    for (const bad of ['', '   ', 'ftp://host/v1', 'http://']) {
      it(`rejects ${JSON.stringify(bad)}`, () => assert.throws(() => chatCompletionsUrl(bad), TypeError));
    }
  });

  describe('SSE parser', () => {
    const stream =
      ': keep-alive\r\n\r\n' +
      'data: {"a":1}\r\n\r\n' +
      'event: message\nid: 7\ndata: {"b":"é🎬"}\n\n' +
      'data:{"c":3}\r\rdata: line1\r\ndata: line2\r\n\r\n' +
      'data: [DONE]';
    const expected = ['{"a":1}', '{"b":"é🎬"}', '{"c":3}', 'line1\nline2', '[DONE]'];

    it('reads events in one piece (CRLF, CR, comments, other fields, last event without newline)', () => {
      const events: string[] = [];
      const parser = createSseParser((data) => events.push(data));
      parser.push(Buffer.from(stream));
      parser.end();
      assert.deepEqual(events, expected);
    });

    it('reads the same events whatever byte it is split at (lines, CRLF pairs and UTF-8 sequences split)', () => {
      const bytes = Buffer.from(stream);
      for (let cut = 1; cut < bytes.length; cut++) {
        const events: string[] = [];
        const parser = createSseParser((data) => events.push(data));
        parser.push(bytes.subarray(0, cut));
        parser.push(bytes.subarray(cut));
        parser.end();
        assert.deepEqual(events, expected, `split at byte ${cut}`);
      }
    });

    it('reads the same events fed one byte at a time', () => {
      const events: string[] = [];
      const parser = createSseParser((data) => events.push(data));
      for (const byte of Buffer.from(stream)) parser.push(Uint8Array.of(byte));
      parser.end();
      assert.deepEqual(events, expected);
    });
  });

  describe('chatCompletion against a local server', () => {
    let server: FakeServer;
    const use = (handler: Handler): void => {
      server.handler = handler;
      server.requests.length = 0;
    };
    const endpoint = (extra: Partial<JudgeEndpoint> = {}): JudgeEndpoint => ({
      url: server.base,
      model: 'judge-model',
      timeoutMs: 5000,
      stream: false,
      ...extra,
    });

    before(async () => {
      server = await startFakeServer((_req, res) => sendCompletion(res, 'unused'));
    });
    after(async () => {
      await server.close();
    });

    it('non-streaming: posts the request and returns choices[0].message.content', async () => {
      use((_req, res) => sendCompletion(res, '{"verdict": "yes"}'));
      const reply = await chatCompletion(endpoint({ url: `${server.base}/v1`, temperature: 0.2, maxTokens: 64 }), MESSAGES);
      assert.equal(reply, '{"verdict": "yes"}');
      assert.equal(server.requests.length, 1);
      const req = server.requests[0];
      assert.equal(req.method, 'POST');
      assert.equal(req.url, '/v1/chat/completions');
      assert.match(String(req.headers['content-type']), /application\/json/);
      assert.deepEqual(req.body, { model: 'judge-model', messages: MESSAGES, temperature: 0.2, max_tokens: 64, stream: false });
    });

    it('defaults temperature to 0 and leaves max_tokens out', async () => {
      use((_req, res) => sendCompletion(res, 'ok'));
      await chatCompletion(endpoint(), MESSAGES);
      assert.equal(server.requests[0].body?.temperature, 0);
      assert.equal('max_tokens' in (server.requests[0].body ?? {}), false);
    });

    it('streaming: joins the deltas of an event stream sent in awkward chunks', async () => {
      const pieces = ['{"verdict": ', '"yes", "score": 1, ', '"rationale": "Café 🎬 shows it."}'];
      use((_req, res) => sendStream(res, ': keep-alive\r\n\r\n' + sseText(pieces, '\r\n'), 3));
      const reply = await chatCompletion(endpoint({ stream: true }), MESSAGES);
      assert.equal(reply, pieces.join(''));
      assert.equal(server.requests[0].body?.stream, true);
      assert.match(String(server.requests[0].headers.accept), /text\/event-stream/);
    });

    it('streaming: a last event with no newline and no [DONE] still counts', async () => {
      const text = sseText(['Yes', '. It is.'])
        .replace(/data: \[DONE\]\n\n$/, '')
        .replace(/\n\n$/, '');
      assert.ok(!text.endsWith('\n'));
      use((_req, res) => sendStream(res, text, 5));
      assert.equal(await chatCompletion(endpoint({ stream: true }), MESSAGES), 'Yes. It is.');
    });

    it('streaming: reads a plain JSON reply from a server that ignores stream', async () => {
      use((_req, res) => sendCompletion(res, 'not streamed'));
      assert.equal(await chatCompletion(endpoint({ stream: true }), MESSAGES), 'not streamed');
    });

    it('streaming: a bad event is malformed, an error event is http', async () => {
      use((_req, res) => sendStream(res, 'data: {"choices": [\n\n'));
      const bad = await judgeErrorOf(chatCompletion(endpoint({ stream: true }), MESSAGES));
      assert.equal(bad.kind, 'malformed');
      assert.match(bad.message, /stream event that is not valid JSON/);

      use((_req, res) => sendStream(res, 'data: {"error": {"message": "CUDA out of memory"}}\n\n'));
      const failed = await judgeErrorOf(chatCompletion(endpoint({ stream: true }), MESSAGES));
      assert.equal(failed.kind, 'http');
      assert.match(failed.message, /CUDA out of memory/);

      use((_req, res) => sendStream(res, ': only comments\n\n'));
      const empty = await judgeErrorOf(chatCompletion(endpoint({ stream: true }), MESSAGES));
      assert.equal(empty.kind, 'malformed');
      assert.match(empty.message, /empty event stream/);
    });

    it('HTTP 500: kind http, the status, the URL and the first 300 characters of the body', async () => {
      const body = `Internal error: ${'x'.repeat(400)}TAIL`;
      use((_req, res) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(body);
      });
      const error = await judgeErrorOf(chatCompletion(endpoint(), MESSAGES));
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 500);
      const url = `${server.base}/v1/chat/completions`;
      assert.ok(error.message.startsWith(`The judge at ${url} answered HTTP 500: Internal error: xxx`), error.message);
      assert.ok(error.message.includes(body.slice(0, 300)));
      assert.ok(!error.message.includes('TAIL'));
    });

    it('HTTP 404 with an empty body says so', async () => {
      use((_req, res) => {
        res.writeHead(404);
        res.end();
      });
      const error = await judgeErrorOf(chatCompletion(endpoint(), MESSAGES));
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 404);
      assert.match(error.message, /HTTP 404.*\(empty body\)/);
    });

    it('a body that is not JSON is malformed', async () => {
      use((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('<html>proxy login</html>');
      });
      const error = await judgeErrorOf(chatCompletion(endpoint(), MESSAGES));
      assert.equal(error.kind, 'malformed');
      assert.match(error.message, /sent a reply that is not valid JSON: <html>proxy login<\/html>/);
    });

    it('JSON without choices[0].message.content is malformed', async () => {
      for (const reply of [{ id: 'x' }, { choices: [] }, { choices: [{ message: { content: null, tool_calls: [] } }] }]) {
        use((_req, res) => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(reply));
        });
        const error = await judgeErrorOf(chatCompletion(endpoint(), MESSAGES));
        assert.equal(error.kind, 'malformed', JSON.stringify(reply));
        assert.match(error.message, /no choices\[0\]\.message\.content/);
      }
    });

    // The timeout is a signal made by `chatCompletion`'s timer parameter: here one the test fires by hand
    // once the request has reached the server, so no test waits for real time to pass.
    it('a server that never answers times out after timeoutMs', async () => {
      const arrived = deferred();
      use(() => arrived.resolve());
      const timer = manualTimeouts();
      const call = judgeErrorOf(chatCompletion(endpoint({ timeoutMs: 150 }), MESSAGES, undefined, timer.timeoutSignal));
      await arrived.promise;
      assert.deepEqual(timer.asked, [150], 'one timer, of timeoutMs');
      timer.expire();
      const error = await call;
      assert.equal(error.kind, 'timeout');
      assert.equal(error.message, `The judge at ${server.base}/v1/chat/completions did not answer within 0.15 s.`);
    });

    it('the timeout covers a stream that stalls after its first chunk', async () => {
      const written = deferred();
      use((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.write('data: {"choices":[{"delta":{"content":"Ye"}}]}\n\n', () => written.resolve());
      });
      const timer = manualTimeouts();
      const call = judgeErrorOf(chatCompletion(endpoint({ timeoutMs: 200, stream: true }), MESSAGES, undefined, timer.timeoutSignal));
      await written.promise;
      timer.expire();
      const error = await call;
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /did not answer within 0\.2 s/);
    });

    it('the caller aborting is cancelled, not a timeout', async () => {
      const arrived = deferred();
      use(() => arrived.resolve());
      const controller = new AbortController();
      const call = judgeErrorOf(chatCompletion(endpoint({ timeoutMs: 5000 }), MESSAGES, controller.signal));
      await arrived.promise;
      controller.abort();
      const error = await call;
      assert.equal(error.kind, 'cancelled');
      assert.equal(error.message, `The judge call to ${server.base}/v1/chat/completions was cancelled.`);
    });

    it('by default the timeout is AbortSignal.timeout of timeoutMs (a 1 ms timeout fires on a server that never answers)', async () => {
      use(() => undefined);
      const error = await judgeErrorOf(chatCompletion(endpoint({ timeoutMs: 1 }), MESSAGES));
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /did not answer within 0\.001 s/);
    });

    it('an already aborted signal sends nothing', async () => {
      use((_req, res) => sendCompletion(res, 'x'));
      const error = await judgeErrorOf(chatCompletion(endpoint(), MESSAGES, AbortSignal.abort()));
      assert.equal(error.kind, 'cancelled');
      assert.equal(server.requests.length, 0);
    });

    it('a connection dropped mid-request is a network error', async () => {
      use((_req, res) => {
        res.socket?.destroy();
      });
      const error = await judgeErrorOf(chatCompletion(endpoint(), MESSAGES));
      assert.equal(error.kind, 'network');
      assert.match(error.message, /^Could not reach the judge at /);
    });

    it('sends Authorization: Bearer only when an API key is set', async () => {
      use((_req, res) => sendCompletion(res, 'ok'));
      await chatCompletion(endpoint({ apiKey: 'sk-test-123' }), MESSAGES);
      await chatCompletion(endpoint(), MESSAGES);
      await chatCompletion(endpoint({ apiKey: '   ' }), MESSAGES);
      assert.equal(server.requests[0].headers.authorization, 'Bearer sk-test-123');
      assert.equal(server.requests[1].headers.authorization, undefined);
      assert.equal(server.requests[2].headers.authorization, undefined);
    });
  });

  it('a closed port is refused', async () => {
    const port = await closedPort();
    const error = await judgeErrorOf(chatCompletion({ url: `http://127.0.0.1:${port}`, model: 'm', timeoutMs: 5000, stream: false }, MESSAGES));
    const kind: JudgeErrorKind = error.kind;
    assert.equal(kind, 'refused');
    assert.equal(error.message, `The judge at http://127.0.0.1:${port}/v1/chat/completions refused the connection (is the server running?).`);
  });
});
