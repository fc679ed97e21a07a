/**
 * The checks of one parsed record on its text and the fixes that rewrite it (see recordProblems.ts for
 * the decisions they follow): the answer against the options, then each chain (or completion): its
 * tags, its cited times (grounding) and its final answer.
 */
import { completionTextKey } from '../records/extractRecord';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { Node as JsonNode } from 'jsonc-parser';
import { comparable, letterForText, normalizeAnswer, parseOptions } from '../../../shared/chain/answers';
import type { Option } from '../../../shared/chain/answers';
import { parseChain } from '../../../shared/chain/parseChain';
import type { ParsedChain } from '../../../shared/chain/parseChain';
import { formatClock, mergeIntervals, type TimeRef } from '../../../shared/chain/timeRefs';
import { parseCaption } from '../../../shared/chain/captions';
import { GROUNDING_MESSAGES, PAST_END_TOLERANCE, captionCoverage, whollyPastEnd } from '../../../shared/chain/grounding';
import type { FileProfile } from '../../../shared/records/fieldMapping';
import type { DatasetRecord } from '../../../shared/records/datasetRecord';
import { getField, isPlainObject } from '../records/fieldPaths';
import { reserializeRecord } from '../edit/reserializeRecord';
import { setChain, setPath } from '../edit/setChain';
import type { ChainSite, JsonPath, LineFix, LineIssue, LineParts, ProblemContext } from './lineIssue';
import { applyEdits, COMPACT_SECONDS, isCanonicalClock, LOOSE_CLOCK, retime, secondsText, tokensOf, type TextEdit, type TimeToken } from './timeTokens';

/** The checks of one parsed record on its text: answer field, then each chain (or completion). */
export class RecordChecker {
  private readonly issues: LineIssue[] = [];
  private root: JsonNode | undefined | null = null;

  constructor(
    private readonly lineText: string,
    private readonly parts: LineParts,
    private readonly record: Record<string, unknown>,
    /** The record as the Inspector reads it (its kind, video, duration). */
    private readonly model: DatasetRecord,
    private readonly profile: FileProfile,
    private readonly context: ProblemContext,
    private readonly withFixes: boolean,
  ) {}

  /** Issues in text order (then by the catalogue's code order for one span). */
  run(): LineIssue[] {
    const options = this.options();
    const answerValue = getField(this.record, this.profile.fields.answer);
    this.checkGroundTruth();
    this.checkAnswerField(answerValue, options);
    for (const site of this.chainSites()) this.checkChain(site, answerValue, options);
    return this.issues;
  }

  /* ---- locating values in the line ---- */

  private node(path: JsonPath): JsonNode | undefined {
    if (this.root === null) this.root = parseTree(this.parts.core) ?? undefined;
    return this.root === undefined ? undefined : findNodeAtLocation(this.root, path);
  }

  /** The span of a value in the line; the whole line's record when it cannot be found. */
  private valueSpan(path: JsonPath | undefined): { from: number; to: number } {
    const node = path === undefined ? undefined : this.node(path);
    const lead = this.parts.lead.length;
    if (node === undefined) return { from: lead, to: lead + this.parts.core.length };
    return { from: lead + node.offset, to: lead + node.offset + node.length };
  }

  /** Maps chain offsets to line offsets through the string's escapes. */
  private chainMapper(site: ChainSite): (from: number, to: number) => { from: number; to: number } {
    // Lazy: a clean chain never pays for the tree or the escape map.
    let mapped: ((from: number, to: number) => { from: number; to: number }) | undefined;
    return (from, to) => {
      mapped ??= this.buildChainMapper(site);
      return mapped(from, to);
    };
  }

