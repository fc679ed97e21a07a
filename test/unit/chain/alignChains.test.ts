import * as assert from 'node:assert/strict';
import { alignChains } from '../../../shared/chain/alignChains';
import { applyChainEdit } from '../../../shared/chain/chainEdits';
import { ChainDiff } from '../../../shared/edit/edits';
import type { DiffRow } from '../../../shared/edit/edits';
import { CHAIN } from '../helpers/chains';
import { mulberry32 as prng } from '../../../bench/syntheticDataset';

const LABELS = { left: 'saved', right: 'edited' };

/** `status left→right` per row (card numbers, '-' for none). */
const shape = (diff: ChainDiff): string[] => diff.rows.map((r) => `${r.status} ${r.left?.card ?? '-'}→${r.right?.card ?? '-'}`);

function edited(chain: string, ...edits: Parameters<typeof applyChainEdit>[1][]): string {
  let out = chain;
  for (const edit of edits) {
    const result = applyChainEdit(out, edit);
    if (!result.ok) assert.fail(result.reason);
    out = result.chain;
  }
  return out;
}

/** The word runs rebuild both texts. */
function checkWords(row: DiffRow): void {
  assert.ok(row.left !== null && row.right !== null);
  assert.equal(
    row.words
      .filter((w) => w.change !== 'added')
      .map((w) => w.value)
      .join(''),
    row.left.text,
  );
  assert.equal(
    row.words
      .filter((w) => w.change !== 'removed')
      .map((w) => w.value)
      .join(''),
    row.right.text,
  );
}

