/**
 * A ReWatch chain: prose with `<action>`/`<observation>` steps and a final `<answer>` (see
 * docs "The chain grammar"), also Video-R1 style `<think>…</think><answer>X</answer>`.
 * Pure and browser-safe; never throws and stays linear in the text's length, whatever the input.
 *
 * Decisions:
 * - Tags are matched case-insensitively (`<Action>`), with no spaces inside the brackets.
 * - Every non-whitespace character lands in exactly one segment's span, tags included: malformed
 *   markup is reported as a problem and kept as text, never dropped.
 * - A `<think>` block holding no other known opening tag is one 'think' segment. A `<think>` block
 *   that holds `<action>`, `<observation>` or `<answer>` is transparent: inner tags win, its prose
 *   becomes 'reasoning' segments, and the `<think>`/`</think>` tags sit in those segments' spans
 *   (a reasoning segment may then have whitespace-only `text`).
 * - A tag is closed by the first closing tag of its name, provided no opening tag of that name comes
 *   first. Other tags in between are nested: reported, kept as text of the outer segment (outer wins).
 * - An unclosed tag runs to the next opening tag (or the `</think>` of the transparent think around
 *   it) or the end of the text.
 * - Severity: 'error' for malformed markup (unclosed, nested, stray), 'warning' for well-formed but
 *   odd structure (missing or repeated answer, unpaired steps, empty or unknown tags).
 */
import { findTimeRefs, mergeIntervals } from './timeRefs';
import type { Interval, TimeRef } from './timeRefs';

export type SegmentKind = 'reasoning' | 'think' | 'action' | 'observation' | 'answer';

export interface ChainSegment {
  kind: SegmentKind;
  /** Inner text (without tags), an untrimmed slice of the original. */
  text: string;
  /** Span of the whole segment in the chain, tags included. */
  from: number;
  to: number;
  /** Span of `text`. */
  innerFrom: number;
  innerTo: number;
  /** False when the closing tag is missing. */
  closed: boolean;
  /** Time references with from/to relative to the whole chain. */
  timeRefs: TimeRef[];
}

export interface ChainStep {
  /** 0-based. */
  index: number;
  action?: ChainSegment;
  observation?: ChainSegment;
  /** Merged cited intervals of the action and the observation. */
  intervals: Interval[];
}

export type ChainProblemCode =
  | 'unclosed-tag'
  | 'nested-tag'
  | 'stray-closing-tag'
  | 'observation-without-action'
  | 'action-without-observation'
  | 'missing-answer'
  | 'multiple-answers'
  | 'empty-tag'
  | 'unknown-tag';

export interface ChainProblem {
  code: ChainProblemCode;
  severity: 'error' | 'warning';
  message: string;
  from: number;
  to: number;
}

export interface ParsedChain {
  /** In order, covering the text; whitespace-only prose outside tags is omitted. */
  segments: ChainSegment[];
  /** One per `<action>` (with the `<observation>` after it); an orphan `<observation>` is its own step. */
  steps: ChainStep[];
  /** Inner text of the last `<answer>`, trimmed. */
  answer: string | undefined;
  /** Merged cited intervals of all segments. */
  intervals: Interval[];
  problems: ChainProblem[];
}

type TagName = 'action' | 'observation' | 'answer' | 'think';
const TAG_NAMES: ReadonlySet<string> = new Set<TagName>(['action', 'observation', 'answer', 'think']);

interface Tag {
  name: TagName;
  closing: boolean;
  from: number;
  to: number;
}

const TAG = /<(\/?)([A-Za-z][A-Za-z0-9_-]*)>/g;

function scanTags(text: string, problems: ChainProblem[]): Tag[] {
  const tags: Tag[] = [];
  TAG.lastIndex = 0;
  for (let match = TAG.exec(text); match !== null; match = TAG.exec(text)) {
    const name = match[2].toLowerCase();
    const from = match.index;
    const to = from + match[0].length;
    if (TAG_NAMES.has(name)) tags.push({ name: name as TagName, closing: match[1] === '/', from, to });
    else problems.push({ code: 'unknown-tag', severity: 'warning', message: `Unknown tag ${match[0]}: kept as text.`, from, to });
  }
  return tags;
}