  private buildChainMapper(site: ChainSite): (from: number, to: number) => { from: number; to: number } {
    const node = this.node(site.path);
    const lead = this.parts.lead.length;
    if (node === undefined || node.type !== 'string') {
      const whole = this.valueSpan(site.path);
      return () => whole;
    }
    const contentStart = lead + node.offset + 1;
    const raw = this.lineText.slice(contentStart, lead + node.offset + node.length - 1);
    const map = escapeMap(raw);
    if (map.length !== site.text.length + 1) return () => ({ from: contentStart - 1, to: contentStart + raw.length + 1 });
    return (from, to) => {
      const a = map[Math.max(0, Math.min(from, site.text.length))];
      const b = map[Math.max(0, Math.min(to, site.text.length))];
      return { from: contentStart + a, to: contentStart + Math.max(a, b) };
    };
  }

  /* ---- reading the record ---- */

  private options(): Option[] {
    const question = getField(this.record, this.profile.fields.question);
    return parseOptions(getField(this.record, this.profile.fields.options), typeof question === 'string' ? question : undefined);
  }

  /** The record's own duration field, else its video's probed duration; null when neither is known. */
  private duration(): number | null {
    const own = this.model.duration;
    if (own !== null && Number.isFinite(own) && own > 0) return own;
    const video = this.model.video;
    const given = video === null ? undefined : this.context.durationOf?.(video, this.model.source);
    return typeof given === 'number' && Number.isFinite(given) && given > 0 ? given : null;
  }

  /** The caption segments the record itself carries (its mapped caption field); null when none. */
  private captionTimes(): readonly { start: number; end: number }[] | null {
    if (this.captions !== undefined) return this.captions;
    const caption = getField(this.record, this.profile.fields.caption);
    const segments = typeof caption === 'string' && caption !== '' ? parseCaption(caption).segments : [];
    this.captions = segments.length === 0 ? null : segments;
    return this.captions;
  }

  private captions: readonly { start: number; end: number }[] | null | undefined;

  private chainSites(): ChainSite[] {
    const fields = this.profile.fields;
    const list = getField(this.record, fields.completions);
    const listPath = pathOf(this.record, fields.completions);
    if (Array.isArray(list) && fields.completions !== undefined && listPath !== undefined) {
      const sites: ChainSite[] = [];
      list.forEach((item: unknown, i) => {
        const label = `Completion ${i + 1}`;
        if (typeof item === 'string') sites.push({ text: item, completion: i, label, path: [...listPath, i], isOutput: true });
        else if (isPlainObject(item)) {
          const key = completionTextKey(item);
          if (key !== undefined) sites.push({ text: item[key] as string, completion: i, label, path: [...listPath, i, key], isOutput: true });
        }
      });
      return sites;
    }
    const chainPath = pathOf(this.record, fields.chain);
    const chain = getField(this.record, fields.chain);
    if (chainPath === undefined) return [];
    // A flat rollout (verl: uid, response, score) is one completion: a model output as well.
    const isOutput =
      this.profile.kind === 'rollout' || getField(this.record, fields.advantage) !== undefined || getField(this.record, fields.rewards) !== undefined;
    if (typeof chain === 'string') return [{ text: chain, completion: 0, label: null, path: chainPath, isOutput }];
    if (Array.isArray(chain) && typeof chain[0] === 'string') return [{ text: chain[0], completion: 0, label: null, path: [...chainPath, 0], isOutput }];
    return [];
  }

  /* ---- producing fixes ---- */

  private lineWith(value: Record<string, unknown>): string | undefined {
    try {
      return this.parts.lead + reserializeRecord(this.parts.core, value) + this.parts.trail;
    } catch {
      return undefined;
    }
  }

  private chainFix(site: ChainSite, title: string, chain: () => string): LineFix[] {
    if (!this.withFixes) return [];
    const result = setChain(this.record, this.profile, site.completion, chain());
    if (!result.ok) return [];
    const text = this.lineWith(result.value);
    return text === undefined || text === this.lineText ? [] : [{ title, text }];
  }

  private answerFix(title: string, answer: unknown): LineFix[] {
    const key = this.profile.fields.answer;
    if (!this.withFixes || key === undefined) return [];
    const text = this.lineWith(setPath(this.record, key, answer));
    return text === undefined || text === this.lineText ? [] : [{ title, text }];
  }

