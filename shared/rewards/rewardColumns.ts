/**
 * The one catalogue of the numbers the Inspector keeps per record: the O&R reward components as
 * logged, recomputed offline and judged, and the counts beside them. Everything that names, stores,
 * bins, plots, averages or compares such a number reads it from here: the index's columns and the
 * record summary (`shared/records`), the list's sorts and ranges, the dataset view's histograms,
 * scatter and means, the breakdown and the reward delta of an edit.
 *
 * Adding a component: an entry here, and its scorer (`src/core/rewards/columnScorers.ts` for values
 * read from a sample's score; `src/core/index/analyzeRecord.ts` for values read at index time).
 */
import { z } from 'zod';

/** The parts of the O&R reward r = r_acc × (1 + r_obs + r_rea) + r_fmt, and the GRPO advantage. */
export const REWARD_COMPONENTS = {
  acc: { label: 'r_acc', title: 'r_acc: the answer is right (the 1× base the process rewards build on)' },
  obs: { label: 'r_obs', title: 'r_obs: the observations match the video (counts × r_acc)' },
  rea: { label: 'r_rea', title: 'r_rea: the gathered evidence suffices to answer (counts × r_acc)' },
  fmt: { label: 'r_fmt', title: 'r_fmt: the tags are present and well-formed' },
  total: { label: 'total', title: 'r = r_acc × (1 + r_obs + r_rea) + r_fmt' },
  advantage: { label: 'advantage', title: 'The GRPO advantage: (r − group mean) / group std' },
} as const;
export type RewardComponent = keyof typeof REWARD_COMPONENTS;

/**
 * Where a number comes from: `logged` is read from the file as written by the trainer; `recomputed`
 * is the Inspector's own offline computation; `judged` comes from a judge model; `count` is a plain
 * property of the record (steps, problems).
 */
export type ColumnSource = 'logged' | 'recomputed' | 'judged' | 'count';

/** When the value is known: while indexing, after the dataset scoring pass, or after a judge run. */
export type FilledBy = 'index' | 'scoring' | 'judge';

/** How the index keeps it: a real, an integer, or a boolean as 0/1 (each nullable unless `required`). */
export type ColumnType = 'real' | 'int' | 'bool';

export interface ColumnSpec {
  readonly key: string;
  /** The short label of lists, axes, filter chips and tooltips. */
  readonly label: string;
  readonly component?: RewardComponent;
  readonly source: ColumnSource;
  readonly filledBy: FilledBy;
  /** The index's column (the same name in every index). */
  readonly sql: string;
  readonly type: ColumnType;
  /** Never null (a count). */
  readonly required?: boolean;
  /** A histogram in the dataset view, in `order`. */
  readonly histogram?: { readonly order: number; readonly title: string; readonly bins: number };
  /** A column of the dataset view's mean-by table, in `order`. */
  readonly mean?: { readonly order: number; readonly label: string };
  /** An axis the obs-vs-rea scatter offers. */
  readonly scatter?: 'x' | 'y';
  /** Read from a sample's score by its scorer (`src/core/rewards/columnScorers.ts`): after a scoring pass, a judge run, an edit. */
  readonly fromScore?: true;
  /** A row of an edit's reward delta, in `order` (`judged` rows only when the judge ran). */
  readonly delta?: { readonly order: number; readonly name: string; readonly label: string };
}

