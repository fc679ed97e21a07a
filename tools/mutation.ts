/**
 * `npm run test:mutation`: StrykerJS over the engine's correctness-critical modules (stryker.config.mjs),
 * then the score of every file, failing when one is below 90 %.
 *
 *   node out/tools/mutation.js [--mutate FILE,...] [--full] [--budget SECONDS] [--record] [--report-only]
 *   node out/tools/mutation.js --file FILE[,FILE…] [--record]     one run per file, against its own tests
 *   node out/tools/mutation.js --ci [--budget SECONDS]            what .ci/run does
 *
 * Incremental: reports/mutation/*-incremental.json keep the last run, so a rerun tests only the
 * mutants whose code or covering tests changed; `--full` starts afresh. `--record` writes the scores
 * with the date and each source's hash to docs/mutation-scores.md and docs/mutation-baseline.json;
 * `--ci` runs again only the files whose source changed since their recorded run and fails when one
 * is under its floor (tools/mutationTargets.ts); `--report-only` reads the last full report. The mutants run under Node 22+ (the build Node when new enough,
 * else the Node of today's VS Code that `npm run setup` installed) so the store is tested through
 * `node:sqlite`, the driver the extension ships.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import * as os from 'node:os';
import { installedHost, repoRoot } from './codeServer';
import { type Baseline, changedTargets, MIN_SCORE, MUTATION_TARGETS, verdict, type GateVerdict } from './mutationTargets';

const REPORT = path.join(repoRoot, 'reports/mutation/mutation.json');
const RECORD = path.join(repoRoot, 'docs/mutation-scores.md');
const BASELINE = path.join(repoRoot, 'docs/mutation-baseline.json');

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

const sha256 = (file: string): string =>
  crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(repoRoot, file)))
    .digest('hex');
const today = (): string => new Date().toISOString().slice(0, 10);

function readBaseline(): Baseline {
  return fs.existsSync(BASELINE) ? (JSON.parse(fs.readFileSync(BASELINE, 'utf8')) as Baseline) : {};
}

/** Runs Stryker (the repository's config, or `configFile`) and resolves when it exits; rejects past `deadline` (ms since the epoch). */
async function runStryker(deadline: number, extraArgs: string[], configFile?: string): Promise<void> {
  const args = [path.join(repoRoot, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', ...(configFile ? [configFile] : []), ...extraArgs];
  // The driver interop tests run the CLI under the build Node too (its better-sqlite3 is built for it).
  const env = { ...process.env, REWATCH_BUILD_NODE: process.env.REWATCH_BUILD_NODE ?? process.execPath };
  const child = spawn(strykerNode(), args, { cwd: repoRoot, env, stdio: 'inherit' });
  let overBudget = false;
  const timer = setTimeout(
    () => {
      overBudget = true;
      child.kill('SIGTERM');
    },
    Math.max(0, deadline - Date.now()),
  );
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  if (overBudget) throw new OverBudget();
  if (code !== 0) throw new Error(`Stryker exited with ${code}`);
}

class OverBudget extends Error {
  constructor() {
    super('over the time budget');
  }
}

/**
 * One module against only its own tests (MUTATION_TARGETS), with its own incremental file and report
 * under reports/mutation/; returns its score.
 */
async function runOne(file: string, deadline: number): Promise<number> {
  const target = MUTATION_TARGETS.find((t) => t.file === file);
  if (target === undefined) throw new Error(`${file} is not a mutation target (tools/mutationTargets.ts)`);
  const name = path.basename(file, '.ts');
  const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-stryker-')), 'stryker.config.mjs');
  const base = JSON.stringify(path.join(repoRoot, 'stryker.config.mjs'));
  fs.writeFileSync(
    config,
    [
      `import base from ${base};`,
      'export default {',
      '  ...base,',
      `  mutate: ${JSON.stringify([file])},`,
      `  mochaOptions: { ...base.mochaOptions, spec: ${JSON.stringify(target.tests)} },`,
      `  incrementalFile: ${JSON.stringify(`reports/mutation/${name}-incremental.json`)},`,
      `  jsonReporter: { fileName: ${JSON.stringify(`reports/mutation/${name}.json`)} },`,
      `  tempDirName: ${JSON.stringify(`.stryker-tmp-${name}`)},`,
      '};',
      '',
    ].join('\n'),
  );
  await runStryker(deadline, [], config);
  const report = JSON.parse(fs.readFileSync(path.join(repoRoot, `reports/mutation/${name}.json`), 'utf8')) as Report;
  const score = fileScores(report).find((s) => s.file === file);
  if (score === undefined) throw new Error(`the report of ${file} does not list it`);
  console.log(`\n${scoreTable([score])}\n`);
  return score.score;
}

function writeRecord(baseline: Baseline, scores: readonly FileScore[]): void {
  fs.writeFileSync(BASELINE, `${JSON.stringify(baseline, null, 2)}\n`);
  const rows = MUTATION_TARGETS.map(({ file }) => {
    const entry = baseline[file];
    return entry === undefined
      ? `| ${file} | not measured yet | |`
      : `| ${file} | ${entry.score.toFixed(1)} %${entry.score < MIN_SCORE ? ' (below the goal)' : ''} | ${entry.date} |`;
  });
  const text = [
    '# Mutation scores',
    '',
    "StrykerJS (mocha runner, TypeScript checker, per-test coverage) over the engine's correctness-critical modules.",
    `Each file is measured against the unit tests that exercise it (tools/mutationTargets.ts); the goal is ${MIN_SCORE} % per file.`,
    'Equivalent mutants are disabled in the source with a `// Stryker disable next-line <mutator>: <why>` comment.',
    '`.ci/run` runs every file whose source changed since the date below again and fails when it scores under',
    `${MIN_SCORE} % (under its recorded score, for a file not yet at the goal). The hashes are in docs/mutation-baseline.json.`,
    '',
    '| file | score | measured |',
    '| --- | --- | --- |',
    ...rows,
    '',
    ...(scores.length > 0 ? ['Latest run:', '', scoreTable(scores), ''] : []),
  ].join('\n');
  fs.writeFileSync(RECORD, text);
  console.log(`mutation: recorded in ${path.relative(repoRoot, RECORD)} and ${path.relative(repoRoot, BASELINE)}`);
}

/** `--ci`: the files changed since their recorded run, each against its own tests, within the budget. */
async function ciCheck(deadline: number): Promise<number> {
  const baseline = readBaseline();
  const hashes = new Map(MUTATION_TARGETS.map((t) => [t.file, sha256(t.file)]));
  const changed = new Set(changedTargets(hashes, baseline));
  const measured = new Map<string, number>();
  let overBudget = false;
  for (const file of changed) {
    if (overBudget) break;
    console.log(`mutation: ${file} changed since its recorded run (${baseline[file].date}); testing its mutants again`);
    try {
      measured.set(file, await runOne(file, deadline));
    } catch (error) {
      if (!(error instanceof OverBudget)) throw error;
      overBudget = true;
    }
  }
  const verdicts: GateVerdict[] = MUTATION_TARGETS.map(({ file }) =>
    verdict(file, hashes.get(file) ?? '', baseline[file], measured.get(file), overBudget && changed.has(file)),
  );
  for (const v of verdicts) {
    if (v.status === 'unmeasured') console.log(`mutation: ${v.file}: not measured yet (not gated)`);
    else if (v.status === 'over-budget') console.error(`mutation: ${v.file}: changed, and the budget ran out before it was tested`);
    else {
      const how = v.measured ? 'measured now' : 'recorded, source unchanged';
      const line = `mutation: ${v.file}: ${v.score.toFixed(1)} % (${how}; floor ${v.floor.toFixed(1)} %)`;
      if (v.status === 'fail') console.error(`${line}: BELOW THE FLOOR`);
      else console.log(line + (v.floor < MIN_SCORE ? ` — below the ${MIN_SCORE} % goal` : ''));
    }
  }
  return verdicts.some((v) => v.status === 'fail' || v.status === 'over-budget') ? 1 : 0;
}

async function main(): Promise<number> {
  const started = Date.now();
  const deadline = started + Number(option('--budget') ?? 7200) * 1000;
  if (process.argv.includes('--ci')) return ciCheck(deadline);

  const files = option('--file')?.split(',');
  if (files !== undefined) {
    // One run per file, each against its own tests; `--record` keeps each score with its source's hash.
    const baseline = readBaseline();
    let low = 0;
    for (const file of files) {
      const hash = sha256(file);
      const score = await runOne(file, deadline);
      if (score < MIN_SCORE) low++;
      // Recorded file by file, so a long series stopped halfway keeps what it measured.
      if (process.argv.includes('--record')) {
        baseline[file] = { score: Math.round(score * 10) / 10, sha256: hash, date: today() };
        writeRecord(baseline, []);
      }
    }
    return low === 0 ? 0 : 1;
  }

  if (!process.argv.includes('--report-only')) {
    const extra = [...(option('--mutate') ? ['--mutate', option('--mutate') ?? ''] : []), ...(process.argv.includes('--full') ? ['--force'] : [])];
    await runStryker(deadline, extra);
  }
  const scores = fileScores(JSON.parse(fs.readFileSync(REPORT, 'utf8')) as Report);
  console.log(`\n${scoreTable(scores)}\n`);
  if (process.argv.includes('--record')) {
    const baseline = readBaseline();
    for (const s of scores) baseline[s.file] = { score: Math.round(s.score * 10) / 10, sha256: sha256(s.file), date: today() };
    writeRecord(baseline, scores);
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
