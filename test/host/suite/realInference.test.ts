/**
 * "Run model" in the real extension host with real models on the CPU: the managed worker on the tiny
 * Qwen2.5-VL, and the server backend against `transformers serve` on 127.0.0.1 serving a tiny LLaVA
 * (transformers serve loads Qwen2.5-VL's processor only with torchvision, which cannot be installed
 * beside a CPU torch here; the LLaVA's processor takes images, so the frames the extension sends).
 * Registered when the harness passes REWATCH_TEST_PYTHON (the worker test environment), as `npm test` does.
 */
import * as assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunEnd } from '../../../shared/inference/inference';
import type { HostToWebview } from '../../../shared/protocol';
import { freePort } from '../../../tools/codeServer';
import { configureInference, openSession, until, workspaceFile } from './helpers';

const python = process.env.REWATCH_TEST_PYTHON;
const MAKE_MODEL = path.resolve(__dirname, '../../../../test/worker/makeTinyModel.py');

const endOf = (posted: HostToWebview[], runId: number) => () =>
  posted.find((m): m is Extract<HostToWebview, { type: 'inferenceEnd' }> => m.type === 'inferenceEnd' && m.end.runId === runId)?.end;
const deltasOf = (posted: HostToWebview[], runId: number) =>
  posted.flatMap((m) => (m.type === 'inferenceProgress' && m.runId === runId ? [m.delta] : [])).join('');

const configure = configureInference;

const SETTINGS = ['backend', 'python', 'modelPath', 'endpoint', 'servedModel', 'videoInput', 'maxTokens', 'temperature', 'device', 'maxFrames'];