export const COLUMNS = [
  {
    key: 'reward',
    label: 'reward (logged)',
    component: 'total',
    source: 'logged',
    filledBy: 'index',
    sql: 'reward',
    type: 'real',
    histogram: { order: 0, title: 'Reward (logged total)', bins: 16 },
    mean: { order: 0, label: 'reward (logged)' },
  },
  {
    key: 'advantage',
    label: 'advantage (logged)',
    component: 'advantage',
    source: 'logged',
    filledBy: 'index',
    sql: 'advantage',
    type: 'real',
    histogram: { order: 7, title: 'Advantage (logged)', bins: 20 },
  },
  {
    key: 'storedAcc',
    label: 'r_acc (logged)',
    component: 'acc',
    source: 'logged',
    filledBy: 'index',
    sql: 'r_acc',
    type: 'real',
    histogram: { order: 1, title: 'r_acc (logged)', bins: 10 },
  },
  {
    key: 'storedObs',
    label: 'r_obs (logged)',
    component: 'obs',
    source: 'logged',
    filledBy: 'index',
    sql: 'r_obs',
    type: 'real',
    histogram: { order: 2, title: 'r_obs (logged)', bins: 10 },
    mean: { order: 4, label: 'r_obs (logged)' },
    scatter: 'x',
  },
  {
    key: 'storedRea',
    label: 'r_rea (logged)',
    component: 'rea',
    source: 'logged',
    filledBy: 'index',
    sql: 'r_rea',
    type: 'real',
    histogram: { order: 3, title: 'r_rea (logged)', bins: 10 },
    scatter: 'y',
  },
  {
    key: 'storedFmt',
    label: 'r_fmt (logged)',
    component: 'fmt',
    source: 'logged',
    filledBy: 'index',
    sql: 'r_fmt',
    type: 'real',
    histogram: { order: 4, title: 'r_fmt (logged)', bins: 10 },
  },
  /** The chain's final answer matches the stored one (a letter match for multiple choice): the offline r_acc. */
  {
    key: 'correct',
    label: 'answer ✓ (offline)',
    component: 'acc',
    source: 'recomputed',
    filledBy: 'index',
    fromScore: true,
    sql: 'correct',
    type: 'bool',
    mean: { order: 2, label: 'accuracy (offline)' },
    delta: { order: 1, name: 'acc', label: 'r_acc' },
  },
  /** Offline r_fmt: tags present, ordered, closed (the mean over a record's completions). */
  {
    key: 'fmt',
    label: 'r_fmt (offline)',
    component: 'fmt',
    source: 'recomputed',
    filledBy: 'index',
    fromScore: true,
    sql: 'fmt',
    type: 'int',
    delta: { order: 0, name: 'fmt', label: 'r_fmt' },
  },
  {
    key: 'obsEstimate',
    label: 'r_obs* (evidence)',
    component: 'obs',
    source: 'recomputed',
    filledBy: 'scoring',
    fromScore: true,
    sql: 'obs_est',
    type: 'real',
    histogram: { order: 5, title: 'r_obs* evidence estimate (heuristic)', bins: 10 },
    mean: { order: 3, label: 'r_obs* (evidence)' },
    scatter: 'x',
    delta: { order: 2, name: 'evidence', label: 'evidence' },
  },
  {
    key: 'judgeObs',
    label: 'r_obs (judge)',
    component: 'obs',
    source: 'judged',
    filledBy: 'judge',
    fromScore: true,
    sql: 'judge_obs',
    type: 'real',
    scatter: 'x',
    delta: { order: 3, name: 'obs', label: 'r_obs (judge)' },
  },
  {
    key: 'judgeRea',
    label: 'r_rea (judge)',
    component: 'rea',
    source: 'judged',
    filledBy: 'judge',
    fromScore: true,
    sql: 'judge_rea',
    type: 'real',
    scatter: 'y',
    delta: { order: 4, name: 'rea', label: 'r_rea (judge)' },
  },
  {
    key: 'totalRecomputed',
    label: 'total (recomputed)',
    component: 'total',
    source: 'recomputed',
    filledBy: 'scoring',
    fromScore: true,
    sql: 'total_calc',
    type: 'real',
    histogram: { order: 6, title: 'Total (recomputed)', bins: 16 },
    mean: { order: 1, label: 'total (recomputed)' },
    delta: { order: 5, name: 'total', label: 'total' },
  },
  {
    key: 'advantageRecomputed',
    label: 'advantage (recomputed)',
    component: 'advantage',
    source: 'recomputed',
    filledBy: 'scoring',
    sql: 'adv_calc',
    type: 'real',
  },
  /** 1 when the record's GRPO group has a single total (std = 0), 0 when not, null outside groups. */
  { key: 'zeroVariance', label: 'zero-variance group', component: 'advantage', source: 'recomputed', filledBy: 'scoring', sql: 'zero_var', type: 'bool' },
  /** Logged rewards that contradict the formula, their range, the offline checks or the group advantage: the sum of the kinds below. */
  { key: 'mismatches', label: 'mismatches', source: 'recomputed', filledBy: 'index', sql: 'mismatches', type: 'int', required: true },
  /*
   * The mismatches by kind (shared/rewards/mismatchKinds.ts): chains (a record's completions) whose logged
   * total ≠ the formula, whose r_fmt or r_acc contradicts the offline check; logged components out of range;
   * and whether the logged advantage disagrees with the one recomputed over the prompt's group (the scoring
   * pass; null outside groups). `mismatches` is their sum.
   */
  {
    key: 'mismatchTotal',
    label: 'chains whose logged total ≠ formula',
    component: 'total',
    source: 'recomputed',
    filledBy: 'index',
    sql: 'mm_total',
    type: 'int',
    required: true,
  },
  {
    key: 'mismatchAdvantage',
    label: 'rollouts whose logged advantage ≠ recomputed',
    component: 'advantage',
    source: 'recomputed',
    filledBy: 'scoring',
    sql: 'adv_mismatch',
    type: 'int',
  },
  {
    key: 'mismatchFmt',
    label: 'chains whose logged r_fmt ≠ offline check',
    component: 'fmt',
    source: 'recomputed',
    filledBy: 'index',
    sql: 'mm_fmt',
    type: 'int',
    required: true,
  },
  {
    key: 'mismatchAcc',
    label: 'chains whose logged r_acc ≠ offline check',
    component: 'acc',
    source: 'recomputed',
    filledBy: 'index',
    sql: 'mm_acc',
    type: 'int',
    required: true,
  },
  { key: 'mismatchRange', label: 'logged rewards out of range', source: 'recomputed', filledBy: 'index', sql: 'mm_range', type: 'int', required: true },
  /** The chain's step cards: reasoning, think, action and observation cards, not the answer (0 without a chain; a group: its longest rollout). */
  { key: 'steps', label: 'steps', source: 'count', filledBy: 'index', sql: 'steps', type: 'int', required: true },
  { key: 'problems', label: 'problems', source: 'count', filledBy: 'index', sql: 'problems', type: 'int', required: true },
  /** The latest second the chain cites. */
  { key: 'citedEnd', label: 'last cited second', source: 'count', filledBy: 'index', sql: 'cited_end', type: 'real' },
] as const satisfies readonly ColumnSpec[];