  private add(issue: LineIssue): void {
    this.issues.push(issue);
  }

  /* ---- the ground truth ---- */

  /** A question or chain record with no answer to check against (rollouts carry their rewards instead). */
  private checkGroundTruth(): void {
    const model = this.model;
    if ((model.kind !== 'qa' && model.kind !== 'cot') || model.answer !== null) return;
    const key = this.profile.fields.answer;
    const present = key !== undefined && getField(this.record, key) !== undefined;
    this.add({
      code: 'no-ground-truth',
      message: 'The record has no ground-truth answer.',
      ...this.valueSpan(present ? pathOf(this.record, key) : undefined),
      fixes: [],
    });
  }

  /* ---- the answer field against the options ---- */

  private checkAnswerField(answerValue: unknown, options: readonly Option[]): void {
    if (options.length === 0 || answerValue === undefined || answerValue === null) return;
    const answer = normalizeAnswer(answerValue);
    const answerPath = pathOf(this.record, this.profile.fields.answer);
    if (answer.letter !== undefined) {
      const option = options.find((o) => o.letter === answer.letter);
      if (option === undefined) {
        this.add({
          code: 'answer-not-an-option',
          message: `The answer names ${answer.letter}, but the options are ${lettersOf(options)}.`,
          ...this.valueSpan(answerPath),
          fixes: [],
        });
        return;
      }
      if (answer.text !== undefined && comparable(answer.text) !== comparable(option.text)) {
        const matching = options.filter((o) => comparable(o.text) === comparable(answer.text ?? ''));
        const relabelled = matching.length === 1 && typeof answerValue === 'string' ? relabel(answerValue, answer.letter, matching[0].letter) : undefined;
        const fixes = relabelled === undefined ? [] : this.answerFix(`Set answer to letter ${matching[0].letter}`, relabelled);
        this.add({
          code: 'answer-option-mismatch',
          message: `The answer says ${answer.letter}: "${answer.text}", but option ${answer.letter} is "${option.text}".`,
          ...this.valueSpan(answerPath),
          fixes,
        });
      }
      return;
    }
    if (answer.text === undefined) return;
    const matching = options.filter((o) => comparable(o.text) === comparable(answer.text ?? ''));
    if (matching.length === 1) {
      const letter = matching[0].letter;
      const fixes =
        typeof answerValue === 'string' || typeof answerValue === 'number'
          ? this.answerFix(`Set answer to letter ${letter}`, asLetter(answerValue, letter))
          : [];
      this.add({
        code: 'answer-not-letter',
        message: `The answer is option ${letter}'s text; multiple-choice answers are usually the letter (${letter}).`,
        ...this.valueSpan(answerPath),
        fixes,
      });
    } else {
      this.add({
        code: 'answer-option-mismatch',
        message:
          matching.length === 0
            ? `The answer "${answer.text}" is none of the options (${lettersOf(options)}).`
            : `The answer "${answer.text}" is the text of several options (${lettersOf(matching)}).`,
        ...this.valueSpan(answerPath),
        fixes: [],
      });
    }
  }

  /* ---- one chain ---- */

  private checkChain(site: ChainSite, answerValue: unknown, options: readonly Option[]): void {
    const parsed = parseChain(site.text);
    const at = this.chainMapper(site);
    const prefix = site.label === null ? '' : `${site.label}: `;

    for (const problem of parsed.problems) {
      // The chain's missing answer is checked below, with what the record's answer says.
      if (problem.code === 'missing-answer') continue;
      if (problem.code === 'unclosed-tag') {
        // Named as written (`<Answer>`), as the fix writes its closing tag.
        const tag = site.text.slice(problem.from, problem.to);
        const fixes = this.closeTagFix(site, parsed, problem.from, problem.to);
        this.add({ code: problem.code, message: `${prefix}${tag} is never closed.`, ...at(problem.from, problem.to), fixes });
        continue;
      }
      this.add({ code: problem.code, message: `${prefix}${problem.message}`, ...at(problem.from, problem.to), fixes: [] });
    }

    this.checkTimes(site, parsed, prefix, at);
    this.checkGrounding(parsed, prefix, at);
    this.checkChainAnswer(site, parsed, answerValue, options, prefix, at);
  }