/** `transformers serve MODEL` from the test environment on a free port of 127.0.0.1, ready once /health answers. */
async function transformersServe(model: string): Promise<{ base: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-hf-'));
  fs.mkdirSync(path.join(home, 'hub'));
  const cli = path.join(path.dirname(python ?? ''), 'transformers');
  const child: ChildProcess = spawn(cli, ['serve', model, '--host', '127.0.0.1', '--port', String(port), '--device', 'cpu'], {
    env: { ...process.env, HF_HOME: home, HF_HUB_OFFLINE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let said = '';
  child.stdout?.on('data', (d: Buffer) => (said += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (said += d.toString()));
  const base = `http://127.0.0.1:${port}/v1`;
  await until(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`transformers serve exited (${child.exitCode}):\n${said.slice(-3000)}`);
      return (await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.ok)
        .catch(() => false))
        ? true
        : undefined;
    },
    'transformers serve to answer /health',
    120_000,
  );
  return {
    base,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

if (python) {
  describe('Run model with real models on the CPU, in a real extension host', function () {
    this.timeout(240_000);
    let dir: string;
    let qwen: string;
    let llava: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-real-models-'));
      qwen = path.join(dir, 'tiny-qwen2.5-vl');
      llava = path.join(dir, 'tiny-llava');
      execFileSync(python, [MAKE_MODEL, qwen], { stdio: 'ignore' });
      execFileSync(python, [MAKE_MODEL, '--llava', llava], { stdio: 'ignore' });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    afterEach(async () => {
      await configure(Object.fromEntries(SETTINGS.map((key) => [key, undefined])));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('the managed worker runs the tiny Qwen2.5-VL on the CPU: streams the chain, reports the device and the token limit', async () => {
      await configure({ backend: 'python', python, modelPath: qwen, maxTokens: 16, temperature: 0 });
      const { session, posted } = await openSession(workspaceFile('rewatch-cot.jsonl'));
      try {
        const started = await session.runModel(0, 0);
        const end: RunEnd = await until(endOf(posted, started.runId), 'the run to end', 180_000);
        assert.equal(end.status, 'done', JSON.stringify(end.error));
        assert.equal(end.stats.tokens > 0, true);
        assert.equal(deltasOf(posted, started.runId), end.text);
        assert.deepEqual([end.stats.device?.kind, end.stats.device?.dtype, end.stats.maxTokens], ['cpu', 'float32', 16]);
        // The 30 s sample video at 2 fps.
        assert.equal(end.stats.frames, 60);
      } finally {
        session.dispose();
      }
    });

    describe('the server backend against transformers serve (tiny LLaVA)', () => {
      let server: { base: string; stop: () => Promise<void> };
      before(async () => (server = await transformersServe(llava)));
      after(async () => server?.stop());

      it('frames input: sampled with ffmpeg, sent as images, the answer streamed to the end', async () => {
        await configure({ backend: 'server', endpoint: server.base, servedModel: llava, videoInput: 'frames', maxTokens: 8, temperature: 0, maxFrames: 8 });
        const { session, posted } = await openSession(workspaceFile('rewatch-cot.jsonl'));
        try {
          const started = await session.runModel(0, 0);
          const end = await until(endOf(posted, started.runId), 'the run to end', 120_000);
          assert.equal(end.status, 'done', JSON.stringify(end.error));
          assert.ok(end.text.length > 0);
          assert.equal(deltasOf(posted, started.runId), end.text);
          assert.equal(end.stats.frames, 8, 'at most maxFrames frames');
          assert.equal(end.stats.device, null, 'a server reports no local device');
        } finally {
          session.dispose();
        }
      });

      it('file input: the server refuses the video reference (its 422), so the same video goes as frames', async () => {
        await configure({ backend: 'server', endpoint: server.base, servedModel: llava, videoInput: 'file', maxTokens: 4, temperature: 0, maxFrames: 4 });
        const { session, posted } = await openSession(workspaceFile('rewatch-cot.jsonl'));
        try {
          const started = await session.runModel(0, 0);
          const end = await until(endOf(posted, started.runId), 'the run to end', 120_000);
          assert.equal(end.status, 'done', JSON.stringify(end.error));
          assert.equal(end.stats.frames, 4, 'frames were sampled after the refusal');
          assert.ok(end.text.length > 0);
        } finally {
          session.dispose();
        }
      });

      it('a cancel mid-stream ends the run cancelled with what streamed', async () => {
        await configure({
          backend: 'server',
          endpoint: server.base,
          servedModel: llava,
          videoInput: 'frames',
          maxTokens: 100_000,
          temperature: 0.8,
          maxFrames: 2,
        });
        const { session, posted } = await openSession(workspaceFile('rewatch-cot.jsonl'));
        try {
          const started = await session.runModel(0, 0);
          await until(() => (deltasOf(posted, started.runId) !== '' ? true : undefined), 'the first tokens', 120_000);
          session.cancelModel(started.runId);
          const end = await until(endOf(posted, started.runId), 'the cancelled run to end', 30_000);
          assert.equal(end.status, 'cancelled');
          assert.ok(end.text.length > 0 && end.stats.tokens < 100_000);
        } finally {
          session.dispose();
        }
      });

      it("a model name the server does not serve: server-error quoting the server's reason", async () => {
        await configure({ backend: 'server', endpoint: server.base, servedModel: 'no-such-model', videoInput: 'frames', maxTokens: 4, maxFrames: 2 });
        const { session, posted } = await openSession(workspaceFile('rewatch-cot.jsonl'));
        try {
          const started = await session.runModel(0, 0);
          const end = await until(endOf(posted, started.runId), 'the failed run', 60_000);
          assert.equal(end.error?.code, 'server-error', JSON.stringify(end.error));
          assert.match(end.error?.message ?? '', /answered HTTP 400: Server is pinned to '.*tiny-llava'; requested 'no-such-model'/);
          assert.match(end.error?.fix ?? '', /model name/);
        } finally {
          session.dispose();
        }
      });

      it('the server gone: server-unreachable, naming how to start it', async () => {
        await server.stop();
        await configure({ backend: 'server', endpoint: server.base, servedModel: llava, videoInput: 'frames', maxTokens: 4, maxFrames: 2 });
        const { session, posted } = await openSession(workspaceFile('rewatch-cot.jsonl'));
        try {
          const started = await session.runModel(0, 0);
          const end = await until(endOf(posted, started.runId), 'the failed run', 60_000);
          assert.equal(end.error?.code, 'server-unreachable', JSON.stringify(end.error));
          assert.match(end.error?.fix ?? '', /Start Inference Server/);
        } finally {
          session.dispose();
        }
      });
    });
  });
}
