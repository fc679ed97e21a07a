/**
 * Servers that misbehave on purpose, as a judge or inference endpoint a repo points at could: replies
 * past the byte cap, streams that never end, redirects to another host, payloads that break a
 * handler. Each must end the call with one clear error (or a bounded result), never hang, never throw
 * out of a stream handler, never send the prompt or key to another origin.
 */
import { strict as assert } from 'node:assert';
import type * as http from 'node:http';
import * as FakeTimers from '@sinonjs/fake-timers';

import { InferenceFailure } from '../../../src/core/inference/inferenceFailure';
import { MAX_REPLY_BYTES, streamCompletion, type StreamCompletionOptions } from '../../../src/core/inference/serverClient';
import { chatCompletion, JudgeError, MAX_JUDGE_REPLY_BYTES, type JudgeEndpoint } from '../../../src/core/judge/judgeClient';
import { cleanTempFiles, tempFile } from '../helpers/tempFiles';
import { sendCompletion, startFakeServer, type FakeServer, type Handler } from '../../support/fakeJudgeServer';

const MiB = 1024 * 1024;
const tokenEvent = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

/** Writes `next()` until the client goes away (or `next` returns null), respecting back-pressure. */
function pump(res: http.ServerResponse, next: () => string | null, contentType = 'text/event-stream'): void {
  res.writeHead(200, { 'Content-Type': contentType });
  const write = (): void => {
    while (!res.destroyed) {
      const piece = next();
      if (piece === null) return void res.end();
      if (!res.write(piece)) return void res.once('drain', write);
    }
  };
  // setImmediate, not a timer: the fake clock below never stalls the server.
  setImmediate(write);
}

/** A JSON reply of `bytes` spaces, sent a mebibyte at a time. */
function pumpJsonOf(res: http.ServerResponse, bytes: number): void {
  const block = ' '.repeat(MiB);
  let left = bytes;
  pump(
    res,
    () => {
      if (left <= 0) return null;
      left -= block.length;
      return block;
    },
    'application/json',
  );
}

/** Resolves once the server saw its client close the connection. */
const closed = (res: http.ServerResponse) => new Promise<void>((resolve) => (res.destroyed ? resolve() : res.once('close', () => resolve())));

