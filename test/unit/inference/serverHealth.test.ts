import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { InferenceFailure } from '../../../src/core/inference/inferenceFailure';
import { waitForServer } from '../../../src/core/inference/serverHealth';
import { isAbortError } from '../../../src/core/video/runTool';
import { closedPort, startFakeServer } from '../../support/fakeJudgeServer';
import type { FakeServer } from '../../support/fakeJudgeServer';

const MODELS = JSON.stringify({ object: 'list', data: [{ id: '/models/ReWatch-R1', object: 'model' }] });

describe('waitForServer', () => {
  const servers: (FakeServer | http.Server)[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      if (s instanceof http.Server) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      } else await s.close();
    }
  });

  it('resolves the served model names once /v1/models answers (after a few 503 polls)', async () => {
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
    const models = await waitForServer(`${server.base}/v1`, { timeoutMs: 5000, intervalMs: 20, onPoll: (n, e) => seen.push(`${n}:${e.code}`) });
    assert.deepEqual(models, ['/models/ReWatch-R1']);
    assert.equal(polls, 3);
    assert.deepEqual(seen, ['1:server-error', '2:server-error']);
    assert.ok(server.requests.every((r) => r.url === '/v1/models'));
  });

  it('keeps polling while the connection is refused, until the server starts listening', async () => {
    const port = await closedPort();
    let refused = 0;
    setTimeout(() => {
      const server = http.createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(MODELS);
      });
      servers.push(server);
      server.listen(port, '127.0.0.1');
    }, 250);
    const models = await waitForServer(`http://127.0.0.1:${port}`, {
      timeoutMs: 5000,
      intervalMs: 30,
      onPoll: (_n, e) => void (e.code === 'server-unreachable' && refused++),
    });
    assert.deepEqual(models, ['/models/ReWatch-R1']);
    assert.ok(refused >= 2, `${refused} refused polls`);
  });

  it('rejects with timeout, quoting the last error, when the server never comes up', async () => {
    const port = await closedPort();
    const started = Date.now();
    await assert.rejects(waitForServer(`http://127.0.0.1:${port}/v1`, { timeoutMs: 300, intervalMs: 40 }), (error: unknown) => {
      assert.ok(error instanceof InferenceFailure);
      assert.equal(error.code, 'timeout');
      assert.match(error.message, /did not come up within 0\.3 s.*refused/s);
      assert.match(error.error.fix, /Start Inference Server/);
      return true;
    });
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 280 && elapsed < 1500, `${elapsed} ms`);
  });

  it('gives a hanging server no more than the deadline', async () => {
    const server = await startFakeServer(() => undefined);
    servers.push(server);
    const started = Date.now();
    await assert.rejects(
      waitForServer(server.base, { timeoutMs: 300, intervalMs: 50, pollTimeoutMs: 10_000 }),
      (error: unknown) => error instanceof InferenceFailure && error.code === 'timeout',
    );
    assert.ok(Date.now() - started < 1500);
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
  });

  it('rejects with an AbortError promptly when aborted, during a pause or a poll', async () => {
    const port = await closedPort();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await assert.rejects(waitForServer(`http://127.0.0.1:${port}`, { timeoutMs: 10_000, intervalMs: 1000, signal: controller.signal }), (error: unknown) =>
      isAbortError(error),
    );
    assert.ok(Date.now() - started < 600);

    const hanging = await startFakeServer(() => undefined);
    servers.push(hanging);
    const second = new AbortController();
    setTimeout(() => second.abort(), 100);
    await assert.rejects(waitForServer(hanging.base, { timeoutMs: 10_000, intervalMs: 50, signal: second.signal }), (error: unknown) => isAbortError(error));
    await assert.rejects(waitForServer(hanging.base, { timeoutMs: 10_000, intervalMs: 50, signal: AbortSignal.abort() }), (error: unknown) =>
      isAbortError(error),
    );
  });
});
