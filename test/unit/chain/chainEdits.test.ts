import * as assert from 'node:assert/strict';
import { applyChainEdit } from '../../../shared/chain/chainEdits';
import { parseChain } from '../../../shared/chain/parseChain';
import type { ParsedChain } from '../../../shared/chain/parseChain';
import type { ChainEdit, ChainEditResult } from '../../../shared/edit/edits';
import { CHAIN } from '../helpers/chains';
import { mulberry32 as prng } from '../../../bench/syntheticDataset';

/*
 * CHAIN's cards: 0 reasoning "I need … I'll ", 1 action "retrieve …", 2 observation "It passes between
 * 00:07 and 00:15.", 3 reasoning " Now I check what he drinks.\n", 4 action "query the segment from
 * 00:15 to 00:22, …", 5 observation "He stops …", 6 reasoning " That matches B.\n", 7 answer.
 */
const L1 = "I need the moment the van passes. I'll <action>retrieve segments where the red van passes the cyclist</action>";
const L2 = '<observation>It passes between 00:07 and 00:15.</observation> Now I check what he drinks.';
const L3 = '<action>query the segment from 00:15 to 00:22, focusing on what the cyclist holds</action>';
const L4 = '<observation>He stops and drinks from a green bottle.</observation> That matches B.';
const L5 = '<answer>B: A green bottle</answer>';
const lines = (...parts: string[]): string => parts.join('\n');

function ok(result: ChainEditResult): string {
  if (!result.ok) assert.fail(`refused: ${result.reason}`);
  return result.chain;
}

function refused(result: ChainEditResult, pattern: RegExp): void {
  if (result.ok) assert.fail(`applied, expected a refusal matching ${pattern}: ${JSON.stringify(result.chain)}`);
  assert.match(result.reason, pattern);
}

/** The edited chain keeps every byte before `from` and from `to` on (indices in the original). */
function preserved(before: string, after: string, from: number, to: number): void {
  assert.equal(after.slice(0, from), before.slice(0, from), 'bytes before the span');
  assert.equal(after.slice(after.length - (before.length - to)), before.slice(to), 'bytes after the span');
}

const errors = (p: ParsedChain): number => p.problems.filter((x) => x.severity === 'error').length;

