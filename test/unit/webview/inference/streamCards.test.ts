import * as assert from 'node:assert/strict';
import { firstChanged, runCards, sameCard, streamingText } from '../../../../webview/inference/streamCards';

const CHAIN =
  'I should find the man.\n<action>query the segment from 00:05 to 00:10</action>\n<observation>At 00:07 a man waves.</observation>\n' +
  '<action>retrieve segments where a dog runs</action>\n<observation>A dog runs at 01:30.</observation>\n<answer>B</answer>';
const NO_CONTEXT = { duration: null, captions: null };

describe('streamingText', () => {
  it('holds back a tag still being written', () => {
    assert.equal(streamingText('the man <obser', false), 'the man ');
    assert.equal(streamingText('waves.</observ', false), 'waves.');
    assert.equal(streamingText('x <', false), 'x ');
  });
  it('keeps complete tags and plain text', () => {
    assert.equal(streamingText('<action>look', false), '<action>look');
    assert.equal(streamingText('a < b', false), 'a < b');
  });
  it('keeps everything once final', () => assert.equal(streamingText('the man <obser', true), 'the man <obser'));
});

describe('runCards', () => {
  const cards = runCards(CHAIN, NO_CONTEXT);

  it('one card per segment, in order, like the sample view’s', () =>
    assert.deepEqual(
      cards.map((c) => c.kind),
      ['reasoning', 'action', 'observation', 'action', 'observation', 'answer'],
    ));
  it('numbers cards and steps', () => {
    assert.deepEqual(
      cards.map((c) => c.index),
      [0, 1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      cards.map((c) => c.step),
      [null, 0, 0, 1, 1, null],
    );
  });
  it('reads the action kinds', () => {
    assert.equal(cards[1].actionKind, 'query');
    assert.equal(cards[3].actionKind, 'retrieve');
    assert.equal(cards[2].actionKind, null);
  });
  it('makes chips with offsets into the card text', () => {
    const chip = cards[2].chips[0];
    assert.equal(chip.start, 7);
    assert.equal(cards[2].text.slice(chip.from, chip.to), '00:07');
    assert.deepEqual(cards[1].intervals, [{ start: 5, end: 10 }]);
  });
  it('warns about a citation past the video’s end when the duration is known', () => {
    const withDuration = runCards(CHAIN, { duration: 60, captions: null });
    assert.ok(withDuration[4].warnings.some((w) => w.code === 'past-end'));
    assert.equal(cards[4].warnings.length, 0, 'no duration, no warning');
  });
  it('warns about intervals no caption covers', () => {
    const withCaptions = runCards(CHAIN, { duration: null, captions: [{ start: 0, end: 20, text: 'a man waves', line: 1 }] });
    assert.equal(withCaptions[2].warnings.length, 0);
    assert.ok(withCaptions[4].warnings.some((w) => w.code === 'uncovered-by-captions'));
  });
  it('an unclosed tag while streaming is an open card', () => {
    const open = runCards('<action>query the segment from 00:05', NO_CONTEXT);
    assert.equal(open.length, 1);
    assert.equal(open[0].closed, false);
  });
  it('empty text, no cards', () => assert.deepEqual(runCards('', NO_CONTEXT), []));
});

describe('firstChanged / sameCard', () => {
  it('while tokens arrive only the last card changes', () => {
    const text = CHAIN.slice(0, CHAIN.indexOf('A dog runs') + 5);
    const before = runCards(streamingText(text, false), NO_CONTEXT);
    const after = runCards(streamingText(`${text} run`, false), NO_CONTEXT);
    assert.equal(before.length, after.length);
    assert.equal(firstChanged(before, after), after.length - 1);
  });
  it('a new card: the ones before stay', () => {
    const before = runCards(CHAIN.slice(0, CHAIN.indexOf('<answer>')), NO_CONTEXT);
    const after = runCards(CHAIN, NO_CONTEXT);
    assert.equal(firstChanged(before, after), before.length);
  });
  it('the same cards: nothing to draw', () => {
    const a = runCards(CHAIN, NO_CONTEXT);
    const b = runCards(CHAIN, NO_CONTEXT);
    assert.equal(firstChanged(a, b), b.length);
  });
  it('fewer cards (a re-read) is drawn from where they differ', () => {
    const a = runCards(CHAIN, NO_CONTEXT);
    assert.equal(firstChanged(a, a.slice(0, 2)), 2);
    assert.equal(firstChanged(a, []), 0);
  });
  it('a card that closed is a change', () => {
    const open = runCards('<action>look at 00:05', NO_CONTEXT);
    const closed = runCards('<action>look at 00:05</action>', NO_CONTEXT);
    assert.equal(sameCard(open[0], closed[0]), false);
    assert.equal(firstChanged(open, closed), 0);
  });
  it('a held-back tag does not turn the reasoning card into text and back', () => {
    const a = runCards(streamingText('Think first. <act', false), NO_CONTEXT);
    const b = runCards(streamingText('Think first. <actio', false), NO_CONTEXT);
    assert.equal(firstChanged(a, b), a.length);
  });
});
