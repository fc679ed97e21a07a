import * as assert from 'node:assert/strict';
import type { WordMatch } from '../../../../shared/rewards/scores';
import { evidencePieces, evidenceTitle } from '../../../../webview/rewards/evidenceWords';

const word = (from: number, to: number, supported = true, w = 'x'): WordMatch => ({
  from,
  to,
  word: w,
  weight: 1,
  caption: supported ? { segment: 2, from: 0, to: 3, word: 'cap' } : null,
});

/** Pieces as text: supported words in [brackets], unsupported in {braces}. */
const show = (text: string, matches: WordMatch[]): string =>
  evidencePieces(text, matches)
    .map((p) => (p.match === null ? p.text : p.match.caption ? `[${p.text}]` : `{${p.text}}`))
    .join('');

describe('evidencePieces', () => {
  const text = 'a red car stops';
  const cases: { name: string; text: string; matches: WordMatch[]; expected: string }[] = [
    { name: 'no matches', text, matches: [], expected: 'a red car stops' },
    { name: 'empty text', text: '', matches: [word(0, 3)], expected: '' },
    { name: 'one supported word', text, matches: [word(2, 5)], expected: 'a [red] car stops' },
    { name: 'supported and unsupported', text, matches: [word(2, 5), word(6, 9, false)], expected: 'a [red] {car} stops' },
    { name: 'matches out of order', text, matches: [word(10, 15), word(2, 5)], expected: 'a [red] car [stops]' },
    { name: 'a word at the very start and end', text, matches: [word(0, 1), word(10, 15, false)], expected: '[a] red car {stops}' },
    { name: 'adjacent words stay apart', text: 'redcar', matches: [word(0, 3), word(3, 6, false)], expected: '[red]{car}' },
    { name: 'overlapping: the later one keeps its tail', text, matches: [word(2, 7), word(4, 9, false)], expected: 'a [red c]{ar} stops' },
    { name: 'contained: the inner one is dropped', text, matches: [word(2, 9), word(4, 6, false)], expected: 'a [red car] stops' },
    { name: 'same start: supported wins', text, matches: [word(2, 5, false), word(2, 5, true)], expected: 'a [red] car stops' },
    { name: 'same start, both supported: the longer wins', text, matches: [word(2, 5), word(2, 9)], expected: 'a [red car] stops' },
    { name: 'duplicates', text, matches: [word(2, 5), word(2, 5)], expected: 'a [red] car stops' },
    { name: 'a span past the end is clipped', text: 'a red', matches: [word(2, 50)], expected: 'a [red]' },
    { name: 'a span wholly past the end is dropped', text: 'a red', matches: [word(20, 30)], expected: 'a red' },
    { name: 'an empty or backwards span is dropped', text, matches: [word(3, 3), word(9, 6)], expected: 'a red car stops' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(show(c.text, c.matches), c.expected));

  it('covers the text exactly, with offsets', () => {
    const pieces = evidencePieces(text, [word(6, 9), word(2, 5, false)]);
    assert.equal(pieces.map((p) => p.text).join(''), text);
    let at = 0;
    for (const p of pieces) {
      assert.equal(p.from, at);
      assert.equal(text.slice(p.from, p.to), p.text);
      at = p.to;
    }
    assert.equal(at, text.length);
  });
});

describe('evidenceTitle', () => {
  it('names the caption word and segment (1-based) with its times', () => {
    assert.equal(
      evidenceTitle({ ...word(0, 3, true, 'red'), weight: 2 }, (s) => (s === 2 ? '00:05–00:09' : undefined)),
      '“red” ← caption word “cap” in segment 3 [00:05–00:09] (weight 2)',
    );
  });
  it('works without segment times', () => assert.equal(evidenceTitle(word(0, 3, true, 'red')), '“red” ← caption word “cap” in segment 3 (weight 1)'));
  it('says when nothing supports the word', () => assert.match(evidenceTitle(word(0, 3, false, 'car')), /“car”: not found/));
});
