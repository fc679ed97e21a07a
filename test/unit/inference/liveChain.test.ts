import { strict as assert } from 'node:assert';
import { LiveChain } from '../../../src/core/inference/liveChain';
import type { LiveTag } from '../../../src/core/inference/liveChain';
import { parseChain } from '../../../shared/chain/parseChain';

const CHAIN =
  "I need the moment the van passes. I'll <action>retrieve segments where the red van passes the cyclist</action>\n" +
  '<observation>It passes between 00:07 and 00:15.</observation> Now I check what he drinks.\n' +
  '<action>query the segment from 00:15 to 00:22, focusing on what the cyclist holds</action>\n' +
  '<observation>He stops and drinks from a green bottle.</observation> That matches B.\n' +
  '<answer>B</answer>';

/** Splits text into pieces of 1–5 characters (tags split anywhere), deterministically. */
function pieces(text: string): string[] {
  const out: string[] = [];
  for (let i = 0, n = 0; i < text.length; n++) {
    const size = 1 + ((n * 7) % 5);
    out.push(text.slice(i, i + size));
    i += size;
  }
  return out;
}

/** The tag open at the end of `prefix`, by a plain reading of the whole prefix (the reference). */
function openAt(prefix: string): LiveTag | null {
  let open: LiveTag | null = null;
  for (const m of prefix.matchAll(/<(\/?)(action|observation|answer)>/g)) {
    if (m[1] === '') open = m[2] as LiveTag;
    else if (open === m[2]) open = null;
  }
  return open;
}

describe('LiveChain', () => {
  it('accumulates deltas into the text and counts them as tokens (empty deltas ignored)', () => {
    const chain = new LiveChain(0);
    const parts = pieces(CHAIN);
    for (const p of parts) chain.push(p);
    chain.push('');
    assert.equal(chain.text, CHAIN);
    assert.equal(chain.tokens, parts.length);
  });

  it('tracks the open tag and the steps as tags arrive split across deltas', () => {
    const chain = new LiveChain(0);
    let prefix = '';
    for (const p of pieces(CHAIN)) {
      chain.push(p);
      prefix += p;
      assert.equal(chain.openTag, openAt(prefix), `after ${JSON.stringify(prefix.slice(-30))}`);
    }
    assert.equal(chain.steps, 2);
    assert.equal(chain.steps, parseChain(CHAIN).steps.length);
    assert.equal(chain.openTag, null);
  });

  it('is inside <observation> mid-observation, and counts a step at its <action>', () => {
    const chain = new LiveChain(0);
    chain.push('Look. <act');
    assert.equal(chain.openTag, null);
    assert.equal(chain.steps, 0);
    chain.push('ion>retrieve segments where x</action><observ');
    assert.equal(chain.steps, 1);
    assert.equal(chain.openTag, null);
    chain.push('ation>It is at 00:03');
    assert.equal(chain.openTag, 'observation');
    assert.equal(chain.steps, 1);
    chain.push('.</observation><observation>orphan');
    assert.equal(chain.steps, 2, 'an observation with no action before it is a step of its own');
    chain.push('</observation><answer>B');
    assert.equal(chain.openTag, 'answer');
    chain.push('</ANSWER>');
    assert.equal(chain.openTag, null, 'tags match case-insensitively');
  });

  it('reports think while inside <think>, and an unclosed tag ends with </think>', () => {
    const chain = new LiveChain(0);
    chain.push('<think>Hmm');
    assert.equal(chain.openTag, 'think');
    chain.push('<action>query');
    assert.equal(chain.openTag, 'action');
    chain.push('</think>');
    assert.equal(chain.openTag, null);
  });

  it('parses lazily and caches until the next push', () => {
    const chain = new LiveChain(0);
    chain.push('<action>a</action><observation>b</observation>');
    const first = chain.parsed();
    assert.equal(chain.parsed(), first);
    assert.equal(first.steps.length, 1);
    assert.equal(first.answer, undefined);
    chain.push('<answer>C</answer>');
    const second = chain.parsed();
    assert.notEqual(second, first);
    assert.equal(second.answer, 'C');
  });

  it('computes time to first token and tokens per second', () => {
    const chain = new LiveChain(1000);
    assert.deepEqual(chain.stats(1200), { ttftMs: null, tokens: 0, tokensPerSecond: null });
    chain.push('a', 1500);
    assert.deepEqual(chain.stats(1600), { ttftMs: 500, tokens: 1, tokensPerSecond: null });
    for (const t of [2000, 2500, 3000, 3500]) chain.push('b', t);
    assert.deepEqual(chain.stats(3500), { ttftMs: 500, tokens: 5, tokensPerSecond: 2 });
    chain.setUsageTokens(9);
    assert.deepEqual(chain.stats(3500), { ttftMs: 500, tokens: 9, tokensPerSecond: 4 });
    assert.equal(chain.tokens, 5, 'tokens stays the deltas counted');
    chain.setUsageTokens(null);
    assert.equal(chain.stats(3500).tokens, 5);
  });

  // How fast pushes are (linear in the delta, no re-parse) is measured in bench/liveChain.bench.ts, against a same-run baseline.
  it('follows a long stream of one-character deltas: every step counted, the text whole, no tag left open', () => {
    const long = `${CHAIN}\n`.repeat(400);
    const chain = new LiveChain(0);
    for (const ch of long) chain.push(ch, 1);
    assert.equal(chain.steps, 800, 'two steps in each of the 400 copies');
    assert.equal(chain.text, long);
    assert.equal(chain.tokens, long.length);
    assert.equal(chain.openTag, null);
  });
});
