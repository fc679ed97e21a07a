/**
 * r_fmt offline: 1 iff the chain's tags are present, paired and well-formed (docs "The O&R reward",
 * point 5). The trainer's exact rule is unpublished, so this is the strict reading of the grammar: every
 * parser problem counts, plus "no steps" and "text after the answer". It runs on every chain of a
 * dataset, so it costs one parseChain call and a scan of the tail.
 */
import { parseChain, type ChainProblemCode, type ParsedChain } from '../../../shared/chain/parseChain';
import type { FormatCheck, FormatFailure, FormatFailureCode } from '../../../shared/rewards/scores';

export interface FormatOptions {
  /** At least one action/observation step is needed (default true); false for Video-R1 style `<think>` chains. */
  requireSteps?: boolean;
}

/** Every parser problem is a format failure of the same name (compile-time exhaustive). */
const FAILURE_OF: Record<ChainProblemCode, FormatFailureCode> = {
  'unclosed-tag': 'unclosed-tag',
  'nested-tag': 'nested-tag',
  'stray-closing-tag': 'stray-closing-tag',
  'observation-without-action': 'observation-without-action',
  'action-without-observation': 'action-without-observation',
  'missing-answer': 'missing-answer',
  'multiple-answers': 'multiple-answers',
  'empty-tag': 'empty-tag',
  'unknown-tag': 'unknown-tag',
};

/**
 * "line 3, column 7" (1-based) of an offset: people read chains by lines, not UTF-16 indices. The line
 * starts are found once per failing chain, so many failures stay cheap.
 */
function locator(chain: string): (offset: number) => string {
  let starts: number[] | undefined;
  return (offset) => {
    // Stryker disable next-line ConditionalExpression: recomputing the line starts on every call gives the same starts (a cache only)
    if (starts === undefined) {
      starts = [0];
      for (let i = chain.indexOf('\n'); i >= 0; i = chain.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    // Stryker disable next-line ArithmeticOperator: indices past the end read undefined, which never passes `<= offset`, so lo ends the same
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return `line ${lo + 1}, column ${offset - starts[lo] + 1}`;
  };
}

/** The tag as written at `from` ("<Observation>"), so messages quote the chain itself. */
function tagAt(chain: string, from: number): string {
  const end = chain.indexOf('>', from);
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: every quoted offset is a tag's '<', so its '>' follows
  return chain[from] === '<' && end > from && end - from <= 64 ? chain.slice(from, end + 1) : chain.slice(from, from + 20);
}

function failureMessage(chain: string, where: (offset: number) => string, parsed: ParsedChain, code: ChainProblemCode, from: number, to: number): string {
  const tag = tagAt(chain, from);
  const at = where(from);
  switch (code) {
    case 'unclosed-tag':
      return `${tag} at ${at} is never closed.`;
    case 'nested-tag': {
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: disjoint ordered segments: the first reaching `to` holds it
      const outer = parsed.segments.find((s) => s.kind !== 'reasoning' && s.from < from && to <= s.to);
      return outer === undefined
        ? // Stryker disable next-line StringLiteral: unreachable when parsed = parseChain(chain), whose nested tags always lie in a segment
          `${tag} at ${at} is nested inside another tag.`
        : `${tag} at ${at} is nested inside the ${tagAt(chain, outer.from)} opened at ${where(outer.from)}.`;
    }
    case 'stray-closing-tag':
      return `${tag} at ${at} closes nothing.`;
    case 'observation-without-action':
      return `${tag} at ${at} follows no <action>.`;
    case 'action-without-observation':
      return `${tag} at ${at} has no <observation> after it.`;
    case 'missing-answer':
      return 'The chain has no <answer> tag.';
    case 'multiple-answers':
      return `${tag} at ${at} is not the only <answer>: exactly one is allowed.`;
    case 'empty-tag':
      return `${tag} at ${at} is empty.`;
    case 'unknown-tag':
      return `Unknown tag ${tag} at ${at}.`;
  }
}

/**
 * The format check of an already parsed chain, for callers that parse once and reuse the steps
 * (`parsed` must be `parseChain(chain)`).
 */
export function checkParsedFormat(chain: string, parsed: ParsedChain, options?: FormatOptions): FormatCheck {
  const where = locator(chain);
  const failures: FormatFailure[] = parsed.problems.map((p) => ({
    code: FAILURE_OF[p.code],
    message: failureMessage(chain, where, parsed, p.code, p.from, p.to),
    from: p.from,
    to: p.to,
  }));

  if ((options?.requireSteps ?? true) && parsed.steps.length === 0) {
    failures.push({
      code: 'no-steps',
      message: 'The chain has no <action>/<observation> step (a ReWatch chain needs at least one).',
      from: 0,
      to: 0,
    });
  }

  // Text after the closing tag of the last answer: the answer must end the chain.
  let lastAnswer: ParsedChain['segments'][number] | undefined;
  for (let i = parsed.segments.length - 1; i >= 0; i--) {
    if (parsed.segments[i].kind === 'answer') {
      lastAnswer = parsed.segments[i];
      break;
    }
  }
  const tail = lastAnswer?.closed === true ? tailAfter(chain, lastAnswer.to) : null;
  if (tail !== null) {
    const [from, to] = tail;
    const shown = to - from > 40 ? `${chain.slice(from, from + 40)}…` : chain.slice(from, to);
    failures.push({
      code: 'text-after-answer',
      message: `Text after </answer> at ${where(from)}: ${JSON.stringify(shown)}.`,
      from,
      to,
    });
  }

  failures.sort((a, b) => a.from - b.from);
  return { score: failures.length === 0 ? 1 : 0, failures };
}

/** r_fmt of a chain, with every reason it is 0. */
export function checkFormat(chain: string, options?: FormatOptions): FormatCheck {
  const text = typeof chain === 'string' ? chain : '';
  return checkParsedFormat(text, parseChain(text), options);
}

/** The span of the non-whitespace text after `end` (trimmed), or null when there is none. */
function tailAfter(chain: string, end: number): [number, number] | null {
  let from = end;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: charCodeAt past the end is NaN, which isSpace rejects
  while (from < chain.length && isSpace(chain.charCodeAt(from))) from++;
  if (from >= chain.length) return null;
  let to = chain.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: chain[from] is not a space, so `to` stops at from + 1 anyway
  while (to > from && isSpace(chain.charCodeAt(to - 1))) to--;
  return [from, to];
}

const CLOSING_ANSWER = /<\/answer>/gi;

/**
 * Whether non-whitespace text follows the last `</answer>`, without parsing: for callers that already
 * know the chain has no markup problems (then the last `</answer>` closes the last answer, and this
 * agrees with checkFormat's text-after-answer).
 */
export function hasTextAfterAnswer(chain: string): boolean {
  if (typeof chain !== 'string') return false;
  let end = -1;
  CLOSING_ANSWER.lastIndex = 0;
  for (let m = CLOSING_ANSWER.exec(chain); m !== null; m = CLOSING_ANSWER.exec(chain)) end = m.index + m[0].length;
  // Stryker disable next-line EqualityOperator: end is -1 or at least 9 (the end of a `</answer>`), never 0
  return end >= 0 && tailAfter(chain, end) !== null;
}

/** Whitespace exactly as String.prototype.trim sees it (ECMAScript WhiteSpace and LineTerminator). */
function isSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0xfeff ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}