  private closeTagFix(site: ChainSite, parsed: ParsedChain, from: number, to: number): LineFix[] {
    const name = site.text.slice(from + 1, to - 1);
    const insertAt = closingPosition(site.text, parsed, from, name.toLowerCase());
    return this.chainFix(site, `Close <${name}>`, () => site.text.slice(0, insertAt) + `</${name}>` + site.text.slice(insertAt));
  }

  /** Each time reference: written end first, past the video's end, not in MM:SS (with their fixes). */
  private checkTimes(site: ChainSite, parsed: ParsedChain, prefix: string, at: (from: number, to: number) => { from: number; to: number }): void {
    const refs = parsed.segments.flatMap((s) => s.timeRefs);
    const duration = this.duration();
    const normalise: TextEdit[] = [];
    const nonCanonical: { from: number; to: number; text: string }[] = [];

    for (const ref of refs) {
      const tokens = tokensOf(site.text, ref);
      const first = tokens[0];
      const last = tokens[tokens.length - 1];

      const reversed = GROUNDING_MESSAGES.reversed(ref);
      if (reversed !== null) {
        const swapped = tokens.length === 2 ? swapTokens(site.text, first, last) : undefined;
        this.add({
          code: 'reversed-interval',
          message: `${prefix}${reversed}`,
          ...at(ref.from, ref.to),
          fixes:
            swapped === undefined ? [] : this.chainFix(site, `Swap to ${swapped}`, () => site.text.slice(0, first.from) + swapped + site.text.slice(last.to)),
        });
      }

      const pastEnd = GROUNDING_MESSAGES.pastEnd(ref, duration);
      if (pastEnd !== null && duration !== null) {
        // Clamp the tokens past the end: whole seconds to the second the video ends in, others to its end.
        const past = tokens.filter((t) => t.value > duration + PAST_END_TOLERANCE);
        const target = (t: TimeToken): number => (Number.isInteger(t.value) ? Math.floor(duration + 1e-9) : duration);
        const edits = past.map((t) => ({ from: t.from, to: t.to, text: retime(t, target(t)) }));
        this.add({
          code: 'past-end',
          message: `${prefix}${pastEnd}`,
          ...at(ref.from, ref.to),
          fixes: edits.length === 0 ? [] : this.chainFix(site, `Clamp to ${formatClock(Math.floor(duration + 1e-9))}`, () => applyEdits(site.text, edits)),
        });
      }

      if (tokens.length === 0) continue;
      const core = site.text.slice(first.from, last.to);
      const compact = tokens.length === 2 && first.kind === 'bare' && last.kind === 'seconds' && COMPACT_SECONDS.test(last.unit);
      const rewrites = tokens.filter(
        (token) =>
          (token.kind === 'clock' && !isCanonicalClock(token)) ||
          (token.kind === 'seconds' && COMPACT_SECONDS.test(token.unit)) ||
          (token.kind === 'bare' && compact),
      );
      if (rewrites.length > 0) {
        for (const token of rewrites) normalise.push({ from: token.from, to: token.to, text: formatClock(token.value) });
        nonCanonical.push({ from: ref.from, to: ref.to, text: core });
      }
    }

    LOOSE_CLOCK.lastIndex = 0;
    for (let m = LOOSE_CLOCK.exec(site.text); m !== null; m = LOOSE_CLOCK.exec(site.text)) {
      const from = m.index;
      const to = from + m[0].length;
      const [h, mm, ss] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (mm > 59 || ss >= 60 || refs.some((r) => r.from < to && from < r.to)) continue;
      normalise.push({ from, to, text: formatClock(h * 3600 + mm * 60 + ss) });
      nonCanonical.push({ from, to, text: m[0] });
    }

    if (nonCanonical.length === 0) return;
    const fixes = this.chainFix(site, 'Normalise timestamps to MM:SS', () => applyEdits(site.text, normalise));
    for (const token of nonCanonical.sort((a, b) => a.from - b.from)) {
      this.add({
        code: 'non-canonical-time',
        message: `${prefix}${token.text} is not written as zero-padded MM:SS (H:MM:SS from an hour).`,
        ...at(token.from, token.to),
        fixes,
      });
    }
  }

