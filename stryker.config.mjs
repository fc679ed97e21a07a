// Mutation testing of the engine's correctness-critical modules: `npm run test:mutation`.
// Each mutant is compiled into the sandbox once (mutant schemata) and only the unit tests that cover
// it run (per-test coverage); the incremental file lets a rerun test only what changed since.
// tools/mutation.ts runs it, reads the JSON report and fails when a file scores below 90 %.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  // The package test needs the built .vsix, which the sandbox does not hold (npm test runs it).
  mochaOptions: { spec: ['out/test/unit/**/*.test.js'], ignore: ['out/test/unit/package/**'], config: '.mocharc.json' },
  // out/ for the tests, dist/ for the ones that run the bundled CLI.
  buildCommand: 'npm run --silent build:mutation',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/core/reader/jsonArrayScanner.ts',
    'src/core/reader/jsonlScanner.ts',
    'src/core/rewards/formatCheck.ts',
    'src/core/rewards/grpo.ts',
    'src/core/rewards/rewardFormula.ts',
    'src/core/rewards/evidence/stepEvidence.ts',
    'src/core/save/writeEditedFile.ts',
    'src/core/edit/reserializeRecord.ts',
    'src/core/store/sqliteRecordStore.ts',
    'src/core/records/detectProfile.ts',
    'shared/chain/timeRefs.ts',
    'shared/chain/parseChain.ts',
  ],
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 95, low: 90, break: null },
  ignorePatterns: [
    'out',
    'dist',
    'build',
    '.demo',
    'test/e2e/artifacts',
    'bench/out',
    'samples/videos/*.mp4',
    'samples/videos/*.mpg',
    'samples/videos/*.mkv',
    'reports',
    '*.vsix',
  ],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  timeoutMS: 10000,
  concurrency: 2,
};
