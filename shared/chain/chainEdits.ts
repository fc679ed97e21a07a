/**
 * Applying one `ChainEdit` (shared/edit/edits.ts) to a chain's text. Pure and browser-safe.
 *
 * Decisions:
 * - The original string is spliced, never rebuilt: every byte outside the edited span stays as it was.
 * - Cards are `parseChain(chain).segments`, in order (the sample view's cards); a step is a
 *   `ChainStep` (an action and its observation, or an orphan of either).
 * - setText / setAnswer keep the replaced text's outer whitespace when the new text has none at that
 *   end (a card's text is shown untrimmed, but an editor may send it trimmed). Empty text is refused
 *   for actions, observations and answers; an empty reasoning card is deleted like deleteStep does.
 * - deleteStep cuts the step's segments (and a reasoning card's trimmed text) with one whitespace run
 *   next to each: the one after it, unless the one before holds more line breaks or the cut reaches the
 *   end of the chain, so no blank gap is left and the stronger separator stays.
 * - insertStep separates the new step like the chain separates its steps (the whitespace runs next to
 *   existing steps, by vote: "\n\n", "\n", " " or nothing) and spells the tags like the chain does.
 * - Refused, with a reason a person can read: a malformed edit, a card/chip/step out of range, retime
 *   end < start, new text holding a chain tag, empty action/observation/answer text, a move of a step
 *   with an unclosed tag or a deletion right after one (an unclosed tag runs up to the next opening tag,
 *   so either would change that card's text), and any result with more error-severity parse problems
 *   than the input.
 */
import { ChainEdit } from './chainSchemas';
import type { ChainEditResult } from './chainSchemas';
import { formatTimeLike } from './formatTimeRef';
import { parseChain } from './parseChain';
import type { ChainSegment, ChainStep, ParsedChain } from './parseChain';

type Result = ChainEditResult;

const refuse = (reason: string): Result => ({ ok: false, reason });

/** The tags the chain parser knows, opening or closing, any case, as it reads them (no inner spaces). */
const CHAIN_TAG = /<\/?(?:action|observation|answer|think)>/i;

function tagProblem(text: string, what: string): string | undefined {
  const match = CHAIN_TAG.exec(text);
  return match === null ? undefined : `The ${what} contains the chain tag ${match[0]}: tags are added by the editor, remove it from the text.`;
}

const isSpace = (c: string): boolean => /\s/.test(c);
const newlines = (s: string): number => (s.match(/\n/g) ?? []).length;

interface Cut {
  from: number;
  to: number;
}

/** Content [from, to) plus one neighbouring whitespace run, chosen so no blank gap is left. */
function cutWithSpace(text: string, from: number, to: number): Cut {
  let before = from;
  while (before > 0 && isSpace(text[before - 1])) before--;
  let after = to;
  while (after < text.length && isSpace(text[after])) after++;
  if (after === text.length) return { from: before, to }; // keep the chain's own trailing whitespace
  if (before === 0) return { from, to: after };
  if (newlines(text.slice(before, from)) < newlines(text.slice(to, after))) return { from: before, to };
  return { from, to: after };
}

/** The span of a card's content: a tagged segment whole, a reasoning card's trimmed text (its think tags stay). */
function contentOf(segment: ChainSegment): Cut {
  if (segment.kind !== 'reasoning') return { from: segment.from, to: segment.to };
  const lead = segment.text.length - segment.text.trimStart().length;
  const trail = segment.text.length - segment.text.trimEnd().length;
  return { from: segment.innerFrom + lead, to: Math.max(segment.innerFrom + lead, segment.innerTo - trail) };
}

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

const errorCount = (parsed: ParsedChain): number => parsed.problems.filter((p) => p.severity === 'error').length;

/** The new chain, unless it has more markup errors than the old one. */
function checked(before: ParsedChain, chain: string): Result {
  const after = parseChain(chain);
  if (errorCount(after) > errorCount(before)) {
    const known = new Set(before.problems.filter((p) => p.severity === 'error').map((p) => p.message));
    const added = after.problems.find((p) => p.severity === 'error' && !known.has(p.message)) ?? after.problems.find((p) => p.severity === 'error');
    return refuse(`The edit would break the chain's markup${added === undefined ? '' : `: ${added.message}`}`);
  }
  return { ok: true, chain };
}

function cardProblem(parsed: ParsedChain, card: number): string | undefined {
  const count = parsed.segments.length;
  if (card < count) return undefined;
  return count === 0
    ? `Card ${card} does not exist: the chain has no cards.`
    : `Card ${card} does not exist: the chain has ${count} card${count === 1 ? '' : 's'} (0–${count - 1}).`;
}

