import * as assert from 'node:assert/strict';
import type { SampleScore } from '../../../../shared/rewards/scores';
import { formatLine, predictedText, scoreRows } from '../../../../webview/inference/runScoreText';

type Scored = Pick<SampleScore, 'format' | 'accuracy' | 'evidence' | 'recomputed'>;

function scored(patch: { fmt?: 0 | 1; acc?: 0 | 1 | null; obs?: number | null; total?: number | null; letter?: string; text?: string } = {}): Scored {
  const acc = patch.acc === undefined ? 1 : patch.acc;
  return {
    format: { score: patch.fmt ?? 1, failures: [] },
    accuracy: {
      score: acc,
      predicted: patch.letter || patch.text ? { letter: patch.letter, text: patch.text } : null,
      truth: { letter: 'B' },
      how: 'letter',
      message: 'm',
    },
    evidence: { steps: [], obsEstimate: patch.obs === undefined ? 0.5 : patch.obs, captions: true },
    recomputed: {
      acc,
      obs: 0.5,
      rea: 1,
      fmt: patch.fmt ?? 1,
      total: patch.total === undefined ? 3.5 : patch.total,
      obsSource: 'evidence',
      reaSource: 'stored',
    },
  };
}

describe('scoreRows', () => {
  it('format, accuracy, evidence and total, in the breakdown’s number format', () => {
    const rows = scoreRows(scored({ obs: 2 / 3, total: 3.6667 }));
    assert.deepEqual(
      rows.map((r) => [r.name, r.label, r.text]),
      [
        ['fmt', 'r_fmt', '1'],
        ['acc', 'r_acc', '1'],
        ['evidence', 'r_obs* (evidence)', '0.667'],
        ['total', 'total (recomputed)', '3.667'],
      ],
    );
    for (const row of rows) {
      assert.equal(row.stored, null, 'no stored score');
      assert.equal(row.direction, 0);
      assert.ok(row.title.length > 0);
    }
  });
  it('unknown values as —', () => {
    const rows = scoreRows(scored({ acc: null, obs: null, total: null }));
    assert.deepEqual(
      rows.map((r) => r.text),
      ['1', '—', '—', '—'],
    );
  });
  it('beside the stored chain’s, with the way each moved', () => {
    const rows = scoreRows(scored({ acc: 1, total: 3.5, obs: 0.5 }), scored({ acc: 0, total: 1, obs: 0.5 }));
    assert.deepEqual(
      rows.map((r) => [r.name, r.stored, r.direction]),
      [
        ['fmt', '1', 0],
        ['acc', '0', 1],
        ['evidence', '0.5', 0],
        ['total', '1', 1],
      ],
    );
    assert.equal(scoreRows(scored({ fmt: 0 }), scored())[0].direction, -1);
    assert.equal(scoreRows(scored(), scored({ obs: null }))[2].direction, 0, 'unknown stored: no direction');
  });
});

describe('predictedText', () => {
  it('a right letter', () => assert.equal(predictedText(scored({ letter: 'B', acc: 1 }).accuracy), 'B ✓'));
  it('a wrong letter with its text', () => assert.equal(predictedText(scored({ letter: 'C', text: 'a dog', acc: 0 }).accuracy), 'C: a dog ✗'));
  it('open-ended text, unknown accuracy', () => assert.equal(predictedText(scored({ text: 'three', acc: null }).accuracy), 'three'));
  it('no answer', () => assert.equal(predictedText(scored({ acc: 0 }).accuracy), 'none ✗'));
});

describe('formatLine', () => {
  it('passed', () => assert.equal(formatLine({ score: 1, failures: [] }), 'Format check passed.'));
  it('failed without reasons', () => assert.equal(formatLine({ score: 0, failures: [] }), 'Format check failed.'));
  it('failed with reasons', () =>
    assert.equal(
      formatLine({
        score: 0,
        failures: [
          { code: 'missing-answer', message: 'x', from: 0, to: 1 },
          { code: 'unclosed-tag', message: 'y', from: 0, to: 1 },
        ],
      }),
      'Format check failed: 2 problems.',
    ));
});
