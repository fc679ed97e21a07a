/** The shape every test layer reports in, so `npm test` can print one summary. */
export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

export interface LayerResult {
  layer: string;
  passed: number;
  failed: number;
  tests: TestOutcome[];
  environment?: string;
}
