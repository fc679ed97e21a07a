/**
 * Precision and recall of the offline evidence check on the hand-labelled observations of
 * test/unit/rewards/evidence/labelledObservations.ts, for the rule in stepEvidence.ts (an observation
 * judged against the caption segments its own citations cover, else its action's, each word counted by
 * the share of the cited time whose caption says it) and, as the baseline, the rule before issue 20
 * (re-implemented below: every segment within 1 s of any interval the step cites, action and observation
 * merged; a word counts fully when any of them has it). Both use today's tokenizer.
 *   npm run -s compile && node out/bench/evidence.bench.js
 * "Supported" is predicted at the UI's green (support ≥ 0.67) and, second, at "not red" (≥ 0.34); it also
 * says how many labelled-unsupported observations show red (< 0.34), and samples/rewatch-cot.jsonl's
 * sample-012 under both rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCaption } from '../shared/chain/captions';
import { parseChain } from '../shared/chain/parseChain';
import { mergeIntervals } from '../shared/chain/timeRefs';
import { CaptionIndex } from '../src/core/rewards/evidence/captionIndex';
import { evidenceFor, evidenceInputs, type EvidenceInput } from '../src/core/rewards/evidence/stepEvidence';
import { contentTokens } from '../src/core/rewards/evidence/tokenize';
import { LABELLED, type LabelledObservation } from '../test/unit/rewards/evidence/labelledObservations';
import { captionIndexOf, intervalsOf, metrics, supportNow, type Metrics } from '../test/unit/rewards/evidence/labelledScoring';
import { BAD_BELOW, WARN_BELOW } from '../webview/rewards/scoreColour';

/** The rule before issue 20, for one step. */
function supportBefore(input: EvidenceInput, captions: CaptionIndex): number | null {
  const intervals = mergeIntervals([...input.observationIntervals, ...input.actionIntervals]);
  if (input.observation === null) return null;
  const tokens = contentTokens(input.observation);
  if (tokens.length === 0) return null;
  const candidates = intervals.length === 0 ? Array.from({ length: captions.size }, (_, i) => i) : captions.overlapping(intervals, 1);
  let total = 0;
  let matched = 0;
  for (const token of tokens) {
    total += token.weight;
    if (candidates.some((segment) => captions.stems(segment).has(token.stem))) matched += token.weight;
  }
  return matched / total;
}

const before = (c: LabelledObservation): number | null =>
  supportBefore(
    { step: 0, observation: c.observation, observationIntervals: intervalsOf(c.observationCites), actionIntervals: intervalsOf(c.actionCites) },
    captionIndexOf(c.caption),
  );

const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
const num = (x: number | null): string => (x === null ? '—' : x.toFixed(2));
const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

function metricRow(name: string, m: Metrics, redCaught: number, unsupported: number): string {
  return row([
    name,
    pct(m.precision),
    pct(m.recall),
    `${m.truePositives}/${m.falsePositives}/${m.falseNegatives}/${m.trueNegatives}`,
    `${redCaught}/${unsupported}`,
  ]);
}

function report(title: string, cases: readonly LabelledObservation[]): void {
  const unsupported = cases.filter((c) => c.label === 'unsupported');
  const red = (support: (c: LabelledObservation) => number | null) => unsupported.filter((c) => (support(c) ?? 1) < BAD_BELOW).length;
  console.log(`\n${title}: ${cases.length} observations (${cases.length - unsupported.length} supported, ${unsupported.length} unsupported)\n`);
  console.log(row(['rule, "supported" when', 'precision', 'recall', 'TP/FP/FN/TN', 'unsupported shown red']));
  console.log(row(['---', '---', '---', '---', '---']));
  console.log(metricRow(`new, support ≥ ${WARN_BELOW} (green)`, metrics(cases, supportNow, WARN_BELOW), red(supportNow), unsupported.length));
  console.log(metricRow(`old, support ≥ ${WARN_BELOW} (green)`, metrics(cases, before, WARN_BELOW), red(before), unsupported.length));
  console.log(metricRow(`new, support ≥ ${BAD_BELOW} (not red)`, metrics(cases, supportNow, BAD_BELOW), red(supportNow), unsupported.length));
  console.log(metricRow(`old, support ≥ ${BAD_BELOW} (not red)`, metrics(cases, before, BAD_BELOW), red(before), unsupported.length));
}

report('All labelled', LABELLED);
report(
  'Clear cases only',
  LABELLED.filter((c) => c.clear),
);

console.log('\nPer case (support new / old):');
for (const c of LABELLED)
  console.log(`  ${c.id} ${c.label.padEnd(11)} ${c.clear ? 'clear  ' : 'unclear'} ${num(supportNow(c))} / ${num(before(c))}  ${c.observation}`);

// samples/rewatch-cot.jsonl: r_obs* of every record under both rules.
const root = join(__dirname, '..', '..');
const captionsByVideo = new Map<string, CaptionIndex>(
  (JSON.parse(readFileSync(join(root, 'samples', 'rewatch-captions.json'), 'utf8')) as { video_path: string; caption: string }[]).map((r) => [
    r.video_path,
    new CaptionIndex(parseCaption(r.caption).segments),
  ]),
);
console.log('\nsamples/rewatch-cot.jsonl, r_obs* new / old:');
for (const line of readFileSync(join(root, 'samples', 'rewatch-cot.jsonl'), 'utf8').split('\n')) {
  let record: { id?: string; video_path?: string; cot?: string };
  try {
    record = JSON.parse(line) as typeof record;
  } catch {
    continue;
  }
  const captions = captionsByVideo.get(record.video_path ?? '');
  if (captions === undefined || typeof record.cot !== 'string') continue;
  const inputs = evidenceInputs(parseChain(record.cot));
  const now = evidenceFor(inputs, captions, null).obsEstimate;
  const old = inputs.map((i) => supportBefore(i, captions)).filter((s): s is number => s !== null);
  console.log(`  ${record.id} ${num(now)} / ${num(old.length === 0 ? null : old.reduce((a, b) => a + b, 0) / old.length)}`);
}