type Catalogue = (typeof COLUMNS)[number];
export type NumericColumnKey = Catalogue['key'];
/** The spec of one column, by key (literal types kept). */
export type SpecOf<K extends NumericColumnKey> = Extract<Catalogue, { key: K }>;

/** Numeric columns the list sorts and filters by and the dataset view bins, plots and averages. */
export const NumericColumn = z.enum(COLUMNS.map((c) => c.key) as [NumericColumnKey, ...NumericColumnKey[]]);
export type NumericColumn = z.infer<typeof NumericColumn>;

/** Every column's spec by key. */
export const COLUMN: { readonly [K in NumericColumnKey]: SpecOf<K> } = Object.fromEntries(COLUMNS.map((c) => [c.key, c])) as never;

/** The value a record summary holds for a column of this spec. */
export type ColumnValue<S> = S extends { type: 'bool' } ? boolean | null : S extends { required: true } ? number : number | null;
/** The record summary's fields the catalogue defines. */
export type ColumnValues = { [K in NumericColumnKey]: ColumnValue<SpecOf<K>> };

function valueSchema(spec: ColumnSpec): z.ZodType {
  if (spec.type === 'bool') return z.boolean().nullable();
  const number = spec.type === 'int' && spec.required ? z.number().int().min(0) : z.number();
  return spec.required ? number : number.nullable();
}

/** Values written to the index's columns (a boolean column takes 0/1 too). */
export type ColumnWrites = { [K in NumericColumnKey]?: number | boolean | null };

/** The zod shape of those fields (merged into RecordSummary). */
export const COLUMN_SHAPE = Object.fromEntries(COLUMNS.map((c) => [c.key, valueSchema(c)])) as { [K in NumericColumnKey]: z.ZodType<ColumnValue<SpecOf<K>>> };

/** Columns a step of the pipeline fills (the others keep what they had). */
export function columnsFilledBy(step: FilledBy): NumericColumnKey[] {
  return COLUMNS.filter((c) => c.filledBy === step).map((c) => c.key);
}

type WithSpec<F extends keyof ColumnSpec> = Extract<Catalogue, { [P in F]: object | string }>;

/** Columns a scorer reads from a sample's score. */
export type ScoreColumn = Extract<Catalogue, { fromScore: true }>['key'];
export const SCORE_COLUMNS = COLUMNS.filter((c) => 'fromScore' in c).map((c) => c.key) as ScoreColumn[];

/** The dataset view's histograms, in order. */
export const HISTOGRAM_COLUMNS = (COLUMNS.filter((c) => 'histogram' in c) as WithSpec<'histogram'>[]).sort((a, b) => a.histogram.order - b.histogram.order);
/** The mean-by table's columns, in order. */
export const MEAN_COLUMNS = (COLUMNS.filter((c) => 'mean' in c) as WithSpec<'mean'>[]).sort((a, b) => a.mean.order - b.mean.order);
/** The rows of an edit's reward delta, in order. */
export const DELTA_COLUMNS = (COLUMNS.filter((c) => 'delta' in c) as WithSpec<'delta'>[]).sort((a, b) => a.delta.order - b.delta.order);
/** The scatter's axes. */
export const SCATTER_AXES = {
  x: COLUMNS.filter((c) => 'scatter' in c && c.scatter === 'x').map((c) => c.key),
  y: COLUMNS.filter((c) => 'scatter' in c && c.scatter === 'y').map((c) => c.key),
};

/** Filled by the scoring pass or a judge (an empty histogram is "not scored yet"), not read from the file ("not logged"). */
export function isScored(column: NumericColumnKey): boolean {
  return COLUMN[column].filledBy !== 'index';
}
