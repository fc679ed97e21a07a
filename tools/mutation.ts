/**
 * `npm run test:mutation`: StrykerJS over the engine's correctness-critical modules (stryker.config.mjs),
 * then the score of every file, failing when one is below 90 %.
 *
 *   node out/tools/mutation.js [--mutate FILE,...] [--full] [--budget SECONDS] [--record] [--report-only]
 *
 * Incremental by default: reports/mutation/stryker-incremental.json (committed) holds the last run,
 * so a rerun tests only the mutants whose code or covering tests changed. `--full` starts afresh;
 * `--record` writes the scores to docs/mutation-scores.md with the date; `--report-only` checks the
 * last report without running Stryker. The mutants run under Node 22+ (the build Node when new enough,
 * else the Node of today's VS Code that `npm run setup` installed) so the store is tested through
 * `node:sqlite`, the driver the extension ships.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installedHost, repoRoot } from './codeServer';

/** Every file must reach this score. */
export const MIN_SCORE = 90;
const REPORT = path.join(repoRoot, 'reports/mutation/mutation.json');
const RECORD = path.join(repoRoot, 'docs/mutation-scores.md');

type Status = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';

interface Report {
  files: Record<string, { mutants: { status: Status; mutatorName: string; location: { start: { line: number } }; replacement?: string }[] }>;
}

export interface FileScore {
  file: string;
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
  ignored: number;
  invalid: number;
  /** Detected (killed or timed out) over valid (detected, survived, not covered), in percent. */
  score: number;
}

/** The per-file scores of a Stryker JSON report, as Stryker counts them (compile errors and ignored mutants are not valid). */
export function fileScores(report: Report): FileScore[] {
  return Object.entries(report.files)
    .map(([file, { mutants }]) => {
      const count = (...statuses: Status[]) => mutants.filter((m) => statuses.includes(m.status)).length;
      const detected = count('Killed', 'Timeout');
      const valid = detected + count('Survived', 'NoCoverage');
      return {
        file,
        killed: count('Killed'),
        survived: count('Survived'),
        noCoverage: count('NoCoverage'),
        timeout: count('Timeout'),
        ignored: count('Ignored'),
        invalid: count('CompileError', 'RuntimeError'),
        score: valid === 0 ? 100 : (100 * detected) / valid,
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

export function scoreTable(scores: readonly FileScore[]): string {
  const rows = scores.map(
    (s) => `| ${s.file} | ${s.score.toFixed(1)} % | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.ignored} | ${s.invalid} |`,
  );
  return [
    '| file | score | killed | timeout | survived | no coverage | ignored (equivalent) | compile errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function strykerNode(): string {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) return process.execPath;
  const host = installedHost('current');
  if (!fs.existsSync(host.nodeBinary))
    throw new Error(`The mutation run needs Node 22+ (node:sqlite) and ${host.nodeBinary} is missing: run \`npm run setup\` first.`);
  return host.nodeBinary;
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

async function runStryker(budgetSeconds: number): Promise<void> {
  const args = [path.join(repoRoot, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run'];
  const mutate = option('--mutate');
  if (mutate) args.push('--mutate', mutate);
  if (process.argv.includes('--full')) args.push('--force');
  // The driver interop tests run the CLI under the build Node too (its better-sqlite3 is built for it).
  const env = { ...process.env, REWATCH_BUILD_NODE: process.env.REWATCH_BUILD_NODE ?? process.execPath };
  const child = spawn(strykerNode(), args, { cwd: repoRoot, env, stdio: 'inherit' });
  const timer = setTimeout(() => {
    console.error(`mutation: over the budget of ${budgetSeconds} s; stopped.`);
    child.kill('SIGTERM');
  }, budgetSeconds * 1000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`Stryker exited with ${code}`);
}

async function main(): Promise<number> {
  const started = Date.now();
  if (!process.argv.includes('--report-only')) await runStryker(Number(option('--budget') ?? 7200));
  const scores = fileScores(JSON.parse(fs.readFileSync(REPORT, 'utf8')) as Report);
  const table = scoreTable(scores);
  console.log(`\n${table}\n`);
  if (process.argv.includes('--record')) {
    const date = new Date().toISOString().slice(0, 10);
    const total = scores.reduce((n, s) => n + s.killed + s.timeout + s.survived + s.noCoverage, 0);
    const text = [
      '# Mutation scores',
      '',
      `Recorded ${date} by \`npm run test:mutation -- --record\` (StrykerJS, mocha runner, TypeScript checker, per-test coverage; ${total} valid mutants).`,
      `Every file must score at least ${MIN_SCORE} %; \`.ci/run\` checks it incrementally. Equivalent mutants are disabled in the`,
      'source with a `// Stryker disable next-line <mutator>: <why>` comment and counted as ignored.',
      '',
      table,
      '',
    ].join('\n');
    fs.writeFileSync(RECORD, text);
    console.log(`mutation: recorded in ${path.relative(repoRoot, RECORD)}`);
  }
  const low = scores.filter((s) => s.score < MIN_SCORE);
  console.log(`mutation: ${scores.length} files, ${low.length} below ${MIN_SCORE} %, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const s of low) console.error(`mutation: ${s.file} scores ${s.score.toFixed(1)} % (< ${MIN_SCORE} %)`);
  return low.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`mutation: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