  /**
   * The step cards' grounding checks (shared/chain/grounding.ts) on the chain's text: an observation
   * citing no time although its action did (at its `<observation>` tag), and each segment's cited
   * intervals that none of the record's own caption segments covers (at the references that cite it).
   */
  private checkGrounding(parsed: ParsedChain, prefix: string, at: (from: number, to: number) => { from: number; to: number }): void {
    for (const step of parsed.steps) {
      const { action, observation } = step;
      if (action === undefined || observation === undefined || action.timeRefs.length === 0 || observation.timeRefs.length > 0) continue;
      this.add({
        code: 'observation-without-time',
        message: `${prefix}${GROUNDING_MESSAGES.observationWithoutTime}`,
        ...at(observation.from, observation.innerFrom),
        fixes: [],
      });
    }
    const covered = captionCoverage(this.captionTimes());
    if (covered === null) return;
    const duration = this.duration();
    for (const segment of parsed.segments) {
      if (segment.timeRefs.length === 0) continue;
      for (const iv of mergeIntervals(segment.timeRefs)) {
        if (whollyPastEnd(iv, duration) || covered(iv)) continue;
        const refs = segment.timeRefs.filter((r: TimeRef) => r.start >= iv.start && r.end <= iv.end);
        const from = Math.min(...refs.map((r) => r.from));
        const to = Math.max(...refs.map((r) => r.to));
        this.add({ code: 'uncovered-by-captions', message: `${prefix}${GROUNDING_MESSAGES.uncovered(iv)}`, ...at(from, to), fixes: [] });
      }
    }
  }

  private checkChainAnswer(
    site: ChainSite,
    parsed: ParsedChain,
    answerValue: unknown,
    options: readonly Option[],
    prefix: string,
    at: (from: number, to: number) => { from: number; to: number },
  ): void {
    if (parsed.answer === undefined) {
      // Video-R1 and LongVideo-Reason keep the answer in its own field, outside the chain.
      if (this.profile.dialect !== 'rewatch') return;
      const answer = answerValue === undefined || answerValue === null ? {} : normalizeAnswer(answerValue);
      const letter = answer.letter ?? letterForText(answer.text, options);
      const inner = options.length > 0 ? letter : (answer.text ?? answer.letter);
      const known = inner ?? answer.text;
      const lead = this.valueSpan(site.path);
      const closingQuote = { from: Math.max(lead.from, lead.to - 1), to: lead.to };
      const fixes =
        inner === undefined || site.isOutput || inner.includes('<')
          ? []
          : this.chainFix(site, `Add <answer>${inner}</answer> from the answer field`, () => appendAnswer(site.text, inner));
      this.add({
        code: 'missing-answer',
        message: site.isOutput
          ? `${prefix}The completion has no <answer>.`
          : known === undefined
            ? `${prefix}The chain has no <answer>.`
            : `${prefix}The chain has no <answer>, though the record's answer is ${known}.`,
        ...closingQuote,
        fixes,
      });
      return;
    }
    if (options.length === 0) return;
    const predicted = normalizeAnswer(parsed.answer);
    if (predicted.letter === undefined) return;
    const segment = parsed.segments.filter((s) => s.kind === 'answer').pop();
    const span = segment === undefined ? this.valueSpan(site.path) : at(segment.from, segment.to);
    const option = options.find((o) => o.letter === predicted.letter);
    if (option === undefined) {
      this.add({
        code: 'chain-answer-not-an-option',
        message: `${prefix}The chain's <answer> names ${predicted.letter}, but the options are ${lettersOf(options)}.`,
        ...span,
        fixes: [],
      });
    } else if (predicted.text !== undefined && comparable(predicted.text) !== comparable(option.text)) {
      this.add({
        code: 'chain-answer-option-mismatch',
        message: `${prefix}The chain's <answer> says ${predicted.letter}: "${predicted.text}", but option ${predicted.letter} is "${option.text}".`,
        ...span,
        fixes: [],
      });
    }
  }
}