describe('alignChains', () => {
  it('marks identical chains all same', () => {
    const diff = alignChains(CHAIN, CHAIN, LABELS);
    assert.deepEqual(shape(diff), ['same 0→0', 'same 1→1', 'same 2→2', 'same 3→3', 'same 4→4', 'same 5→5', 'same 6→6', 'same 7→7']);
    for (const row of diff.rows) {
      assert.equal(row.similarity, 1);
      assert.deepEqual(row.words, []);
    }
    assert.equal(diff.leftLabel, 'saved');
    assert.equal(diff.rightLabel, 'edited');
    assert.equal(diff.answerLeft, 'B: A green bottle');
    assert.equal(diff.answerRight, 'B: A green bottle');
    assert.deepEqual(diff.rows[2].left, { card: 2, kind: 'observation', text: 'It passes between 00:07 and 00:15.', intervals: [{ start: 7, end: 15 }] });
    assert.equal(diff.rows[3].left?.text, 'Now I check what he drinks.', 'sides carry trimmed text');
    ChainDiff.parse(diff);
  });

  it('marks one edited step changed, with word runs', () => {
    const right = edited(CHAIN, { op: 'setText', card: 5, text: 'He stops and drinks from a blue bottle.' });
    const diff = alignChains(CHAIN, right, LABELS);
    assert.deepEqual(shape(diff), ['same 0→0', 'same 1→1', 'same 2→2', 'same 3→3', 'same 4→4', 'changed 5→5', 'same 6→6', 'same 7→7']);
    const row = diff.rows[5];
    assert.ok(row.similarity > 0.35 && row.similarity < 1);
    assert.deepEqual(
      row.words.filter((w) => w.change !== 'same'),
      [
        { value: 'green', change: 'removed' },
        { value: 'blue', change: 'added' },
      ],
    );
    checkWords(row);
  });

  it('marks swapped steps moved', () => {
    const right = edited(CHAIN, { op: 'moveStep', card: 4, direction: -1 });
    const diff = alignChains(CHAIN, right, LABELS);
    // One of the two steps keeps its order; the other (and the prose between them) moved.
    assert.deepEqual(shape(diff), ['same 0→0', 'same 4→1', 'same 5→2', 'moved 3→3', 'moved 1→4', 'moved 2→5', 'same 6→6', 'same 7→7']);
    for (const row of diff.rows.filter((r) => r.status === 'moved')) {
      assert.equal(row.similarity, 1);
      checkWords(row);
    }
  });

  it('marks a step moved and edited as moved, with word runs', () => {
    const right = edited(CHAIN, { op: 'moveStep', card: 4, direction: -1 }, { op: 'setText', card: 5, text: 'It passes between 00:07 and 00:16.' });
    const diff = alignChains(CHAIN, right, LABELS);
    const row = diff.rows.find((r) => r.left?.card === 2);
    assert.equal(row?.status, 'moved');
    assert.equal(row?.right?.card, 5);
    assert.deepEqual(
      row?.words.filter((w) => w.change !== 'same').map((w) => w.value),
      ['15', '16'],
    );
  });

  it('places a deleted step as removed rows after the row of the unit before it', () => {
    const right = edited(CHAIN, { op: 'deleteStep', card: 1 });
    const diff = alignChains(CHAIN, right, LABELS);
    // "I'll" and "Now I check …" merged into one reasoning card: it pairs with the first, changed.
    assert.deepEqual(shape(diff), ['changed 0→0', 'removed 1→-', 'removed 2→-', 'removed 3→-', 'same 4→1', 'same 5→2', 'same 6→3', 'same 7→4']);
    for (const row of diff.rows.filter((r) => r.status === 'removed')) {
      assert.equal(row.similarity, 0);
      assert.deepEqual(row.words, []);
      assert.equal(row.right, null);
    }
  });

  it('places removed units before everything when no left unit comes before them', () => {
    const diff = alignChains('<action>a b c</action><observation>d e f</observation><answer>X</answer>', '<answer>X</answer>', LABELS);
    assert.deepEqual(shape(diff), ['removed 0→-', 'removed 1→-', 'same 2→0']);
  });

  it('marks an inserted step added', () => {
    const right = edited(CHAIN, { op: 'insertStep', after: 2, action: 'query the segment from 00:30 to 00:40', observation: 'Nobody is there.' });
    const diff = alignChains(CHAIN, right, LABELS);
    assert.deepEqual(shape(diff), ['same 0→0', 'same 1→1', 'same 2→2', 'added -→3', 'added -→4', 'same 3→5', 'same 4→6', 'same 5→7', 'same 6→8', 'same 7→9']);
    assert.deepEqual(diff.rows[3].right?.intervals, [{ start: 30, end: 40 }]);
    assert.equal(diff.rows[3].left, null);
  });

  it('replaces in place: removed rows before the added ones', () => {
    const left = '<action>count the red cars</action><observation>three red cars</observation><answer>3</answer>';
    const right = '<action>describe the weather at dawn</action><observation>foggy and grey sky</observation><answer>3</answer>';
    assert.deepEqual(shape(alignChains(left, right, LABELS)), ['removed 0→-', 'removed 1→-', 'added -→0', 'added -→1', 'same 2→2']);
  });

  it('aligns chains with different step counts', () => {
    const step = (i: number): string =>
      `<action>query the segment from 0${i}:00 to 0${i}:30 about object ${i}</action>\n<observation>object ${i} is on shelf ${i} at 0${i}:10</observation>`;
    const left = [1, 2, 3].map(step).join('\n') + '\n<answer>A</answer>';
    const right = [1, 2, 4, 3, 5].map(step).join('\n') + '\n<answer>C</answer>';
    const diff = alignChains(left, right, LABELS);
    assert.deepEqual(shape(diff), [
      'same 0→0',
      'same 1→1',
      'same 2→2',
      'same 3→3',
      'added -→4',
      'added -→5',
      'same 4→6',
      'same 5→7',
      'added -→8',
      'added -→9',
      'changed 6→10',
    ]);
    assert.equal(diff.answerLeft, 'A');
    assert.equal(diff.answerRight, 'C');
    checkWords(diff.rows[10]);
    assert.deepEqual(diff.rows[10].words, [
      { value: 'A', change: 'removed' },
      { value: 'C', change: 'added' },
    ]);
    assert.equal(diff.rows[10].similarity, 0);
  });

  it('pairs steps whose text changed when they cite the same time', () => {
    const left =
      '<action>query the segment from 00:15 to 00:22, focusing on what the cyclist holds</action><observation>He drinks from a green bottle at 00:18.</observation><answer>B</answer>';
    const right =
      '<action>look again at [00:15-00:22] for the hands</action><observation>A bottle is raised around 00:18, its colour green.</observation><answer>B</answer>';
    const diff = alignChains(left, right, LABELS);
    assert.deepEqual(shape(diff), ['changed 0→0', 'changed 1→1', 'same 2→2']);
    for (const row of diff.rows.slice(0, 2)) {
      assert.ok(row.similarity >= 0.35, `similarity ${row.similarity}`);
      checkWords(row);
    }
    // The same texts citing a time far away do not pair on time.
    const far = right.replace('[00:15-00:22]', '[09:15-09:22]');
    assert.equal(alignChains(left, far, LABELS).rows[0].status, 'removed');
  });

  it('pairs a repeated text with its nearest copy', () => {
    const left = '<action>look</action><observation>a cat</observation> Hmm. <action>look</action><observation>a dog</observation><answer>B</answer>';
    const right = '<action>look</action><observation>a dog</observation><answer>B</answer>';
    assert.deepEqual(shape(alignChains(left, right, LABELS)), ['removed 0→-', 'removed 1→-', 'removed 2→-', 'same 3→0', 'same 4→1', 'same 5→2']);
    const twice = alignChains('<action>look</action><action>look</action>', '<action>look</action><action>look</action>', LABELS);
    assert.deepEqual(shape(twice), ['same 0→0', 'same 1→1']);
  });

  it('pairs only units of the same kind', () => {
    const diff = alignChains(
      '<action>the man opens the drawer</action><answer>B</answer>',
      '<observation>the man opens the drawer</observation><answer>B</answer>',
      LABELS,
    );
    assert.deepEqual(shape(diff), ['removed 0→-', 'added -→0', 'same 1→1']);
  });

  it('follows the reordered steps of a shuffled chain', () => {
    const steps = ['red car parks by the gate', 'woman waves at the driver', 'dog runs across the yard', 'boy drops his blue kite'];
    const chain = (order: number[]): string =>
      order.map((i) => `<action>find where the ${steps[i]}</action><observation>the ${steps[i]} at 0${i}:1${i}</observation>`).join('\n');
    const diff = alignChains(chain([0, 1, 2, 3]), chain([2, 0, 1, 3]), LABELS);
    assert.deepEqual(shape(diff), ['moved 4→0', 'moved 5→1', 'same 0→2', 'same 1→3', 'same 2→4', 'same 3→5', 'same 6→6', 'same 7→7']);
    assert.equal(diff.answerLeft, null);
    assert.equal(diff.answerRight, null);
  });

  it('skips whitespace-only reasoning and keeps card numbers', () => {
    const left = '<think>\n<action>look at 00:05</action><observation>a cat</observation>\n</think><answer>B</answer>';
    const right = '<think>\n<action>look at 00:05</action><observation>a small cat</observation>\n</think><answer>B</answer>';
    assert.deepEqual(shape(alignChains(left, right, LABELS)), ['same 1→1', 'changed 2→2', 'same 4→4']);
  });

  it('handles empty chains', () => {
    assert.deepEqual(alignChains('', '', LABELS).rows, []);
    assert.deepEqual(shape(alignChains('', '<answer>B</answer>', LABELS)), ['added -→0']);
    assert.deepEqual(shape(alignChains('<answer>B</answer>', '', LABELS)), ['removed 0→-']);
  });

  it('is deterministic and matches the ChainDiff schema', () => {
    const right = edited(
      CHAIN,
      { op: 'moveStep', card: 1, direction: 1 },
      { op: 'setText', card: 2, text: 'He holds a bottle.' },
      { op: 'deleteStep', card: 6 },
    );
    const a = alignChains(CHAIN, right, LABELS);
    const b = alignChains(CHAIN, right, LABELS);
    assert.deepEqual(a, b);
    ChainDiff.parse(a);
    // Every unit of each side appears exactly once, each side in its own order among its rows.
    const lefts = a.rows.flatMap((r) => (r.left === null ? [] : [r.left.card])).sort((x, y) => x - y);
    const rights = a.rows.flatMap((r) => (r.right === null ? [] : [r.right.card]));
    assert.deepEqual(lefts, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(
      rights,
      [...rights].sort((x, y) => x - y),
    );
  });

  describe('500-step chains', () => {
    const WORDS = 'man woman child dog cat car van bike key drawer table door window bottle cup phone bag hat ball box'.split(' ');
    const VERBS = 'opens closes holds drops lifts passes enters leaves reads moves pushes pulls'.split(' ');
    const clock = (s: number): string => `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

    function longChain(seed: number, steps: number): string {
      const random = prng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
      const parts: string[] = [];
      for (let i = 0; i < steps; i++) {
        const t = Math.floor(random() * 3500);
        const subject = `${pick(WORDS)} ${pick(VERBS)} the ${pick(WORDS)}`;
        if (random() < 0.5) parts.push(`Step ${i}: let me check where the ${pick(WORDS)} goes.`);
        parts.push(`<action>query the segment from ${clock(t)} to ${clock(t + 5 + Math.floor(random() * 30))} where the ${subject}</action>`);
        parts.push(`<observation>the ${subject} near the ${pick(WORDS)} at ${clock(t + 2)}</observation>`);
      }
      parts.push('<answer>B</answer>');
      return parts.join('\n');
    }

    // Their speed is measured in bench/sample.bench.ts, against a baseline of the same run.
    it('aligns an edited 500-step chain: every kind of row, most of them unchanged', () => {
      const left = longChain(7, 500);
      const random = prng(99);
      let right = left;
      for (let k = 0; k < 60; k++) {
        const cards = right.split('<action>').length - 1;
        const card = 1 + Math.floor(random() * (cards * 2));
        const op = k % 4;
        const edit =
          op === 0
            ? ({ op: 'setText', card, text: `edited step ${k}: the dog holds the cup at 00:${String(10 + k).padStart(2, '0')}` } as const)
            : op === 1
              ? ({ op: 'moveStep', card, direction: 1 } as const)
              : op === 2
                ? ({ op: 'deleteStep', card } as const)
                : ({ op: 'insertStep', after: card, action: `query the segment from 10:00 to 10:${k + 10}`, observation: `nothing new ${k}` } as const);
        const result = applyChainEdit(right, edit);
        if (result.ok) right = result.chain;
      }
      const diff = alignChains(left, right, LABELS);
      const statuses = new Set(diff.rows.map((r) => r.status));
      for (const s of ['same', 'changed', 'moved', 'removed', 'added']) assert.ok(statuses.has(s as DiffRow['status']), `has ${s} rows`);
      assert.ok(diff.rows.filter((r) => r.status === 'same').length > 1000);
    });

    it('aligns two unrelated 500-step chains, every unit of each side in a row', () => {
      const left = longChain(1, 500);
      const right = longChain(2, 500);
      const diff = alignChains(left, right, LABELS);
      assert.ok(diff.rows.length >= 1000);
    });
  });
});