describe('applyChainEdit', () => {
  const parsed = parseChain(CHAIN);

  it('reads the example chain as the cards the tests assume', () => {
    assert.deepEqual(
      parsed.segments.map((s) => s.kind),
      ['reasoning', 'action', 'observation', 'reasoning', 'action', 'observation', 'reasoning', 'answer'],
    );
  });

  describe('setText', () => {
    it("replaces a card's inner text and keeps every byte outside it", () => {
      const seg = parsed.segments[2];
      const chain = ok(applyChainEdit(CHAIN, { op: 'setText', card: 2, text: 'It passes at 00:09.' }));
      assert.equal(chain, lines(L1, L2.replace('It passes between 00:07 and 00:15.', 'It passes at 00:09.'), L3, L4, L5));
      preserved(CHAIN, chain, seg.innerFrom, seg.innerTo);
      assert.equal(parseChain(chain).segments[2].text, 'It passes at 00:09.');
    });

    it("keeps a reasoning card's outer whitespace when the new text comes trimmed", () => {
      const chain = ok(applyChainEdit(CHAIN, { op: 'setText', card: 3, text: 'Hmm.' }));
      assert.equal(chain, lines(L1, L2.replace(' Now I check what he drinks.', ' Hmm.'), L3, L4, L5));
    });

    it('writes untrimmed text as sent', () => {
      const chain = ok(applyChainEdit(CHAIN, { op: 'setText', card: 3, text: '  Hmm. ' }));
      assert.equal(chain, lines(L1, `${L2.replace(' Now I check what he drinks.', '  Hmm. ')}${L3}`, L4, L5));
    });

    it('keeps the whitespace inside tags around the text', () => {
      const chain = ok(applyChainEdit('<action> look </action><observation>o</observation><answer>B</answer>', { op: 'setText', card: 0, text: 'see' }));
      assert.equal(chain, '<action> see </action><observation>o</observation><answer>B</answer>');
    });

    it('deletes a reasoning card set to empty text', () => {
      const chain = ok(applyChainEdit(CHAIN, { op: 'setText', card: 3, text: '' }));
      assert.equal(chain, ok(applyChainEdit(CHAIN, { op: 'deleteStep', card: 3 })));
      assert.equal(chain, lines(L1, '<observation>It passes between 00:07 and 00:15.</observation>', L3, L4, L5));
    });

    it('answers the same chain for the same text', () => {
      assert.equal(ok(applyChainEdit(CHAIN, { op: 'setText', card: 1, text: parsed.segments[1].text })), CHAIN);
    });

    it('refuses empty text for actions, observations and answers', () => {
      refused(applyChainEdit(CHAIN, { op: 'setText', card: 1, text: '' }), /action cannot be empty/);
      refused(applyChainEdit(CHAIN, { op: 'setText', card: 2, text: '  \n' }), /observation cannot be empty/);
      refused(applyChainEdit(CHAIN, { op: 'setText', card: 7, text: ' ' }), /answer cannot be empty/);
    });

    it('refuses text holding a chain tag, in any case', () => {
      refused(applyChainEdit(CHAIN, { op: 'setText', card: 2, text: 'a <ACTION>b' }), /chain tag <ACTION>/);
      refused(applyChainEdit(CHAIN, { op: 'setText', card: 1, text: 'x</observation>' }), /chain tag <\/observation>/);
      refused(applyChainEdit(CHAIN, { op: 'setText', card: 3, text: '<think>' }), /chain tag <think>/);
      refused(applyChainEdit(CHAIN, { op: 'setText', card: 3, text: 'so <Answer>C</Answer>' }), /chain tag <Answer>/);
    });

    it('allows other angle brackets and unknown tags', () => {
      const chain = ok(applyChainEdit(CHAIN, { op: 'setText', card: 3, text: 'a < b and <b>bold</b> and < action>' }));
      assert.ok(chain.includes(' a < b and <b>bold</b> and < action>\n'));
    });

    it('refuses a card out of range', () => {
      refused(applyChainEdit(CHAIN, { op: 'setText', card: 8, text: 'x' }), /Card 8 does not exist: the chain has 8 cards/);
      refused(applyChainEdit('', { op: 'setText', card: 0, text: 'x' }), /no cards/);
    });
  });

  describe('retime', () => {
    it('re-times a range in its own style and keeps the bytes around it', () => {
      const ref = parsed.segments[2].timeRefs[0];
      const chain = ok(applyChainEdit(CHAIN, { op: 'retime', card: 2, chip: 0, start: 9, end: 20 }));
      assert.equal(chain, CHAIN.replace('between 00:07 and 00:15', 'between 00:09 and 00:20'));
      preserved(CHAIN, chain, ref.from, ref.to);
      const back = parseChain(chain).segments[2].timeRefs[0];
      assert.deepEqual([back.start, back.end], [9, 20]);
    });

    it('turns a range into a point when start equals end', () => {
      const chain = ok(applyChainEdit(CHAIN, { op: 'retime', card: 4, chip: 0, start: 16, end: 16 }));
      assert.equal(chain, CHAIN.replace('from 00:15 to 00:22,', 'from 00:16,'));
    });

    it('keeps brackets, padding, hours and seconds styles', () => {
      const chain = '<action>query [0:07-0:15] and 1:02:03</action><observation>at 12.5s and (01:09)</observation><answer>B</answer>';
      let next = ok(applyChainEdit(chain, { op: 'retime', card: 0, chip: 0, start: 8, end: 9.5 }));
      next = ok(applyChainEdit(next, { op: 'retime', card: 0, chip: 1, start: 3600, end: 3600 }));
      next = ok(applyChainEdit(next, { op: 'retime', card: 1, chip: 0, start: 14, end: 14 }));
      next = ok(applyChainEdit(next, { op: 'retime', card: 1, chip: 1, start: 70, end: 75 }));
      assert.equal(next, '<action>query [0:08-0:09.5] and 1:00:00</action><observation>at 14s and (01:10-01:15)</observation><answer>B</answer>');
    });

    it('refuses an end before the start', () => {
      refused(applyChainEdit(CHAIN, { op: 'retime', card: 2, chip: 0, start: 20, end: 9 }), /end \(9 s\) is before the start \(20 s\)/);
    });

    it('refuses a chip out of range, a card with no chips and a card out of range', () => {
      refused(applyChainEdit(CHAIN, { op: 'retime', card: 2, chip: 1, start: 1, end: 2 }), /Chip 1 does not exist: card 2 has 1 time chip/);
      refused(applyChainEdit(CHAIN, { op: 'retime', card: 1, chip: 0, start: 1, end: 2 }), /Card 1 cites no time/);
      refused(applyChainEdit(CHAIN, { op: 'retime', card: 9, chip: 0, start: 1, end: 2 }), /Card 9 does not exist/);
    });

    it('refuses a time that would not read back where it stands', () => {
      // A clock and a seconds value do not pair, but 400000 s fits no clock: written "400000s", it
      // would join "12s" after it into one range.
      const chain = '<observation>at 00:05 to 12s</observation><answer>B</answer>';
      assert.equal(parseChain(chain).segments[0].timeRefs.length, 2);
      refused(applyChainEdit(chain, { op: 'retime', card: 0, chip: 0, start: 400_000, end: 400_000 }), /"400000s" would not read back as 400000 s/);
      assert.equal(
        ok(applyChainEdit(chain, { op: 'retime', card: 0, chip: 0, start: 6, end: 6 })),
        '<observation>at 00:06 to 12s</observation><answer>B</answer>',
      );
    });
  });

  describe('deleteStep', () => {
    const withoutFirst = lines("I need the moment the van passes. I'll Now I check what he drinks.", L3, L4, L5);

    it('deletes the whole step from its action or its observation, leaving no gap', () => {
      assert.equal(ok(applyChainEdit(CHAIN, { op: 'deleteStep', card: 1 })), withoutFirst);
      assert.equal(ok(applyChainEdit(CHAIN, { op: 'deleteStep', card: 2 })), withoutFirst);
    });

    it('deletes a later step and keeps the stronger separator', () => {
      const chain = ok(applyChainEdit(CHAIN, { op: 'deleteStep', card: 4 }));
      assert.equal(chain, lines(L1, L2, 'That matches B.', L5));
      preserved(CHAIN, chain, parsed.segments[4].from, parsed.segments[5].to + 1);
    });

    it('deletes a card that is no step alone: reasoning or the answer', () => {
      assert.equal(
        ok(applyChainEdit(CHAIN, { op: 'deleteStep', card: 6 })),
        lines(L1, L2, L3, '<observation>He stops and drinks from a green bottle.</observation>', L5),
      );
      assert.equal(ok(applyChainEdit(CHAIN, { op: 'deleteStep', card: 7 })), lines(L1, L2, L3, L4));
    });

    it('deletes a last step and keeps the chain trailing newline', () => {
      const chain = 'Look.\n<action>a</action>\n<observation>o</observation>\n';
      assert.equal(ok(applyChainEdit(chain, { op: 'deleteStep', card: 1 })), 'Look.\n');
    });

    it('keeps prose standing between an action and its observation', () => {
      const chain = '<action>a</action> hmm <observation>o</observation>\n<answer>B</answer>';
      assert.equal(ok(applyChainEdit(chain, { op: 'deleteStep', card: 0 })), 'hmm\n<answer>B</answer>');
    });

    it('leaves one blank line between steps written with blank lines', () => {
      const chain =
        '<action>a</action>\n<observation>o</observation>\n\n<action>b</action>\n<observation>p</observation>\n\n<action>c</action>\n<observation>q</observation>\n\n<answer>X</answer>';
      assert.equal(
        ok(applyChainEdit(chain, { op: 'deleteStep', card: 2 })),
        '<action>a</action>\n<observation>o</observation>\n\n<action>c</action>\n<observation>q</observation>\n\n<answer>X</answer>',
      );
    });

    it('deletes an orphan action or observation', () => {
      const chain = '<action>a</action> <action>b</action><observation>p</observation> <observation>q</observation><answer>X</answer>';
      assert.equal(
        ok(applyChainEdit(chain, { op: 'deleteStep', card: 0 })),
        '<action>b</action><observation>p</observation> <observation>q</observation><answer>X</answer>',
      );
      assert.equal(
        ok(applyChainEdit(chain, { op: 'deleteStep', card: 3 })),
        '<action>a</action> <action>b</action><observation>p</observation> <answer>X</answer>',
      );
    });

    it('refuses a card out of range and a card holding only think tags', () => {
      refused(applyChainEdit(CHAIN, { op: 'deleteStep', card: 8 }), /Card 8 does not exist/);
      const think = '<think>\n<action>a</action><observation>o</observation>\n</think><answer>B</answer>';
      assert.equal(parseChain(think).segments[0].text, '\n');
      refused(applyChainEdit(think, { op: 'deleteStep', card: 0 }), /only <think> tags/);
      assert.equal(ok(applyChainEdit(think, { op: 'deleteStep', card: 1 })), '<think>\n</think><answer>B</answer>');
    });
  });

  describe('insertStep', () => {
    const step = '<action>A</action>\n<observation>O</observation>';

    it("inserts after a card's whole step, separated like the chain's steps", () => {
      const expected = lines(L1, `<observation>It passes between 00:07 and 00:15.</observation>\n${step} Now I check what he drinks.`, L3, L4, L5);
      assert.equal(ok(applyChainEdit(CHAIN, { op: 'insertStep', after: 2, action: 'A', observation: 'O' })), expected);
      assert.equal(ok(applyChainEdit(CHAIN, { op: 'insertStep', after: 1, action: 'A', observation: 'O' })), expected);
      const at = parsed.segments[2].to;
      preserved(CHAIN, expected, at, at);
    });

    it('inserts before the first card', () => {
      assert.equal(ok(applyChainEdit(CHAIN, { op: 'insertStep', after: -1, action: 'A', observation: 'O' })), `${step}\n${CHAIN}`);
    });

    it('inserts after a reasoning card and after the answer', () => {
      assert.equal(ok(applyChainEdit(CHAIN, { op: 'insertStep', after: 3, action: 'A', observation: 'O' })), lines(L1, `${L2}\n${step}`, L3, L4, L5));
      assert.equal(ok(applyChainEdit(CHAIN, { op: 'insertStep', after: 7, action: 'A', observation: 'O' })), `${CHAIN}\n${step}`);
    });

    it("uses the chain's tag case", () => {
      const chain = '<Action>a</Action>\n<Observation>o</Observation>\n<Answer>B</Answer>';
      assert.equal(
        ok(applyChainEdit(chain, { op: 'insertStep', after: 1, action: 'A', observation: 'O' })),
        '<Action>a</Action>\n<Observation>o</Observation>\n<Action>A</Action>\n<Observation>O</Observation>\n<Answer>B</Answer>',
      );
      assert.equal(
        ok(applyChainEdit('<ANSWER>B</ANSWER>', { op: 'insertStep', after: -1, action: 'A', observation: 'O' })),
        '<ACTION>A</ACTION>\n<OBSERVATION>O</OBSERVATION>\n<ANSWER>B</ANSWER>',
      );
    });

    it("uses the chain's separators: blank lines, spaces or nothing", () => {
      const blank = '<action>a</action>\n<observation>o</observation>\n\n<action>b</action>\n<observation>p</observation>\n\n<answer>X</answer>';
      assert.equal(
        ok(applyChainEdit(blank, { op: 'insertStep', after: 1, action: 'A', observation: 'O' })),
        '<action>a</action>\n<observation>o</observation>\n\n<action>A</action>\n<observation>O</observation>\n\n<action>b</action>\n<observation>p</observation>\n\n<answer>X</answer>',
      );
      const spaced = '<action>a</action> <observation>o</observation> <action>b</action> <observation>p</observation> <answer>X</answer>';
      assert.equal(
        ok(applyChainEdit(spaced, { op: 'insertStep', after: 3, action: 'A', observation: 'O' })),
        '<action>a</action> <observation>o</observation> <action>b</action> <observation>p</observation> <action>A</action> <observation>O</observation> <answer>X</answer>',
      );
      const tight = '<action>a</action><observation>o</observation><action>b</action><observation>p</observation><answer>X</answer>';
      assert.equal(
        ok(applyChainEdit(tight, { op: 'insertStep', after: 0, action: 'A', observation: 'O' })),
        '<action>a</action><observation>o</observation><action>A</action><observation>O</observation><action>b</action><observation>p</observation><answer>X</answer>',
      );
    });

    it('keeps CRLF line endings', () => {
      const chain = '<action>a</action>\r\n<observation>o</observation>\r\n<answer>X</answer>';
      assert.equal(
        ok(applyChainEdit(chain, { op: 'insertStep', after: 1, action: 'A', observation: 'O' })),
        '<action>a</action>\r\n<observation>o</observation>\r\n<action>A</action>\r\n<observation>O</observation>\r\n<answer>X</answer>',
      );
    });

    it('inserts into an empty chain', () => {
      assert.equal(ok(applyChainEdit('', { op: 'insertStep', after: -1, action: 'A', observation: 'O' })), step);
    });

    it('refuses empty text, chain tags and a card out of range', () => {
      refused(applyChainEdit(CHAIN, { op: 'insertStep', after: 1, action: ' ', observation: 'O' }), /action cannot be empty/);
      refused(applyChainEdit(CHAIN, { op: 'insertStep', after: 1, action: 'A', observation: '' }), /observation cannot be empty/);
      refused(applyChainEdit(CHAIN, { op: 'insertStep', after: 1, action: 'A </Action>', observation: 'O' }), /chain tag <\/Action>/);
      refused(applyChainEdit(CHAIN, { op: 'insertStep', after: 8, action: 'A', observation: 'O' }), /Card 8 does not exist/);
    });
  });

  describe('moveStep', () => {
    const swapped = lines(
      "I need the moment the van passes. I'll <action>query the segment from 00:15 to 00:22, focusing on what the cyclist holds</action>",
      '<observation>He stops and drinks from a green bottle.</observation> Now I check what he drinks.',
      '<action>retrieve segments where the red van passes the cyclist</action>',
      '<observation>It passes between 00:07 and 00:15.</observation> That matches B.',
      L5,
    );

    it('swaps the text spans of two adjacent steps, from either card and either side', () => {
      assert.equal(ok(applyChainEdit(CHAIN, { op: 'moveStep', card: 4, direction: -1 })), swapped);
      assert.equal(ok(applyChainEdit(CHAIN, { op: 'moveStep', card: 5, direction: -1 })), swapped);
      assert.equal(ok(applyChainEdit(CHAIN, { op: 'moveStep', card: 1, direction: 1 })), swapped);
      assert.equal(ok(applyChainEdit(swapped, { op: 'moveStep', card: 1, direction: 1 })), CHAIN);
    });

    it('refuses the first step up, the last step down and cards without a step', () => {
      refused(applyChainEdit(CHAIN, { op: 'moveStep', card: 1, direction: -1 }), /first step: it cannot move up/);
      refused(applyChainEdit(CHAIN, { op: 'moveStep', card: 5, direction: 1 }), /last step: it cannot move down/);
      refused(applyChainEdit(CHAIN, { op: 'moveStep', card: 3, direction: 1 }), /not an action\/observation step/);
      refused(applyChainEdit(CHAIN, { op: 'moveStep', card: 7, direction: -1 }), /an answer, not an action\/observation step/);
      refused(applyChainEdit(CHAIN, { op: 'moveStep', card: 8, direction: -1 }), /Card 8 does not exist/);
    });

    it('refuses a move that would break the markup', () => {
      // The first step's span holds the <think> that the second step's </think> closes.
      const chain = '<action>a1</action><think>t <observation>o1</observation></think> <action>a2</action><observation>o2</observation><answer>B</answer>';
      const before = parseChain(chain);
      assert.equal(errors(before), 0);
      assert.equal(before.steps.length, 2);
      refused(applyChainEdit(chain, { op: 'moveStep', card: 4, direction: -1 }), /would break the chain's markup/);
    });
  });

  describe('setAnswer', () => {
    it("replaces the last answer's inner text", () => {
      const chain = ok(applyChainEdit(CHAIN, { op: 'setAnswer', answer: 'C' }));
      assert.equal(chain, lines(L1, L2, L3, L4, '<answer>C</answer>'));
      const two = '<answer>A</answer> no wait <answer> B </answer>';
      assert.equal(ok(applyChainEdit(two, { op: 'setAnswer', answer: 'C' })), '<answer>A</answer> no wait <answer> C </answer>');
    });

    it('appends an answer on a new line when there is none', () => {
      assert.equal(ok(applyChainEdit(lines(L1, L2), { op: 'setAnswer', answer: 'C' })), lines(L1, L2, '<answer>C</answer>'));
      assert.equal(ok(applyChainEdit(`${L1}\n`, { op: 'setAnswer', answer: 'C' })), `${L1}\n<answer>C</answer>`);
      assert.equal(ok(applyChainEdit('', { op: 'setAnswer', answer: 'C' })), '<answer>C</answer>');
      assert.equal(ok(applyChainEdit('<Think>t</Think>', { op: 'setAnswer', answer: 'C' })), '<Think>t</Think>\n<Answer>C</Answer>');
    });

    it('refuses an empty answer and chain tags', () => {
      refused(applyChainEdit(CHAIN, { op: 'setAnswer', answer: ' ' }), /answer cannot be empty/);
      refused(applyChainEdit(CHAIN, { op: 'setAnswer', answer: '</answer>' }), /chain tag/);
    });
  });

  it('refuses a malformed edit', () => {
    refused(applyChainEdit(CHAIN, { op: 'explode' } as unknown as ChainEdit), /Malformed edit/);
    refused(applyChainEdit(CHAIN, { op: 'deleteStep', card: -1 }), /Malformed edit \(card:/);
    refused(applyChainEdit(CHAIN, { op: 'retime', card: 2, chip: 0, start: Number.NaN, end: 1 }), /Malformed edit/);
    refused(applyChainEdit(undefined as unknown as string, { op: 'setAnswer', answer: 'B' }), /no chain text/);
  });

  describe('fuzz', () => {
    const random = prng(0x5eed);
    const int = (n: number): number => Math.floor(random() * n);
    const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
    const clock = (s: number): string => `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
    const time = (): string => {
      const a = int(600);
      const b = a + 1 + int(60);
      return pick([
        `at ${clock(a)}`,
        `from ${clock(a)} to ${clock(b)}`,
        `[${clock(a)}-${clock(b)}]`,
        `around ${a}.5s`,
        `between ${a} and ${b} seconds`,
        'somewhere',
      ]);
    };
    const words = ['the', 'man', 'puts', 'a', 'key', 'in', 'drawer', 'then', 'leaves', 'red', 'van', 'cyclist', 'drinks'];
    const sentence = (): string => `${Array.from({ length: 2 + int(6) }, () => pick(words)).join(' ')} ${time()}.`;

    function generate(): string {
      const name = pick([(t: string) => t, (t: string) => t[0].toUpperCase() + t.slice(1), (t: string) => t.toUpperCase()]);
      const tag = (t: string, body: string): string => `<${name(t)}>${body}</${name(t)}>`;
      const between = pick(['\n', '\n\n', ' ', '']);
      const inside = pick(['\n', ' ', '']);
      const parts: string[] = [];
      if (random() < 0.7) parts.push(sentence());
      const steps = int(7);
      for (let i = 0; i < steps; i++) {
        const action = tag('action', random() < 0.5 ? `query the segment ${time()}` : `retrieve segments where ${sentence()}`);
        parts.push(random() < 0.1 ? action : action + inside + tag('observation', sentence()));
        if (random() < 0.4) parts.push(sentence());
      }
      if (random() < 0.8) parts.push(tag('answer', pick(['A', 'B', 'C: the drawer'])));
      let chain = parts.join(between);
      if (random() < 0.15) chain = `<think>${chain}</think>`;
      if (random() < 0.1) chain += `${between}<${name('observation')}>${sentence()}`; // unclosed, at the end
      return chain;
    }

    /** Each step as its cards' `kind:text` (an unclosed card trimmed: it runs up to whatever follows it). */
    const stepTexts = (p: ParsedChain): string[][] =>
      p.steps.map((s) => [s.action, s.observation].filter((x) => x !== undefined).map((x) => `${x.kind}:${x.closed ? x.text : x.text.trim()}`));
    let inserted = 0;
    const randomEdit = (p: ParsedChain): ChainEdit => {
      const n = p.segments.length;
      const card = int(n + 1);
      switch (int(6)) {
        case 0:
          return { op: 'setText', card, text: random() < 0.1 ? '' : sentence() };
        case 1: {
          const chips = p.segments[card]?.timeRefs.length ?? 0;
          const start = int(3000) + (random() < 0.3 ? 0.5 : 0);
          return { op: 'retime', card, chip: int(chips + 1), start, end: random() < 0.3 ? start : start + int(100) - 5 };
        }
        case 2:
          return { op: 'deleteStep', card };
        case 3:
          return {
            op: 'insertStep',
            after: int(n + 1) - 1,
            action: `new ${++inserted}: query the segment ${time()}`,
            observation: `new ${inserted}: ${sentence()}`,
          };
        case 4:
          return { op: 'moveStep', card, direction: random() < 0.5 ? -1 : 1 };
        default:
          return { op: 'setAnswer', answer: pick(['A', 'D', 'E: the van']) };
      }
    };

    it('keeps random chains parseable and untouched steps exact under random edits', () => {
      let applied = 0;
      let refusals = 0;
      for (let round = 0; round < 400; round++) {
        let chain = generate();
        for (let k = 0; k < 6; k++) {
          const before = parseChain(chain);
          const edit = randomEdit(before);
          const result = applyChainEdit(chain, edit);
          const context = `round ${round}, ${JSON.stringify(edit)} on ${JSON.stringify(chain)}`;
          if (!result.ok) {
            assert.ok(result.reason.length > 10, context);
            refusals++;
            continue;
          }
          applied++;
          const after = parseChain(result.chain);
          assert.ok(errors(after) <= errors(before), `more errors: ${context}`);
          const was = stepTexts(before);
          // Compared flat: moving or deleting a lone action or observation may pair it with a neighbour.
          const now = stepTexts(after).flat();
          const segment = 'card' in edit ? before.segments[edit.card] : undefined;
          const stepIndex = segment === undefined ? -1 : before.steps.findIndex((s) => s.action === segment || s.observation === segment);
          switch (edit.op) {
            case 'setText':
            case 'retime': {
              const edited = stepIndex < 0 ? was : was.map((step, i) => (i === stepIndex ? step.map(() => '*') : step));
              assert.equal(now.length, edited.flat().length, context);
              edited.flat().forEach((t, i) => t === '*' || assert.equal(now[i], t, context));
              if (edit.op === 'retime' || edit.text.trim() !== '') preserved(chain, result.chain, segment!.innerFrom, segment!.innerTo);
              break;
            }
            case 'deleteStep':
              assert.deepEqual(now, (stepIndex < 0 ? was : was.filter((_, i) => i !== stepIndex)).flat(), context);
              break;
            case 'insertStep': {
              const flat = was.flat();
              assert.equal(now.length, flat.length + 2, context);
              const added = now.findIndex((t, i) => t !== flat[i]);
              assert.deepEqual(now.slice(added, added + 2), [`action:${edit.action}`, `observation:${edit.observation}`], context);
              assert.deepEqual([...now.slice(0, added), ...now.slice(added + 2)], flat, context);
              break;
            }
            case 'moveStep': {
              const other = stepIndex + edit.direction;
              const expected = [...was];
              [expected[stepIndex], expected[other]] = [was[other], was[stepIndex]];
              assert.deepEqual(now, expected.flat(), context);
              break;
            }
            case 'setAnswer':
              assert.deepEqual(now, was.flat(), context);
              assert.equal(after.answer, edit.answer, context);
              break;
          }
          chain = result.chain;
        }
      }
      // Both paths ran a fair number of times.
      assert.ok(applied > 1000, `applied ${applied}`);
      assert.ok(refusals > 100, `refused ${refusals}`);
    });
  });
});