const KIND_NAMES: Record<ChainSegment['kind'], string> = {
  reasoning: 'reasoning',
  think: 'think block',
  action: 'action',
  observation: 'observation',
  answer: 'answer',
};

function stepOf(parsed: ParsedChain, segment: ChainSegment): ChainStep | undefined {
  return parsed.steps.find((s) => s.action === segment || s.observation === segment);
}

/** The step's segments in text order. */
const stepSegments = (step: ChainStep): ChainSegment[] =>
  [step.action, step.observation].filter((s): s is ChainSegment => s !== undefined).sort((a, b) => a.from - b.from);

/** `text` with the outer whitespace of `old` where `text` has none at that end. */
function keepOuterSpace(old: string, text: string): string {
  const lead = old.slice(0, old.length - old.trimStart().length);
  const trail = old.slice(old.trimEnd().length);
  const start = text.length > 0 && isSpace(text[0]) ? '' : lead;
  const end = text.length > 0 && isSpace(text[text.length - 1]) ? '' : trail;
  // Whitespace-only old text: keep it once.
  if (old.trim() === '') return text.length > 0 && (isSpace(text[0]) || isSpace(text[text.length - 1])) ? text : lead + text;
  return start + text + end;
}

function deleteCuts(chain: string, segments: readonly ChainSegment[]): string {
  // Segments separated by whitespace only are one piece; anything else between them stays.
  const pieces: Cut[] = [];
  for (const segment of segments) {
    const content = contentOf(segment);
    const last = pieces[pieces.length - 1];
    if (last !== undefined && chain.slice(last.to, content.from).trim() === '') last.to = content.to;
    else pieces.push({ ...content });
  }
  let out = chain;
  for (const piece of pieces.reverse()) {
    const cut = cutWithSpace(out, piece.from, piece.to);
    out = splice(out, cut.from, cut.to, '');
  }
  return out;
}

function setText(chain: string, parsed: ParsedChain, card: number, text: string): Result {
  const problem = cardProblem(parsed, card);
  if (problem !== undefined) return refuse(problem);
  const segment = parsed.segments[card];
  const name = KIND_NAMES[segment.kind];
  const tag = tagProblem(text, `new ${name} text`);
  if (tag !== undefined) return refuse(tag);
  if (text.trim() === '') {
    if (segment.kind === 'action' || segment.kind === 'observation' || segment.kind === 'answer') {
      return refuse(`The ${name} cannot be empty: delete the step instead.`);
    }
    if (segment.kind === 'reasoning') {
      if (segment.text.trim() === '') return { ok: true, chain };
      return checked(parsed, deleteCuts(chain, [segment]));
    }
  }
  const next = keepOuterSpace(segment.text, text);
  if (next === segment.text) return { ok: true, chain };
  return checked(parsed, splice(chain, segment.innerFrom, segment.innerTo, next));
}

function retime(chain: string, parsed: ParsedChain, card: number, chip: number, start: number, end: number): Result {
  const problem = cardProblem(parsed, card);
  if (problem !== undefined) return refuse(problem);
  const segment = parsed.segments[card];
  const count = segment.timeRefs.length;
  if (chip >= count) {
    return refuse(
      count === 0
        ? `Card ${card} cites no time: there is no chip ${chip} to re-time.`
        : `Chip ${chip} does not exist: card ${card} has ${count} time chip${count === 1 ? '' : 's'} (0–${count - 1}).`,
    );
  }
  if (end < start) return refuse(`The end (${end} s) is before the start (${start} s).`);
  const ref = segment.timeRefs[chip];
  const written = formatTimeLike(ref.text, start, end);
  const next = splice(chain, ref.from, ref.to, written);
  const result = checked(parsed, next);
  if (!result.ok) return result;
  // The new text must read back as the asked time, in place (the context can join it to its neighbours).
  const again = parseChain(next).segments[card];
  const back = again?.timeRefs.find((r) => r.from === ref.from);
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= 0.01;
  if (back === undefined || !near(back.start, start) || !near(back.end, end)) {
    return refuse(`"${written}" would not read back as ${start === end ? `${start} s` : `${start}–${end} s`} where it stands in the text.`);
  }
  return result;
}

function deleteStep(chain: string, parsed: ParsedChain, card: number): Result {
  const problem = cardProblem(parsed, card);
  if (problem !== undefined) return refuse(problem);
  const segment = parsed.segments[card];
  const step = stepOf(parsed, segment);
  const segments = step === undefined ? [segment] : stepSegments(step);
  if (segments.every((s) => s.kind === 'reasoning' && s.text.trim() === '')) {
    return refuse(`Card ${card} holds only <think> tags: there is no text to delete.`);
  }
  // An unclosed tag runs up to the next opening tag: without this card it would swallow what follows.
  const firstIndex = parsed.segments.indexOf(segments[0]);
  const previous = parsed.segments[firstIndex - 1];
  if (previous !== undefined && !previous.closed && previous.to === segments[0].from) {
    return refuse(`Card ${firstIndex - 1} (<${previous.kind}>) is not closed: deleting what follows it would change where it ends. Close it first.`);
  }
  return checked(parsed, deleteCuts(chain, segments));
}