/** The JSON path getField follows for a key: the plain key when the record has it, else its dot path. */
function pathOf(record: Record<string, unknown>, key: string | undefined): JsonPath | undefined {
  if (key === undefined) return undefined;
  if (key in record) return [key];
  return key.includes('.') ? key.split('.') : undefined;
}

/** For each decoded UTF-16 unit of a JSON string literal's content, its offset in the raw content; plus the end. */
function escapeMap(raw: string): number[] {
  const map: number[] = [];
  let i = 0;
  while (i < raw.length) {
    map.push(i);
    if (raw[i] === '\\') i += raw[i + 1] === 'u' ? 6 : 2;
    else i++;
  }
  map.push(raw.length);
  return map;
}

const lettersOf = (options: readonly Option[]): string => options.map((o) => o.letter).join(', ');

/** Where `</name>` goes for the unclosed tag at `tagFrom`: after the segment's last non-space character. */
function closingPosition(text: string, parsed: ParsedChain, tagFrom: number, name: string): number {
  const segment = parsed.segments.find((s) => s.from === tagFrom && !s.closed);
  let end: number;
  if (segment !== undefined) end = segment.innerTo;
  else if (name === 'think') {
    // A transparent <think> around steps: it ends before the final answer, else at the end.
    const answer = parsed.segments.filter((s) => s.kind === 'answer' && s.from > tagFrom).pop();
    end = answer?.from ?? text.length;
  } else end = text.length;
  const start = segment?.innerFrom ?? tagFrom;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** The reference's text from its first token to its last, with the two tokens' values swapped (units stay). */
function swapTokens(text: string, first: TimeToken, last: TimeToken): string {
  const between = text.slice(first.to, last.from);
  if (first.kind === last.kind) return last.text + between + first.text;
  // "5-3s": swap the numbers, keep the unit where it is.
  return secondsText(last.value) + between + secondsText(first.value) + last.unit;
}

function appendAnswer(chain: string, inner: string): string {
  const end = chain.trimEnd().length;
  const separator = end === 0 ? '' : chain.includes('\n') ? '\n' : ' ';
  return `${chain.slice(0, end)}${separator}<answer>${inner}</answer>${chain.slice(end)}`;
}

/** The answer string with its letter `from` replaced by `to` ("B: Green" → "C: Green"). */
function relabel(answer: string, from: string, to: string): string | undefined {
  const pattern = new RegExp(`(?<![A-Za-z])${from}(?![A-Za-z])`, 'i');
  const match = pattern.exec(answer);
  if (match === null) return undefined;
  const letter = match[0] === match[0].toLowerCase() ? to.toLowerCase() : to;
  const next = answer.slice(0, match.index) + letter + answer.slice(match.index + 1);
  return normalizeAnswer(next).letter === to ? next : undefined;
}

/** The answer as its option's letter, keeping an `<answer>…</answer>` wrapper. */
function asLetter(answer: string | number, letter: string): string {
  if (typeof answer === 'string') {
    const wrapped = /^(\s*<answer>)[\s\S]*?(<\/answer>\s*)$/i.exec(answer);
    if (wrapped !== null) return `${wrapped[1]}${letter}${wrapped[2]}`;
  }
  return letter;
}
