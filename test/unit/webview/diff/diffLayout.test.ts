import * as assert from 'node:assert/strict';
import type { DiffRow, DiffSide, WordRun } from '../../../../shared/edit/edits';
import {
  DIFF_CHUNK,
  RUN_CHOICE,
  againstChoices,
  answerChanged,
  diffAvailable,
  diffSummary,
  nextChunk,
  pickAgainst,
  runChoice,
  shownSide,
  sideRuns,
  statusCounts,
} from '../../../../webview/diff/diffLayout';

const side = (card: number, text: string): DiffSide => ({ card, kind: 'observation', text, intervals: [] });
const words = (...runs: [string, WordRun['change']][]): WordRun[] => runs.map(([value, change]) => ({ value, change }));
const row = (status: DiffRow['status'], left: DiffSide | null, right: DiffSide | null, runs: WordRun[] = []): DiffRow => ({
  status,
  left,
  right,
  similarity: 0,
  words: runs,
});

describe('sideRuns', () => {
  const changed = row(
    'changed',
    side(2, 'The man waves.'),
    side(2, 'The woman waves twice.'),
    words(['The ', 'same'], ['man', 'removed'], ['woman', 'added'], [' waves', 'same'], [' twice', 'added'], ['.', 'same']),
  );

  it('left: same and removed words, removed marked', () =>
    assert.deepEqual(sideRuns(changed, 'left'), [
      { text: 'The ', marked: false },
      { text: 'man', marked: true },
      { text: ' waves.', marked: false },
    ]));
  it('right: same and added words, added marked, neighbours joined', () =>
    assert.deepEqual(sideRuns(changed, 'right'), [
      { text: 'The ', marked: false },
      { text: 'woman', marked: true },
      { text: ' waves', marked: false },
      { text: ' twice', marked: true },
      { text: '.', marked: false },
    ]));
  it('joins consecutive marked runs', () =>
    assert.deepEqual(
      sideRuns(row('changed', side(0, 'a b'), side(0, 'c d'), words(['a', 'removed'], [' b', 'removed'], ['c', 'added'], [' d', 'added'])), 'left'),
      [{ text: 'a b', marked: true }],
    ));
  it('an unchanged row is its text, unmarked', () =>
    assert.deepEqual(sideRuns(row('same', side(1, 'x y'), side(1, 'x y')), 'right'), [{ text: 'x y', marked: false }]));
  it('a moved row without word runs is unmarked', () =>
    assert.deepEqual(sideRuns(row('moved', side(1, 'x'), side(3, 'x')), 'left'), [{ text: 'x', marked: false }]));
  it('a removed row has nothing on the right', () => {
    const removed = row('removed', side(4, 'gone'), null);
    assert.deepEqual(sideRuns(removed, 'right'), []);
    assert.deepEqual(sideRuns(removed, 'left'), [{ text: 'gone', marked: false }]);
  });
  it('an added row has nothing on the left', () => assert.deepEqual(sideRuns(row('added', null, side(4, 'new')), 'left'), []));
  it('an empty card has no runs', () => assert.deepEqual(sideRuns(row('same', side(0, ''), side(0, '')), 'left'), []));
  it('skips empty word runs', () => assert.deepEqual(sideRuns(row('changed', side(0, 'a'), side(0, 'a')), 'left'), [{ text: 'a', marked: false }]));
});

describe('nextChunk', () => {
  it('the first chunk', () => assert.deepEqual(nextChunk(0, 1000), { start: 0, end: DIFF_CHUNK }));
  it('the next one', () => assert.deepEqual(nextChunk(150, 1000, 150), { start: 150, end: 300 }));
  it('the last, short one', () => assert.deepEqual(nextChunk(900, 1000, 150), { start: 900, end: 1000 }));
  it('nothing left', () => assert.deepEqual(nextChunk(1000, 1000, 150), { start: 1000, end: 1000 }));
  it('past the end is clamped', () => assert.deepEqual(nextChunk(2000, 1000, 150), { start: 1000, end: 1000 }));
  it('an empty diff', () => assert.deepEqual(nextChunk(0, 0), { start: 0, end: 0 }));
  it('a size below 1 still moves on', () => assert.deepEqual(nextChunk(3, 10, 0), { start: 3, end: 4 }));
  it('covers 1000 rows in order, without gaps or overlaps', () => {
    const seen: number[] = [];
    for (let at = 0, guard = 0; at < 1000 && guard < 100; guard++) {
      const { start, end } = nextChunk(at, 1000);
      for (let i = start; i < end; i++) seen.push(i);
      at = end;
    }
    assert.equal(seen.length, 1000);
    assert.ok(seen.every((value, i) => value === i));
  });
});