/**
 * For the opening tag at `open`: the index of its closing tag (-1 when another opening tag of its name,
 * or the end, comes first) and whether an opening tag of another name lies before that point.
 * Each scan stops at the next tag of the same name, so all scans together stay linear.
 */
function findClose(tags: readonly Tag[], open: number): { close: number; holdsOpenings: boolean } {
  const name = tags[open].name;
  let holdsOpenings = false;
  for (let j = open + 1; j < tags.length; j++) {
    const tag = tags[j];
    if (tag.name === name) return { close: tag.closing ? j : -1, holdsOpenings };
    if (!tag.closing) holdsOpenings = true;
  }
  return { close: -1, holdsOpenings };
}

const tagText = (tag: Tag): string => `<${tag.closing ? '/' : ''}${tag.name}>`;

function stray(tag: Tag): ChainProblem {
  return {
    code: 'stray-closing-tag',
    severity: 'error',
    message: `${tagText(tag)} closes nothing: kept as text.`,
    from: tag.from,
    to: tag.to,
  };
}

/** Problems for the tags strictly inside a closed segment, which all stay text of that segment. */
function reportNested(tags: readonly Tag[], outer: Tag, first: number, end: number, problems: ChainProblem[]): void {
  if (first >= end) return;
  const openCounts = new Map<TagName, number>();
  for (let j = first; j < end; j++) {
    const tag = tags[j];
    const open = openCounts.get(tag.name) ?? 0;
    if (!tag.closing) {
      openCounts.set(tag.name, open + 1);
      problems.push({
        code: 'nested-tag',
        severity: 'error',
        message: `${tagText(tag)} inside ${tagText(outer)}: kept as text of the ${tagText(outer)}.`,
        from: tag.from,
        to: tag.to,
      });
    } else if (open > 0) openCounts.set(tag.name, open - 1);
    else problems.push(stray(tag));
  }
}

function makeSegment(text: string, kind: SegmentKind, span: { from: number; innerFrom: number; innerTo: number; to: number }, closed: boolean): ChainSegment {
  const timeRefs = findTimeRefs(text, span.innerFrom, span.innerTo);
  return { kind, text: text.slice(span.innerFrom, span.innerTo), ...span, closed, timeRefs };
}

const intervalsOf = (segments: readonly ChainSegment[]): Interval[] =>
  mergeIntervals(segments.flatMap((s) => s.timeRefs.map((r) => ({ start: r.start, end: r.end }))));

