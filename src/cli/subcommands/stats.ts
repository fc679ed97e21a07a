import type { Histogram, RecordFilter, ValueCount } from '../../../shared/list/recordQuery';
import type { BuiltIndex } from '../buildIndex';
import { EXIT, type Io } from '../cliContext';

const CHAINS: RecordFilter = { kinds: ['cot', 'rollout'] };

export interface DatasetStats {
  file: string;
  records: number;
  malformed: number;
  problems: number;
  kind: string;
  dialect: string;
  fields: Record<string, string>;
  kinds: ValueCount[];
  questionTypes: ValueCount[];
  categories: ValueCount[];
  /** Steps per chain (CoT and rollout records only), by step count. */
  steps: ValueCount[];
  /** Records with a chain, and how many of them cite at least one moment of the video. */
  citations: { chains: number; citing: number; share: number | null };
  reward: Histogram;
  advantage: Histogram;
}

/** Everything `stats` reports, computed by SQLite over the index (no record is read). */
export function datasetStats(file: string, index: BuiltIndex): DatasetStats {
  const { store, profile, progress } = index;
  const chains = store.query({ filter: CHAINS, limit: 1 }).total;
  // citedEnd is null exactly when a chain cites nothing; a histogram counts the non-null values.
  const citing = store.histogram('citedEnd', 1, CHAINS).count;
  return {
    file,
    records: progress.records,
    malformed: progress.malformed,
    problems: store.problemCount(),
    kind: profile.kind,
    dialect: profile.dialect,
    fields: Object.fromEntries(Object.entries(profile.fields).filter((e): e is [string, string] => e[1] !== undefined)),
    kinds: store.countsBy('kind'),
    questionTypes: store.countsBy('questionType'),
    categories: store.countsBy('category', 50),
    steps: store.countsBy('steps', 1000, CHAINS).sort((a, b) => Number(a.value) - Number(b.value)),
    citations: { chains, citing, share: chains === 0 ? null : citing / chains },
    reward: store.histogram('reward', 8),
    advantage: store.histogram('advantage', 8),
  };
}

const n = (x: number) => x.toLocaleString('en-US');
const num = (x: number | null) => (x === null ? '–' : Number.isInteger(x) ? String(x) : x.toFixed(3));
const counts = (list: ValueCount[]) => list.map((c) => `${c.value ?? '(none)'} ${n(c.count)}`).join(', ') || '(none)';

function histogramLines(label: string, h: Histogram): string[] {
  if (h.count === 0) return [`${label}: none logged`];
  const widest = Math.max(...h.bins.map((b) => b.count));
  return [
    `${label}: ${n(h.count)} logged, min ${num(h.min)}, mean ${num(h.mean)}, max ${num(h.max)}`,
    ...h.bins.map(
      (b) => `  ${num(b.from).padStart(8)} – ${num(b.to).padEnd(8)} ${'█'.repeat(Math.round((24 * b.count) / Math.max(1, widest))).padEnd(24)} ${n(b.count)}`,
    ),
  ];
}

/** `stats FILE`: counts by kind and question type, steps per chain, citation coverage, reward summaries. */
export function stats(file: string, index: BuiltIndex, json: boolean, io: Io): number {
  const s = datasetStats(file, index);
  if (json) {
    io.out(`${JSON.stringify(s, null, 2)}\n`);
    return EXIT.ok;
  }
  const share = s.citations.share === null ? '–' : `${(100 * s.citations.share).toFixed(1)}%`;
  const lines = [
    `${file}: ${n(s.records)} records, ${n(s.malformed)} malformed, ${n(s.problems)} problems`,
    `detected: ${s.kind} records (${s.dialect}); fields ${Object.entries(s.fields)
      .map(([role, key]) => `${role}=${key}`)
      .join(' ')}`,
    `kinds: ${counts(s.kinds)}`,
    `question types: ${counts(s.questionTypes)}`,
    `categories: ${counts(s.categories)}`,
    `step cards per chain (cards: chains): ${s.steps.map((c) => `${c.value}: ${n(c.count)}`).join(', ') || '(none)'}`,
    `chains citing the video: ${n(s.citations.citing)} of ${n(s.citations.chains)} (${share})`,
    ...histogramLines('reward (as logged)', s.reward),
    ...histogramLines('advantage (as logged)', s.advantage),
  ];
  io.out(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
