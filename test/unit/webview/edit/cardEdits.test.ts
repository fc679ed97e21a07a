import * as assert from 'node:assert/strict';
import type { CardKind } from '../../../../shared/sample/sample';
import { editorText, focusAfter, moveBounds, resolveFocus, textEdit } from '../../../../webview/edit/cardEdits';

const card = (index: number, kind: CardKind, step: number | null, text = 'x') => ({ index, kind, step, text });

/** Think, then two action/observation steps, then the answer. */
const CHAIN = [
  card(0, 'think', null),
  card(1, 'action', 0),
  card(2, 'observation', 0),
  card(3, 'action', 1),
  card(4, 'observation', 1),
  card(5, 'answer', null),
];

describe('editorText', () => {
  it('drops the surrounding whitespace', () => assert.equal(editorText({ text: '\n  The man waves.\n' }), 'The man waves.'));
  it('keeps inner newlines', () => assert.equal(editorText({ text: '\na\n\nb\n' }), 'a\n\nb'));
});

describe('textEdit', () => {
  it('sets the text, keeping the newlines around it', () =>
    assert.deepEqual(textEdit(card(2, 'observation', 0, '\nThe man waves.\n'), 'The man runs.'), { op: 'setText', card: 2, text: '\nThe man runs.\n' }));
  it('trims what the editor holds', () => assert.deepEqual(textEdit(card(1, 'action', 0, 'a'), '  b \n'), { op: 'setText', card: 1, text: 'b' }));
  it('keeps a text made of whitespace only around the new text', () =>
    assert.deepEqual(textEdit(card(0, 'think', null, '\n\n'), 'new'), { op: 'setText', card: 0, text: '\n\nnew' }));
  it('nothing changed: no edit', () => assert.equal(textEdit(card(2, 'observation', 0, '\nSame.\n'), 'Same.'), null));
  it('whitespace changes at the ends only: no edit', () => assert.equal(textEdit(card(2, 'observation', 0, 'Same.'), '\n Same. '), null));
  it('the answer card sets the answer', () => assert.deepEqual(textEdit(card(5, 'answer', null, ' B '), ' C\n'), { op: 'setAnswer', answer: 'C' }));
  it('clearing a card sends its margins only', () => assert.deepEqual(textEdit(card(1, 'action', 0, '\nold\n'), ''), { op: 'setText', card: 1, text: '\n\n' }));
});

describe('moveBounds', () => {
  it('the first step moves down only', () => assert.deepEqual(moveBounds(CHAIN[1], CHAIN), { up: false, down: true }));
  it('its observation too', () => assert.deepEqual(moveBounds(CHAIN[2], CHAIN), { up: false, down: true }));
  it('the last step moves up only', () => assert.deepEqual(moveBounds(CHAIN[4], CHAIN), { up: true, down: false }));
  it('cards of no step do not move', () => {
    assert.deepEqual(moveBounds(CHAIN[0], CHAIN), { up: false, down: false });
    assert.deepEqual(moveBounds(CHAIN[5], CHAIN), { up: false, down: false });
  });
  it('a lone step does not move', () => {
    const one = [card(0, 'action', 0), card(1, 'observation', 0)];
    assert.deepEqual(moveBounds(one[0], one), { up: false, down: false });
  });
  it('a middle step moves both ways', () => {
    const three = [card(0, 'action', 0), card(1, 'action', 1), card(2, 'action', 2)];
    assert.deepEqual(moveBounds(three[1], three), { up: true, down: true });
  });
});

describe('focusAfter / resolveFocus', () => {
  it('a text edit keeps the card', () => assert.deepEqual(focusAfter({ op: 'setText', card: 3, text: 'y' }, CHAIN), { index: 3 }));
  it('a retime keeps the card', () => assert.deepEqual(focusAfter({ op: 'retime', card: 2, chip: 0, start: 1, end: 2 }, CHAIN), { index: 2 }));
  it('a new answer focuses the answer card', () => assert.deepEqual(focusAfter({ op: 'setAnswer', answer: 'C' }, CHAIN), { index: 5 }));
  it('an added answer focuses the card after the last', () => assert.deepEqual(focusAfter({ op: 'setAnswer', answer: 'C' }, CHAIN.slice(0, 5)), { index: 5 }));
  it('deleting an observation focuses what followed its step', () => assert.deepEqual(focusAfter({ op: 'deleteStep', card: 2 }, CHAIN), { index: 1 }));
  it('deleting an action focuses what followed its step', () => assert.deepEqual(focusAfter({ op: 'deleteStep', card: 3 }, CHAIN), { index: 3 }));
  it('deleting a card of no step focuses its successor', () => assert.deepEqual(focusAfter({ op: 'deleteStep', card: 0 }, CHAIN), { index: 0 }));
  it('deleting a card that is not there: no focus', () => assert.equal(focusAfter({ op: 'deleteStep', card: 9 }, CHAIN), null));
  it('inserting focuses the new action', () =>
    assert.deepEqual(focusAfter({ op: 'insertStep', after: 2, action: 'a', observation: 'o' }, CHAIN), { index: 3 }));
  it('inserting before the first card focuses card 0', () =>
    assert.deepEqual(focusAfter({ op: 'insertStep', after: -1, action: 'a', observation: 'o' }, CHAIN), { index: 0 }));
  it('moving follows the step', () => assert.deepEqual(focusAfter({ op: 'moveStep', card: 2, direction: 1 }, CHAIN), { step: 1, kind: 'observation' }));
  it('moving a card of no step: no focus', () => assert.equal(focusAfter({ op: 'moveStep', card: 0, direction: 1 }, CHAIN), null));

  it('resolves an index, clamped to the cards', () => {
    assert.equal(resolveFocus({ index: 3 }, CHAIN), 3);
    assert.equal(resolveFocus({ index: 9 }, CHAIN), 5);
    assert.equal(resolveFocus({ index: 0 }, []), null);
  });
  it('resolves a step and kind', () => {
    const moved = [card(0, 'think', null), card(1, 'action', 0), card(2, 'observation', 0), card(3, 'action', 1), card(4, 'observation', 1)];
    assert.equal(resolveFocus({ step: 1, kind: 'observation' }, moved), 4);
    assert.equal(resolveFocus({ step: 1, kind: 'answer' }, moved), 3);
    assert.equal(resolveFocus({ step: 7, kind: 'action' }, moved), null);
  });
});
