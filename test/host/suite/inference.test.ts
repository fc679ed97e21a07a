import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunEnd } from '../../../shared/inference/inference';
import type { HostToWebview } from '../../../shared/protocol';
import { MODEL_CHAIN as CHAIN, startModelServer } from '../../support/modelServer';
import { freePort } from '../../../tools/codeServer';
import { configureInference, openSession, until, VIEW_TYPE, workspaceFile } from './helpers';

const openCot = () => openSession(workspaceFile('rewatch-cot.jsonl'));

const endOf = (posted: HostToWebview[], runId: number) => () =>
  posted.find((m): m is Extract<HostToWebview, { type: 'inferenceEnd' }> => m.type === 'inferenceEnd' && m.end.runId === runId)?.end;

const configure = configureInference;

describe('Local inference in a real extension host', function () {
  this.timeout(90_000);
  afterEach(async () => {
    await configure({
      backend: undefined,
      endpoint: undefined,
      servedModel: undefined,
      python: undefined,
      modelPath: undefined,
      firstTokenTimeoutSeconds: undefined,
      serverCommand: undefined,
    });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('streams a chain from an OpenAI-compatible server, scores it, diffs it with the stored chain and uses it through the edit log', async () => {
    const server = await startModelServer({ delayMs: 20 });
    await configure({ backend: 'server', endpoint: server.base, servedModel: '' });
    const { document, session, posted } = await openCot();
    try {
      await session.sample(0, 0);
      const started = await session.runModel(0, 0);
      assert.equal(started.backend, 'server');
      const end: RunEnd = await until(endOf(posted, started.runId), 'the run to end', 30_000);
      assert.equal(end.status, 'done', JSON.stringify(end.error));
      assert.equal(end.text, CHAIN.join(''));
      const deltas = posted.flatMap((m) => (m.type === 'inferenceProgress' && m.runId === started.runId ? [m.delta] : [])).join('');
      assert.equal(deltas, CHAIN.join(''), 'the text streamed in order');
      assert.ok(end.stats.ttftMs !== null && end.stats.tokens >= CHAIN.length);
      // Remembered for a webview that loads again (its tab was hidden).
      const loaded = posted.length;
      session.ready();
      const remembered = posted.slice(loaded).flatMap((m) => (m.type === 'inferenceRuns' ? m.runs : []));
      assert.deepEqual(
        remembered.map((r) => [r.started.runId, r.position, r.text, r.end?.status]),
        [[started.runId, 0, CHAIN.join(''), 'done']],
      );

      // What the server was asked: the served model, the video by file reference, the duration in the prompt.
      const body = server.bodies[0] as { model: string; stream: boolean; messages: { role: string; content: unknown }[] };
      assert.equal(body.model, 'rewatch-r1');
      assert.equal(body.stream, true);
      const text = JSON.stringify(body.messages);
      assert.match(text, /coloured-squares\.mp4/);
      assert.match(text, /00:00-00:30/, 'the probed 30 s duration as MM:SS-MM:SS');
      assert.match(text, /Which coloured square appears first/);

      const score = await session.scoreChain(0, 0, end.text);
      assert.equal(score.format.score, 1);
      assert.equal(score.accuracy.score, 1);
      const diff = await session.diff(0, 0, { kind: 'chain', chain: end.text, label: 'Model run' });
      assert.equal(diff.rightLabel, 'Model run');
      assert.ok(diff.rows.length > 0);

      assert.equal((await session.useChain(0, 0, end.text)).applied, true);
      assert.equal(document.isDirty, true);
      assert.ok(document.record(0)?.text.includes('upper middle of the frame'));
      // VS Code's undo acts on the focused editor: bring the Inspector back to the front first.
      await vscode.commands.executeCommand('vscode.openWith', document.uri, VIEW_TYPE);
      await vscode.commands.executeCommand('undo');
      await until(() => (document.isDirty ? undefined : true), 'undo of "Use this chain"');
    } finally {
      session.dispose();
      await server.close();
    }
  });

  it('cancels a run at once, without waiting for the server to finish', async () => {
    // The server sends the first piece, then stalls with the stream open: only the cancel can end the run.
    const server = await startModelServer({ delayMs: 0, holdAfter: 1 });
    await configure({ backend: 'server', endpoint: server.base, servedModel: 'rewatch-r1' });
    const { session, posted } = await openCot();
    try {
      const started = await session.runModel(1, 0);
      await until(() => posted.find((m) => m.type === 'inferenceProgress' && m.runId === started.runId && m.delta !== ''), 'the first token');
      assert.equal(endOf(posted, started.runId)(), undefined, 'the stalled run is still going');
      session.cancelModel(started.runId);
      const end = await until(endOf(posted, started.runId), 'the cancelled run to end', 10_000);
      assert.equal(end.status, 'cancelled');
      assert.equal(end.text, CHAIN[0], 'the text streamed before the cancel is kept');
    } finally {
      session.dispose();
      await server.close();
    }
  });

  it('"ReWatch: Start Inference Server" runs the server command in a terminal and waits until the server answers', async () => {
    const port = await freePort();
    const script = path.join(__dirname, '../../support/modelServer.js');
    await configure({ backend: 'server', endpoint: `http://127.0.0.1:${port}/v1`, serverCommand: `'${process.execPath}' '${script}' ${port}` });
    try {
      const healthy = await vscode.commands.executeCommand<boolean>('rewatchInspector.startInferenceServer');
      assert.equal(healthy, true, 'the command waited for the server to list its models');
      const terminal = vscode.window.terminals.find((t) => t.name === 'ReWatch inference server');
      assert.ok(terminal, 'the command runs in a terminal of its own');
      const models = (await (await fetch(`http://127.0.0.1:${port}/v1/models`)).json()) as { data: { id: string }[] };
      assert.deepEqual(
        models.data.map((m) => m.id),
        ['rewatch-r1'],
      );
    } finally {
      for (const terminal of vscode.window.terminals.filter((t) => t.name === 'ReWatch inference server')) terminal.dispose();
    }
  });

  it('says what is wrong and how to fix it: no server, no model path, missing Python packages', async () => {
    const { session, posted } = await openCot();
    try {
      // Nothing listens on this port.
      const closed = await startModelServer({ delayMs: 0 });
      await closed.close();
      await configure({ backend: 'server', endpoint: closed.base, servedModel: 'rewatch-r1' });
      let run = await session.runModel(0, 0);
      let end = await until(endOf(posted, run.runId), 'the failed run', 20_000);
      assert.equal(end.error?.code, 'server-unreachable');
      assert.match(end.error?.fix ?? '', /Start Inference Server|endpoint/);

      // Nothing set up (no checkpoint for the local worker): no run starts; the answer is the setup card's code.
      await configure({ backend: 'python', python: 'python3', modelPath: '' });
      await assert.rejects(session.runModel(0, 0), (error: Error) => {
        assert.equal((JSON.parse(error.message) as { code: string }).code, 'not-configured');
        return true;
      });

      // A checkpoint folder, but this Python has no torch or transformers: the real worker says so.
      const checkpoint = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-ckpt-'));
      fs.writeFileSync(path.join(checkpoint, 'config.json'), '{"model_type": "qwen2_5_vl"}');
      await configure({ backend: 'python', python: 'python3', modelPath: checkpoint });
      run = await session.runModel(0, 0);
      end = await until(endOf(posted, run.runId), 'the run without torch', 60_000);
      assert.equal(end.status, 'error');
      assert.equal(end.error?.code, 'missing-packages', JSON.stringify(end.error));
      assert.match(end.error?.message ?? '', /torch/);
      assert.match(end.error?.fix ?? '', /pip install/);
    } finally {
      session.dispose();
    }
  });
});
