/**
 * The modules under mutation testing and, for each, the unit tests that can kill its mutants. A run
 * per file with only these tests is what `.ci/run` can afford; `npm run test:mutation` without
 * `--file` runs every module against every unit test (stryker.config.mjs).
 */
export interface MutationTarget {
  file: string;
  /** Compiled test files (globs under out/) that exercise the module. */
  tests: string[];
}

const unit = (...globs: string[]): string[] => globs.map((g) => `out/test/unit/${g}`);

export const MUTATION_TARGETS: readonly MutationTarget[] = [
  { file: 'src/core/reader/jsonArrayScanner.ts', tests: unit('reader/jsonArrayScanner.test.js') },
  { file: 'src/core/reader/jsonlScanner.ts', tests: unit('reader/jsonlScanner.test.js') },
  { file: 'src/core/rewards/formatCheck.ts', tests: unit('rewards/formatCheck.test.js', 'rewards/rewardFormula.test.js') },
  { file: 'src/core/rewards/grpo.ts', tests: unit('rewards/grpo.test.js') },
  { file: 'src/core/rewards/rewardFormula.ts', tests: unit('rewards/rewardFormula.test.js') },
  { file: 'src/core/rewards/evidence/stepEvidence.ts', tests: unit('rewards/evidence/**/*.test.js') },
  { file: 'src/core/save/writeEditedFile.ts', tests: unit('save/writeEditedFile*.test.js', 'hostile/concurrentSave.test.js') },
  { file: 'src/core/edit/reserializeRecord.ts', tests: unit('edit/*.test.js') },
  { file: 'src/core/store/sqliteRecordStore.ts', tests: unit('store/*.test.js') },
  { file: 'src/core/records/detectProfile.ts', tests: unit('records/*.test.js') },
  { file: 'shared/chain/timeRefs.ts', tests: unit('chain/timeRefs.test.js', 'chain/formatTimeRef.test.js') },
  { file: 'shared/chain/parseChain.ts', tests: unit('chain/parseChain.test.js') },
];

/** Every file must reach this score. */
export const MIN_SCORE = 90;

/** One file's recorded run: its score and the hash of the source it was measured on. */
export interface BaselineEntry {
  score: number;
  sha256: string;
  date: string;
}

export type Baseline = Record<string, BaselineEntry>;

export type GateVerdict =
  /** Measured now or recorded for this very source, and at least the floor. */
  | { file: string; status: 'pass'; score: number; floor: number; measured: boolean }
  | { file: string; status: 'fail'; score: number; floor: number; measured: boolean }
  /** The source changed since its recorded run and there was no time left to measure it. */
  | { file: string; status: 'over-budget' }
  /** Never recorded: not gated until a first `--record`. */
  | { file: string; status: 'unmeasured' };

/**
 * The floor a file's score must keep: 90 %, or, for a file recorded below 90 %, the recorded score (a
 * ratchet: it may only rise until it reaches the goal).
 */
export function floorFor(entry: BaselineEntry | undefined): number {
  return entry === undefined ? MIN_SCORE : Math.min(MIN_SCORE, entry.score);
}

/**
 * What the CI check says of one file: `measured` is the score of a run made now (undefined when the
 * file was not run), `sha256` the hash of the file's current source.
 */
export function verdict(file: string, sha256: string, entry: BaselineEntry | undefined, measured: number | undefined, overBudget: boolean): GateVerdict {
  const floor = floorFor(entry);
  if (measured !== undefined) return { file, status: measured >= floor ? 'pass' : 'fail', score: measured, floor, measured: true };
  if (entry === undefined) return { file, status: 'unmeasured' };
  if (entry.sha256 !== sha256) return overBudget ? { file, status: 'over-budget' } : { file, status: 'unmeasured' };
  return { file, status: entry.score >= floor ? 'pass' : 'fail', score: entry.score, floor, measured: false };
}

/** The targets whose source differs from (or is missing in) the baseline: what CI must run again. */
export function changedTargets(hashes: ReadonlyMap<string, string>, baseline: Baseline): string[] {
  return MUTATION_TARGETS.map((t) => t.file).filter((file) => baseline[file] !== undefined && baseline[file].sha256 !== hashes.get(file));
}