/** Splits the text into segments, reporting markup problems. */
function segment(text: string, problems: ChainProblem[]): ChainSegment[] {
  const tags = scanTags(text, problems);
  const segments: ChainSegment[] = [];
  // Pending prose: its outer start (it may begin with a transparent <think>) and inner start.
  let proseFrom = 0;
  let proseInnerFrom = 0;
  let insideThink = false;

  const flushProse = (innerTo: number, to: number): void => {
    const holdsTag = proseFrom < proseInnerFrom || innerTo < to;
    if (holdsTag || /\S/.test(text.slice(proseInnerFrom, innerTo))) {
      segments.push(makeSegment(text, 'reasoning', { from: proseFrom, innerFrom: proseInnerFrom, innerTo, to }, true));
    }
    proseFrom = proseInnerFrom = to;
  };

  let i = 0;
  while (i < tags.length) {
    const tag = tags[i];
    if (tag.closing) {
      if (tag.name === 'think' && insideThink) {
        flushProse(tag.from, tag.to);
        insideThink = false;
      } else problems.push(stray(tag)); // stays in the prose around it
      i++;
      continue;
    }

    const { close, holdsOpenings } = findClose(tags, i);
    if (close < 0) {
      problems.push({ code: 'unclosed-tag', severity: 'error', message: `${tagText(tag)} is never closed.`, from: tag.from, to: tag.to });
    }
    if (tag.name === 'think' && holdsOpenings) {
      // Transparent think: its tags join the reasoning around the inner steps.
      flushProse(tag.from, tag.from);
      proseInnerFrom = tag.to;
      insideThink = true;
      i++;
      continue;
    }

    flushProse(tag.from, tag.from);
    if (close >= 0) {
      const closing = tags[close];
      reportNested(tags, tag, i + 1, close, problems);
      segments.push(makeSegment(text, tag.name, { from: tag.from, innerFrom: tag.to, innerTo: closing.from, to: closing.to }, true));
      proseFrom = proseInnerFrom = closing.to;
      i = close + 1;
    } else {
      let j = i + 1;
      while (j < tags.length && tags[j].closing && !(tags[j].name === 'think' && insideThink)) {
        problems.push(stray(tags[j]));
        j++;
      }
      const stop = j < tags.length ? tags[j].from : text.length;
      segments.push(makeSegment(text, tag.name, { from: tag.from, innerFrom: tag.to, innerTo: stop, to: stop }, false));
      proseFrom = proseInnerFrom = stop;
      i = j;
    }
  }
  flushProse(text.length, text.length);
  return segments;
}

function pairSteps(segments: readonly ChainSegment[], problems: ChainProblem[]): ChainStep[] {
  const steps: ChainStep[] = [];
  let waiting: ChainStep | undefined; // a step whose action still awaits its observation
  const unanswered = (step: ChainStep | undefined): void => {
    if (step?.action === undefined) return;
    problems.push({
      code: 'action-without-observation',
      severity: 'warning',
      message: 'This <action> has no <observation> after it.',
      from: step.action.from,
      to: step.action.to,
    });
  };
  for (const seg of segments) {
    if (seg.kind === 'action') {
      unanswered(waiting);
      waiting = { index: steps.length, action: seg, intervals: [] };
      steps.push(waiting);
    } else if (seg.kind === 'observation') {
      if (waiting !== undefined) waiting.observation = seg;
      else {
        steps.push({ index: steps.length, observation: seg, intervals: [] });
        problems.push({
          code: 'observation-without-action',
          severity: 'warning',
          message: 'This <observation> follows no <action>.',
          from: seg.from,
          to: seg.to,
        });
      }
      waiting = undefined;
    } else if (seg.kind === 'answer') {
      unanswered(waiting);
      waiting = undefined;
    }
  }
  unanswered(waiting);
  for (const step of steps) {
    step.intervals = intervalsOf([step.action, step.observation].filter((s): s is ChainSegment => s !== undefined));
  }
  return steps;
}

export function parseChain(text: string): ParsedChain {
  const source = typeof text === 'string' ? text : '';
  const problems: ChainProblem[] = [];
  const segments = segment(source, problems);

  for (const seg of segments) {
    if (seg.kind !== 'reasoning' && seg.closed && seg.text.trim() === '') {
      problems.push({ code: 'empty-tag', severity: 'warning', message: `Empty <${seg.kind}>.`, from: seg.from, to: seg.to });
    }
  }
  const steps = pairSteps(segments, problems);

  const answers = segments.filter((s) => s.kind === 'answer');
  if (answers.length === 0) {
    problems.push({ code: 'missing-answer', severity: 'warning', message: 'No <answer> tag.', from: source.length, to: source.length });
  }
  for (const earlier of answers.slice(0, -1)) {
    problems.push({
      code: 'multiple-answers',
      severity: 'warning',
      message: 'Several <answer> tags: only the last one counts.',
      from: earlier.from,
      to: earlier.to,
    });
  }
  problems.sort((a, b) => a.from - b.from);

  return {
    segments,
    steps,
    answer: answers.length > 0 ? answers[answers.length - 1].text.trim() : undefined,
    intervals: intervalsOf(segments),
    problems,
  };
}
