import * as assert from 'node:assert/strict';
import type { WordMatch } from '../../../../shared/rewards/scores';
import { evidencePieces, evidenceTitle, judgedText, segmentList } from '../../../../webview/rewards/evidenceWords';

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

describe('evidenceTitle with a share', () => {
  it('says for how much a partly supported word counts', () =>
    assert.equal(
      evidenceTitle({ ...word(0, 3, true, 'red'), share: 0.27 }),
      '“red” ← caption word “cap” in segment 3 (weight 1, counted for 27%: the caption says it in that share of the cited time)',
    ));
  it('says nothing more for a word the caption says all the cited time', () =>
    assert.equal(evidenceTitle({ ...word(0, 3, true, 'red'), share: 1 }), '“red” ← caption word “cap” in segment 3 (weight 1)'));
});

describe('segmentList', () => {
  it('numbers segments from 1', () => assert.equal(segmentList([1, 2], undefined), '2, 3'));
  it('gives each segment its share of the cited time', () => assert.equal(segmentList([0, 6], [0.5, 0.25]), '1 (50%), 7 (25%)'));
  it('ignores shares that do not match the segments', () => assert.equal(segmentList([0, 6], [1]), '1, 7'));
});

describe('judgedText', () => {
  it("names the observation's own times", () =>
    assert.equal(judgedText({ judgedAgainst: 'observation', intervals: [{ start: 29, end: 29 }] }), "judged at the observation's 00:29"));
  it("names the action's times and why", () =>
    assert.equal(
      judgedText({ judgedAgainst: 'action', intervals: [{ start: 15, end: 22 }] }),
      "judged at its action's 00:15–00:22 (the observation cites no time)",
    ));
  it('says nothing when nothing was cited or the score predates the field', () => {
    assert.equal(judgedText({ judgedAgainst: 'none', intervals: [] }), '');
    assert.equal(judgedText({ intervals: [{ start: 1, end: 2 }] }), '');
  });
});