function failure(code: string, pattern: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof InferenceFailure, `expected an InferenceFailure, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.match(error.message, pattern);
    return true;
  };
}

function judgeFailure(kind: string, pattern: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof JudgeError, `expected a JudgeError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('Hostile endpoints', () => {
  let server: FakeServer;
  let handler: Handler;
  let last: http.ServerResponse | undefined;
  before(async () => {
    server = await startFakeServer((req, res) => {
      last = res;
      return handler(req, res);
    });
  });
  after(async () => {
    await server.close();
    cleanTempFiles();
  });
  beforeEach(() => {
    server.requests.length = 0;
    last = undefined;
  });

  describe('inference server', () => {
    const video = () => tempFile('clip.mp4', 'not a video');
    const options = (over: Partial<StreamCompletionOptions> = {}): StreamCompletionOptions & { tokens: string[] } => {
      const tokens: string[] = [];
      return {
        url: `${server.base}/v1`,
        model: 'm',
        system: 'S',
        user: 'U',
        video: { kind: 'file', path: video() },
        fps: 1,
        maxPixels: 1,
        temperature: 0,
        topP: 1,
        maxTokens: 1_000_000,
        connectTimeoutMs: 60_000,
        firstTokenTimeoutMs: 60_000,
        idleTimeoutMs: 60_000,
        onToken: (t) => tokens.push(t),
        tokens,
        ...over,
      };
    };

    it('a stream that never ends stops after maxTokens pieces, and the connection is closed', async () => {
      let sent = 0;
      handler = (_req, res) => pump(res, () => tokenEvent(`t${sent++} `));
      const run = options({ maxTokens: 16 });
      const result = await streamCompletion(run);
      assert.equal(result.tokens, 16);
      assert.deepEqual(
        run.tokens,
        Array.from({ length: 16 }, (_, i) => `t${i} `),
      );
      assert.equal(result.finishReason, 'length');
      await closed(last!);
    });

    it(`a stream past ${MAX_REPLY_BYTES / MiB} MB is cut off there with a clear error`, async () => {
      const piece = 'x'.repeat(64 * 1024);
      handler = (_req, res) => pump(res, () => tokenEvent(piece));
      const run = options();
      await assert.rejects(streamCompletion(run), failure('server-error', /sent more than 16 MB; the reply was cut off there/));
      const shown = run.tokens.join('').length;
      assert.ok(shown > 0 && shown <= MAX_REPLY_BYTES, `${shown} characters shown`);
      await closed(last!);
    });

    it('a one-piece JSON reply past the cap is refused before it is joined into a string', async () => {
      handler = (_req, res) => pumpJsonOf(res, MAX_REPLY_BYTES + MiB);
      await assert.rejects(streamCompletion(options()), failure('server-error', /sent more than 16 MB/));
    });

    it('an error inside a stream handler ends the run as a failure instead of escaping', async () => {
      // `choices: [null]` made the payload reader throw a TypeError inside the socket's 'data' handler.
      handler = (_req, res) =>
        pump(
          res,
          (() => {
            let sent = false;
            return () => (sent ? null : ((sent = true), 'data: {"choices":[null]}\n\n'));
          })(),
        );
      await assert.rejects(
        streamCompletion(options()),
        failure('server-error', /Reading the reply of the inference server .* failed: Cannot read properties of null/),
      );
      handler = (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"choices":[null]}');
      };
      await assert.rejects(streamCompletion(options()), failure('server-error', /failed: Cannot read properties of null/));
    });

    describe('deadline (fake clock)', () => {
      let clock: FakeTimers.Clock;
      beforeEach(() => {
        clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] });
      });
      afterEach(() => clock.uninstall());

      /** Resolves once `run` has shown `count` tokens (polled on the event loop, not the clock). */
      const tokensShown = async (run: { tokens: string[] }, count: number) => {
        while (run.tokens.length < count) await new Promise((resolve) => setImmediate(resolve));
      };

      it('a server that keeps streaming tokens is stopped at the deadline: first-token timeout + 2 s a token', async () => {
        handler = (_req, res) => pump(res, () => tokenEvent('.'));
        const run = options({ maxTokens: 100_000_000, firstTokenTimeoutMs: 5_000, idleTimeoutMs: 60_000, deadlineMs: 10_000 });
        const outcome = streamCompletion(run).then(
          () => 'resolved',
          (error: unknown) => error,
        );
        await tokensShown(run, 3);
        clock.tick(9_999);
        await tokensShown(run, run.tokens.length + 3);
        clock.tick(1);
        const error = await outcome;
        assert.ok(failure('timeout', /did not finish within 10 s \(the run's deadline\)/)(error));
      });

      it('the default deadline is the first-token timeout plus 2 s for each token allowed', async () => {
        // One token, then the connection is held open in silence.
        handler = (_req, res) => {
          res.writeHead(200, { 'Content-Type': 'text/event-stream' });
          res.write(tokenEvent('only'));
        };
        // 5 s + 100 × 2 s = 205 s; the idle timeout (300 s) is longer, so only the deadline can end it.
        const run = options({ maxTokens: 100, firstTokenTimeoutMs: 5_000, idleTimeoutMs: 300_000 });
        let settled = false;
        const outcome = streamCompletion(run).then(
          () => 'resolved',
          (error: unknown) => ((settled = true), error),
        );
        await tokensShown(run, 1);
        clock.tick(204_999);
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(settled, false, 'still running 1 ms before the deadline');
        clock.tick(1);
        assert.ok(failure('timeout', /did not finish within 205 s/)(await outcome));
      });
    });
  });

  describe('judge', () => {
    const endpoint = (over: Partial<JudgeEndpoint> = {}): JudgeEndpoint => ({
      url: `${server.base}/v1`,
      model: 'judge',
      timeoutMs: 60_000,
      stream: false,
      apiKey: 'sk-secret',
      ...over,
    });
    const ask = (over: Partial<JudgeEndpoint> = {}) => chatCompletion(endpoint(over), [{ role: 'user', content: 'the dataset text' }]);

    it(`a reply past ${MAX_JUDGE_REPLY_BYTES / MiB} MB is refused, not read into memory and cached`, async () => {
      handler = (_req, res) => pumpJsonOf(res, MAX_JUDGE_REPLY_BYTES + MiB);
      await assert.rejects(ask(), judgeFailure('malformed', /sent more than 16 MB; the reply was not read/));
    });

    it('a stream that never ends is cut off at the cap', async () => {
      handler = (_req, res) => pump(res, () => tokenEvent('y'.repeat(8192)));
      await assert.rejects(ask({ stream: true, maxReplyBytes: MiB }), judgeFailure('malformed', /streamed more than 1 MB; the reply was cut off there/));
    });

    describe('redirects', () => {
      let elsewhere: FakeServer;
      before(async () => {
        elsewhere = await startFakeServer((_req, res) => sendCompletion(res, 'verdict from elsewhere'));
      });
      after(() => elsewhere.close());
      beforeEach(() => (elsewhere.requests.length = 0));

      for (const status of [301, 302, 303, 307, 308]) {
        it(`${status} to another origin is refused: that server never sees the prompt or the key`, async () => {
          handler = (_req, res) => {
            res.writeHead(status, { Location: `${elsewhere.base}/v1/chat/completions` });
            res.end();
          };
          await assert.rejects(ask(), judgeFailure('http', /redirected to another origin \(http:\/\/127\.0\.0\.1:\d+\); the request was not sent there/));
          assert.equal(elsewhere.requests.length, 0);
        });
      }

      it('a redirect within the same origin is followed, the body and key sent again', async () => {
        handler = (req, res) => {
          if (req.url === '/v1/chat/completions') {
            res.writeHead(308, { Location: '/v2/chat/completions' });
            return void res.end();
          }
          sendCompletion(res, 'verdict from the moved path');
        };
        assert.equal(await ask(), 'verdict from the moved path');
        assert.deepEqual(
          server.requests.map((r) => r.url),
          ['/v1/chat/completions', '/v2/chat/completions'],
        );
        assert.equal(server.requests[1].headers.authorization, 'Bearer sk-secret');
        assert.equal(server.requests[1].body?.messages?.[0].content, 'the dataset text');
      });

      it('a redirect loop ends after 3 hops', async () => {
        handler = (_req, res) => {
          res.writeHead(307, { Location: `/loop${server.requests.length}` });
          res.end();
        };
        await assert.rejects(ask(), judgeFailure('http', /redirected more than 3 times/));
        assert.equal(server.requests.length, 4);
      });
    });
  });
});
