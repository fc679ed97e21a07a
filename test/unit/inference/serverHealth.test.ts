import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { InferenceFailure } from '../../../src/core/inference/inferenceFailure';
import { waitForServer } from '../../../src/core/inference/serverHealth';
import { isAbortError } from '../../../src/core/video/runTool';
import { deferred, FAKE_EPOCH, hasSettled, nextTurn, useFakeClock } from '../../support/clock';
import { closedPort, startFakeServer } from '../../support/fakeJudgeServer';
import type { FakeServer } from '../../support/fakeJudgeServer';

const MODELS = JSON.stringify({ object: 'list', data: [{ id: '/models/ReWatch-R1', object: 'model' }] });

// The polls are real HTTP; the pauses between them and the deadline run on a fake clock. After each
// failed poll (onPoll), waitForServer has armed its pause: the test then fires it with `clock.next()`.
describe('waitForServer', () => {
  const clock = useFakeClock();
  const elapsed = (): number => clock().now - FAKE_EPOCH;
  /** An onPoll that ends each pause at once (on the next turn, once the pause is armed). */
  const skipPause = (): void => void nextTurn().then(() => clock().next());

  const servers: (FakeServer | http.Server)[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      if (s instanceof http.Server) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      } else await s.close();
    }
  });

  it('resolves the served model names once /v1/models answers, after a pause per 503 poll', async () => {
    let polls = 0;
    const server = await startFakeServer((_req, res) => {
      if (++polls < 3) {
        res.writeHead(503);
        res.end('loading');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(MODELS);
    });
    servers.push(server);
    const seen: string[] = [];
    const models = await waitForServer(`${server.base}/v1`, {
      timeoutMs: 5000,
      intervalMs: 20,
      onPoll: (n, e) => {
        seen.push(`${n}:${e.code}`);
        skipPause();
      },
    });
    assert.deepEqual(models, ['/models/ReWatch-R1']);
    assert.equal(polls, 3);
    assert.deepEqual(seen, ['1:server-error', '2:server-error']);
    assert.ok(server.requests.every((r) => r.url === '/v1/models'));
    assert.equal(elapsed(), 40, 'two pauses of 20 ms');
  });

  it('keeps polling while the connection is refused, until the server starts listening', async () => {
    const port = await closedPort();
    let refused = 0;
    const models = await waitForServer(`http://127.0.0.1:${port}`, {
      timeoutMs: 5000,
      intervalMs: 30,
      onPoll: (_n, e) => {
        if (e.code === 'server-unreachable') refused++;
        if (refused === 2) {
          // The server comes up during the second pause.
          const server = http.createServer((_req, res) => {
            res.writeHead(200, { 'Content-Type': 'application/json' });
            res.end(MODELS);
          });
          servers.push(server);
          server.listen(port, '127.0.0.1', skipPause);
        } else skipPause();
      },
    });
    assert.deepEqual(models, ['/models/ReWatch-R1']);
    assert.equal(refused, 2);
  });

  it('polls every interval until the deadline, then rejects with timeout quoting the last error', async () => {
    const port = await closedPort();
    const pollsAt: number[] = [];
    await assert.rejects(
      waitForServer(`http://127.0.0.1:${port}/v1`, {
        timeoutMs: 300,
        intervalMs: 40,
        onPoll: () => {
          pollsAt.push(elapsed());
          skipPause();
        },
      }),
      (error: unknown) => {
        assert.ok(error instanceof InferenceFailure);
        assert.equal(error.code, 'timeout');
        assert.match(error.message, /did not come up within 0\.3 s.*refused/s);
        assert.match(error.error.fix, /Start Inference Server/);
        return true;
      },
    );
    assert.deepEqual(pollsAt, [0, 40, 80, 120, 160, 200, 240, 280], 'a poll every 40 ms');
    assert.equal(elapsed(), 300, 'gave up at the deadline: the last pause was cut to 20 ms');
  });

  it('gives a hanging server no more than the deadline, even with a longer poll timeout', async () => {
    const arrived = deferred();
    const server = await startFakeServer(() => arrived.resolve());
    servers.push(server);
    const waiting = waitForServer(server.base, { timeoutMs: 300, intervalMs: 50, pollTimeoutMs: 10_000 });
    await arrived.promise;
    clock().tick(299);
    assert.equal(await hasSettled(waiting), false, 'still waiting 299 ms in');
    clock().tick(1);
    await assert.rejects(waiting, (error: unknown) => error instanceof InferenceFailure && error.code === 'timeout');
    assert.equal(server.requests.length, 1, 'no poll after the deadline');
  });

  it('rejects at once when the server answers 401 (a wrong key is not "still loading")', async () => {
    const server = await startFakeServer((_req, res) => {
      res.writeHead(401);
      res.end('{"error": "Unauthorized"}');
    });
    servers.push(server);
    await assert.rejects(
      waitForServer(server.base, { timeoutMs: 5000, intervalMs: 20 }),
      (error: unknown) => error instanceof InferenceFailure && error.code === 'server-error',
    );
    assert.equal(server.requests.length, 1);
    assert.equal(elapsed(), 0, 'no pause');
  });

  it('rejects with an AbortError when aborted during a pause, without waiting it out', async () => {
    const port = await closedPort();
    const controller = new AbortController();
    const polled = deferred();
    const waiting = waitForServer(`http://127.0.0.1:${port}`, {
      timeoutMs: 10_000,
      intervalMs: 1000,
      signal: controller.signal,
      onPoll: () => polled.resolve(),
    });
    await polled.promise;
    controller.abort();
    await assert.rejects(waiting, (error: unknown) => isAbortError(error));
    assert.equal(elapsed(), 0, 'the 1 s pause was not waited for');
  });

  it('rejects with an AbortError when aborted during a poll, or already aborted', async () => {
    const arrived = deferred();
    const hanging = await startFakeServer(() => arrived.resolve());
    servers.push(hanging);
    const controller = new AbortController();
    const waiting = waitForServer(hanging.base, { timeoutMs: 10_000, intervalMs: 50, signal: controller.signal });
    await arrived.promise;
    controller.abort();
    await assert.rejects(waiting, (error: unknown) => isAbortError(error));
    assert.equal(elapsed(), 0, 'the poll was not waited for');
    await assert.rejects(waitForServer(hanging.base, { timeoutMs: 10_000, intervalMs: 50, signal: AbortSignal.abort() }), (error: unknown) =>
      isAbortError(error),
    );
    assert.equal(hanging.requests.length, 1, 'no request once aborted');
  });
});