describe('statusCounts / diffSummary', () => {
  const rows = [
    row('same', side(0, 'a'), side(0, 'a')),
    row('same', side(1, 'b'), side(1, 'b')),
    row('changed', side(2, 'c'), side(2, 'd')),
    row('added', null, side(3, 'e')),
    row('moved', side(3, 'f'), side(4, 'f')),
  ];
  it('counts', () => assert.deepEqual(statusCounts(rows), { same: 2, changed: 1, moved: 1, removed: 0, added: 1 }));
  it('summary', () => assert.equal(diffSummary({ rows, answerLeft: 'B', answerRight: ' B ' }), '1 changed · 1 moved · 1 added · 2 unchanged'));
  it('summary with a changed answer', () =>
    assert.equal(diffSummary({ rows: rows.slice(0, 1), answerLeft: 'B', answerRight: 'C' }), 'answer changed · 1 unchanged'));
  it('an empty diff', () => assert.equal(diffSummary({ rows: [], answerLeft: null, answerRight: null }), 'no cards'));
});

describe('answerChanged', () => {
  it('same answers', () => assert.equal(answerChanged({ answerLeft: 'B', answerRight: 'B' }), false));
  it('whitespace only', () => assert.equal(answerChanged({ answerLeft: 'B\n', answerRight: ' B' }), false));
  it('another answer', () => assert.equal(answerChanged({ answerLeft: 'B', answerRight: 'C' }), true));
  it('an answer added', () => assert.equal(answerChanged({ answerLeft: null, answerRight: 'C' }), true));
  it('no answers', () => assert.equal(answerChanged({ answerLeft: null, answerRight: null }), false));
});

describe('diffAvailable', () => {
  it('an edited record', () => assert.equal(diffAvailable({ edited: true, completions: 1 }), true));
  it('several completions', () => assert.equal(diffAvailable({ edited: false, completions: 4 }), true));
  it('one unedited completion', () => assert.equal(diffAvailable({ edited: false, completions: 1 }), false));
  it('no completions (a caption record)', () => assert.equal(diffAvailable({ edited: false, completions: 0 }), false));
});

describe('againstChoices / pickAgainst', () => {
  it('edited, one completion: the saved record only', () =>
    assert.deepEqual(
      againstChoices({ edited: true, completion: 0, completions: 1 }).map((c) => [c.value, c.against]),
      [['saved', { kind: 'saved' }]],
    ));
  it('edited rollout: saved first, then the other completions', () =>
    assert.deepEqual(
      againstChoices({ edited: true, completion: 1, completions: 3 }).map((c) => c.value),
      ['saved', 'completion:0', 'completion:2'],
    ));
  it('the other completions carry their index', () =>
    assert.deepEqual(
      againstChoices({ edited: false, completion: 0, completions: 2 }).map((c) => c.against),
      [{ kind: 'completion', completion: 1 }],
    ));
  it('labels completions from 1', () => assert.equal(againstChoices({ edited: false, completion: 0, completions: 2 })[0].label, 'Completion 2 of 2'));
  it('nothing to compare with', () => assert.deepEqual(againstChoices({ edited: false, completion: 0, completions: 1 }), []));
  it('keeps the previous choice while it is offered', () => {
    const choices = againstChoices({ edited: true, completion: 0, completions: 3 });
    assert.equal(pickAgainst(choices, 'completion:2')?.value, 'completion:2');
    assert.equal(pickAgainst(choices, 'completion:7')?.value, 'saved');
    assert.equal(pickAgainst(choices, null)?.value, 'saved');
    assert.equal(pickAgainst([], 'saved'), undefined);
  });
});

describe('runChoice / shownSide', () => {
  it('a model run’s chain as a chain diff labelled "Model run"', () => {
    const choice = runChoice('<answer>B</answer>');
    assert.equal(choice.value, RUN_CHOICE);
    assert.match(choice.label, /^Model run/);
    assert.deepEqual(choice.against, { kind: 'chain', chain: '<answer>B</answer>', label: 'Model run' });
  });
  it('can be picked like the record’s own choices', () => {
    const choices = [...againstChoices({ edited: true, completion: 0, completions: 1 }), runChoice('x')];
    assert.equal(pickAgainst(choices, RUN_CHOICE)?.value, RUN_CHOICE);
    assert.equal(pickAgainst(choices, null)?.value, 'saved', 'the saved record stays the default');
  });
  it('the shown chain is on the left against a run, on the right otherwise', () => {
    assert.equal(shownSide({ kind: 'chain', chain: 'x', label: 'Model run' }), 'left');
    assert.equal(shownSide({ kind: 'saved' }), 'right');
    assert.equal(shownSide({ kind: 'completion', completion: 1 }), 'right');
  });
});
