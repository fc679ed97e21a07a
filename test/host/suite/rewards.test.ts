import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../../shared/protocol';
import type { DatasetDocument } from '../../../src/editor/datasetDocument';
import { sampleRolloutsJudge, startFakeServer } from '../../support/fakeJudgeServer';
import { openSession, until, workspaceFile, type SessionDriver } from './helpers';

async function openRollouts(): Promise<{ document: DatasetDocument; session: SessionDriver; posted: HostToWebview[] }> {
  const opened = await openSession(workspaceFile('rewatch-rollouts.jsonl'));
  await until(() => (opened.document.scoring.complete ? true : undefined), 'the dataset scoring pass', 30_000);
  return opened;
}

describe('Rewards in a real extension host', function () {
  this.timeout(90_000);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('scores the dataset in the background: evidence estimates, recomputed totals and GRPO advantages land in the index', async () => {
    const { document, session } = await openRollouts();
    try {
      const rows = document.page(0, 20);
      assert.equal(rows.length, 12);
      // Every chain with an action/observation step has an evidence estimate; p-first-r4 has none (its
      // response is one reasoning line and an answer), so it alone has no estimate. (Its Steps is 1:
      // the list counts cards, and the reasoning is one.)
      assert.deepEqual(
        rows.filter((r) => r.obsEstimate === null).map((r) => [r.id, r.steps]),
        [['p-first-r4', 1]],
        'every chain with action/observation steps has an evidence estimate',
      );
      assert.ok(
        rows.every((r) => r.advantageRecomputed !== null),
        'every rollout has a recomputed advantage',
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      assert.equal(byId.get('p-count-r1')?.zeroVariance, true);
      assert.ok((byId.get('p-green-r2')?.obsEstimate ?? 1) < 0.34, 'the purple square is barely supported');
      // The mismatches the CLI finds: the ungated total, a nested answer logged as formatted, four advantages.
      assert.deepEqual(
        document.query({ filter: { ranges: [{ column: 'mismatches', min: 1, includeMax: true }] }, limit: 20 }).records.map((r) => r.id),
        ['p-green-r3', 'p-count-r4', 'p-first-r1', 'p-first-r2', 'p-first-r3', 'p-first-r4'],
      );
      const histogram = document.histogram('reward', 4);
      assert.equal(histogram.count, 12);
      // Totals 0 | 1.4, 1 | 2.2, 2.5 | 4 ×6, 3 (the last bin holds its upper edge).
      assert.deepEqual(
        histogram.bins.map((b) => b.count),
        [1, 2, 2, 7],
      );
      const scatter = document.scatter('storedObs', 'storedRea', 2);
      assert.equal(scatter.count, 12);
      assert.deepEqual(
        document.meanBy('questionType', 'reward').map((m) => m.count),
        [12],
      );
    } finally {
      session.dispose();
    }
  });

  it("answers a sample's breakdown: logged, recomputed, evidence per step with caption words, the group and its advantage", async () => {
    const { session } = await openRollouts();
    try {
      // The sample view asks for the sample first (which probes its video), then for its score.
      await session.sample(0, 0);
      const faithful = await session.score(0, 0);
      assert.deepEqual(faithful.storedBreakdown, { acc: 1, obs: 1, rea: 1, fmt: 1, total: 4, obsSource: 'stored', reaSource: 'stored' });
      assert.equal(faithful.recomputed.total, 4);
      assert.equal(faithful.evidence.captions, true);
      assert.equal(faithful.evidence.steps[0].inside, true, 'the probed 30 s video holds 00:15–00:22');
      assert.ok(faithful.evidence.steps[0].matches.some((m) => m.word === 'green' && m.caption !== null));
      assert.equal(faithful.group?.size, 4);
      assert.equal(faithful.group?.promptId, 'p-green');
      const hallucinated = await session.score(1, 0);
      assert.ok((hallucinated.evidence.steps[0].support ?? 1) < 0.34);
      assert.equal(hallucinated.recomputed.obsSource, 'evidence');
      const ungated = await session.score(2, 0);
      assert.deepEqual(
        ungated.mismatches.map((m) => m.code),
        ['total-formula'],
      );
      const group = await session.group(0);
      assert.deepEqual(
        group.members.map((m) => m.id),
        ['p-green-r1', 'p-green-r2', 'p-green-r3', 'p-green-r4'],
      );
      assert.ok(group.members.every((m) => m.steps[0].sharedBy === 3 || m.steps[0].sharedBy === 1));
      assert.equal(group.members[0].steps[0].sharedBy, 1, 'r1 alone focuses on the colour');
    } finally {
      session.dispose();
    }
  });

  it('runs the judge through the configured endpoint: verdicts per step, r_rea, progress, the index updated, errors shown on the step', async () => {
    const judge = await startFakeServer(sampleRolloutsJudge);
    const config = vscode.workspace.getConfiguration('rewatchInspector.judge');
    await config.update('endpoint', `${judge.base}/v1`, vscode.ConfigurationTarget.Workspace);
    await config.update('model', 'test-judge', vscode.ConfigurationTarget.Workspace);
    const { document, session, posted } = await openRollouts();
    try {
      const score = await session.judge(1, 0);
      assert.equal(score.judge?.steps[0].verdict.verdict, 'no');
      assert.match(score.judge?.steps[0].verdict.rationale ?? '', /green square/);
      assert.equal(score.judge?.rea?.answer, 'B');
      assert.equal(score.recomputed.obsSource, 'judge');
      assert.equal(score.recomputed.obs, 0);
      assert.ok(posted.some((m) => m.type === 'judgeProgress' && m.position === 1 && m.done === m.total));
      assert.equal(document.page(1, 1)[0].judgeObs, 0);
      // Shown again later: the verdicts come back without calling the endpoint.
      const calls = judge.requests.length;
      assert.equal((await session.score(1, 0)).judge?.steps[0].verdict.verdict, 'no');
      assert.equal(judge.requests.length, calls);
      // A server that went away: the error sits on the step, the run still answers.
      await judge.close();
      const failed = await session.judge(0, 0);
      assert.equal(failed.judge?.steps[0].verdict.verdict, 'error');
      assert.match(failed.judge?.steps[0].verdict.error ?? '', /refused|connect/i);
    } finally {
      session.dispose();
      await judge.close();
      await config.update('endpoint', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('model', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