/** How an existing tag of this name is spelt ("<Action>"), else in the chain's general case. */
function tagSpelling(chain: string, parsed: ParsedChain, name: 'action' | 'observation' | 'answer'): { open: string; close: string } {
  const same = parsed.segments.find((s) => s.kind === name && s.closed);
  if (same !== undefined) return { open: chain.slice(same.from, same.innerFrom), close: chain.slice(same.innerTo, same.to) };
  const any = /<\/?(action|observation|answer|think)>/i.exec(chain);
  let word: string = name;
  if (any !== null) {
    const seen = any[1];
    if (seen === seen.toUpperCase()) word = name.toUpperCase();
    else if (seen[0] === seen[0].toUpperCase()) word = name[0].toUpperCase() + name.slice(1);
  }
  return { open: `<${word}>`, close: `</${word}>` };
}

type Separator = '\n\n' | '\n' | ' ' | '';

function classify(space: string): Separator {
  const n = newlines(space);
  if (n >= 2) return '\n\n';
  if (n === 1) return '\n';
  return space.length > 0 ? ' ' : '';
}

function vote(samples: readonly Separator[], fallback: Separator): Separator {
  if (samples.length === 0) return fallback;
  const counts = new Map<Separator, number>();
  for (const s of samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  let best = samples[0];
  for (const s of samples) if ((counts.get(s) ?? 0) > (counts.get(best) ?? 0)) best = s;
  return best;
}

/** Whitespace run ending at `at` / starting at `at`. */
function spaceBefore(text: string, at: number): string {
  let i = at;
  while (i > 0 && isSpace(text[i - 1])) i--;
  return text.slice(i, at);
}
function spaceAfter(text: string, at: number): string {
  let i = at;
  while (i < text.length && isSpace(text[i])) i++;
  return text.slice(at, i);
}

/** The separator between steps and the one between an action and its observation, as the chain writes them. */
function separators(chain: string, parsed: ParsedChain): { between: Separator; inside: Separator } {
  const between: Separator[] = [];
  const inside: Separator[] = [];
  const steps = parsed.steps;
  for (let i = 0; i < steps.length; i++) {
    const segs = stepSegments(steps[i]);
    const first = segs[0];
    const last = segs[segs.length - 1];
    if (steps[i].action !== undefined && steps[i].observation !== undefined) {
      const gap = chain.slice(steps[i].action!.to, steps[i].observation!.from);
      if (gap.trim() === '') inside.push(classify(gap));
    }
    const next = steps[i + 1];
    if (next !== undefined) {
      const nextFirst = stepSegments(next)[0];
      const gap = chain.slice(last.to, nextFirst.from);
      if (gap.trim() === '') between.push(classify(gap));
      else {
        // Prose between the steps: the stronger of the runs around it.
        const lead = spaceAfter(chain, last.to);
        const trail = spaceBefore(chain, nextFirst.from);
        between.push(classify(newlines(trail) > newlines(lead) ? trail : lead.length > 0 || trail.length === 0 ? lead : trail));
      }
    } else if (steps.length === 1) {
      // A lone step: what stands next to it.
      const before = spaceBefore(chain, first.from);
      const after = spaceAfter(chain, last.to);
      const runs = [before, after].filter((r, k) => (k === 0 ? first.from - r.length > 0 : last.to + r.length < chain.length));
      if (runs.length > 0) between.push(classify(runs.reduce((a, b) => (newlines(b) > newlines(a) ? b : a))));
    }
  }
  const nl: Separator = '\n';
  return { between: vote(between, nl), inside: vote(inside, vote(between, nl)) };
}

/** `\n` separators written with the chain's own line ending. */
const withEol = (chain: string, sep: Separator): string => (chain.includes('\r\n') ? sep.replace(/\n/g, '\r\n') : sep);

function insertStep(chain: string, parsed: ParsedChain, after: number, action: string, observation: string): Result {
  if (after >= parsed.segments.length) {
    const count = parsed.segments.length;
    return refuse(
      count === 0
        ? `Card ${after} does not exist: the chain has no cards (insert after -1).`
        : `Card ${after} does not exist: the chain has ${count} card${count === 1 ? '' : 's'} (0–${count - 1}).`,
    );
  }
  for (const [text, name] of [
    [action, 'action'],
    [observation, 'observation'],
  ] as const) {
    const tag = tagProblem(text, `new ${name}`);
    if (tag !== undefined) return refuse(tag);
    if (text.trim() === '') return refuse(`The new step's ${name} cannot be empty.`);
  }
  const { between, inside } = separators(chain, parsed);
  const a = tagSpelling(chain, parsed, 'action');
  const o = tagSpelling(chain, parsed, 'observation');
  const step = `${a.open}${action}${a.close}${withEol(chain, inside)}${o.open}${observation}${o.close}`;
  const sep = withEol(chain, between);

  if (parsed.segments.length === 0) {
    // Empty or whitespace only: the step goes after it.
    return checked(parsed, chain + step);
  }
  if (after < 0) {
    const at = contentOf(parsed.segments[0]).from;
    return checked(parsed, splice(chain, at, at, step + sep));
  }
  const segment = parsed.segments[after];
  const owner = stepOf(parsed, segment);
  const last = owner === undefined ? segment : stepSegments(owner)[stepSegments(owner).length - 1];
  const at = contentOf(last).to;
  return checked(parsed, splice(chain, at, at, sep + step));
}

function moveStep(chain: string, parsed: ParsedChain, card: number, direction: -1 | 1): Result {
  const problem = cardProblem(parsed, card);
  if (problem !== undefined) return refuse(problem);
  const segment = parsed.segments[card];
  const step = stepOf(parsed, segment);
  if (step === undefined)
    return refuse(
      `Card ${card} is ${segment.kind === 'answer' || segment.kind === 'action' ? 'an' : 'a'} ${KIND_NAMES[segment.kind]}, not an action/observation step: there is no step to move.`,
    );
  const other = parsed.steps[step.index + direction];
  if (other === undefined) {
    return refuse(
      direction < 0 ? `Step ${step.index + 1} is the first step: it cannot move up.` : `Step ${step.index + 1} is the last step: it cannot move down.`,
    );
  }
  const open = [...stepSegments(step), ...stepSegments(other)].find((s) => !s.closed);
  if (open !== undefined) {
    return refuse(
      `The <${open.kind}> of card ${parsed.segments.indexOf(open)} is not closed: it runs up to the next tag, so moving it would change its text. Close it first.`,
    );
  }
  const [early, late] = direction < 0 ? [other, step] : [step, other];
  const spanOf = (s: ChainStep): Cut => {
    const segs = stepSegments(s);
    return { from: segs[0].from, to: segs[segs.length - 1].to };
  };
  const e = spanOf(early);
  const l = spanOf(late);
  const next = chain.slice(0, e.from) + chain.slice(l.from, l.to) + chain.slice(e.to, l.from) + chain.slice(e.from, e.to) + chain.slice(l.to);
  return checked(parsed, next);
}

function setAnswer(chain: string, parsed: ParsedChain, answer: string): Result {
  const tag = tagProblem(answer, 'answer');
  if (tag !== undefined) return refuse(tag);
  if (answer.trim() === '') return refuse('The answer cannot be empty.');
  const answers = parsed.segments.filter((s) => s.kind === 'answer');
  const last = answers[answers.length - 1];
  if (last !== undefined) {
    const next = keepOuterSpace(last.text, answer);
    if (next === last.text) return { ok: true, chain };
    return checked(parsed, splice(chain, last.innerFrom, last.innerTo, next));
  }
  const spelling = tagSpelling(chain, parsed, 'answer');
  const endsOnNewLine = chain.length === 0 || /\n[^\S\n]*$/.test(chain);
  const lead = endsOnNewLine ? '' : withEol(chain, '\n');
  return checked(parsed, `${chain}${lead}${spelling.open}${answer}${spelling.close}`);
}

/** The chain with `edit` applied, or why the edit was refused. Never throws. */
export function applyChainEdit(chain: string, edit: ChainEdit): ChainEditResult {
  if (typeof chain !== 'string') return refuse('There is no chain text to edit.');
  const valid = ChainEdit.safeParse(edit);
  if (!valid.success) {
    const issue = valid.error.issues[0];
    return refuse(`Malformed edit${issue === undefined ? '' : ` (${issue.path.join('.') || 'op'}: ${issue.message})`}.`);
  }
  const e = valid.data;
  const parsed = parseChain(chain);
  switch (e.op) {
    case 'setText':
      return setText(chain, parsed, e.card, e.text);
    case 'retime':
      return retime(chain, parsed, e.card, e.chip, e.start, e.end);
    case 'deleteStep':
      return deleteStep(chain, parsed, e.card);
    case 'insertStep':
      return insertStep(chain, parsed, e.after, e.action, e.observation);
    case 'moveStep':
      return moveStep(chain, parsed, e.card, e.direction);
    case 'setAnswer':
      return setAnswer(chain, parsed, e.answer);
  }
}
