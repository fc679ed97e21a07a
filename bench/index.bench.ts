/**
 * The engine's speed and memory on a synthetic ReWatch CoT file, every figure beside a baseline
 * measured in the same run on the same file:
 *   npm run bench                      # 1 GB in the OS temp dir (BENCH_MB, BENCH_FILE to change)
 * Baselines: a bare one-thread Node loop that reads and JSON.parses every line (on each Node the
 * indexer runs on), Python's json.loads loop (when python3 exists), and `wc -l` for the newline scan.
 * The index is built with each SQLite set-up of ./sqliteDrivers (BENCH_ROUNDS times each, default 3).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadRecord } from '../src/core/records/readRecord';
import { buildSample } from '../src/core/sample/buildSample';
import { scanLineOffsets } from '../src/core/reader/lineOffsets';
import { SqliteRecordStore } from '../src/core/store/sqliteRecordStore';
import type { FileProfile } from '../shared/records/fieldMapping';
import type { RecordSummary } from '../shared/records/recordSummary';
import { jsonParseBaseline, jsonParseBaselineUnder, pythonBaseline, wcBaseline } from './baselines';
import { type DriverSetup, detachedCli, driverSetups } from './sqliteDrivers';
import { writeSyntheticDataset } from './syntheticDataset';

const sizeMb = Number(process.env.BENCH_MB ?? 1024);
/** Indexing runs per SQLite set-up (medians are reported). */
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
/** The shipped CLI bundle (what `rewatch-inspector` runs), built by `npm run build`. */
const CLI = path.join(__dirname, '../../dist/cli.js');

interface IndexReport {
  sqlite: string;
  records: number;
  malformed: number;
  dbPath: string;
  firstRecordsMs: number;
  recordsMs: number;
  ms: number;
  peakRssMb: number;
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const ratio = (ours: number, base: number) => `${(ours / base).toFixed(2)}×`;
const verdict = (ok: boolean) => (ok ? 'meets the goal' : 'MISSES the goal');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeNewlineScan(file: string): { ms: number; lines: number } {
  const start = performance.now();
  let lines = 0;
  scanLineOffsets(file, () => lines++);
  return { ms: performance.now() - start, lines };
}

/** Index in a child process (as the CLI does), so its peak RSS is the indexer's alone. */
function indexInChild(cli: string, setup: DriverSetup, file: string, dir: string): IndexReport {
  const env = { ...process.env, REWATCH_SQLITE_DRIVER: setup.driver, NODE_PATH: setup.nodePath ?? '' };
  const out = execFileSync(setup.node, [cli, 'index', file, '--force', '--json', '--index-dir', dir], { encoding: 'utf8', maxBuffer: 1 << 20, env });
  const report = JSON.parse(out) as IndexReport;
  if (report.sqlite !== setup.driver) throw new Error(`${setup.label}: the CLI used ${report.sqlite}`);
  return report;
}

interface SetupResult {
  setup: DriverSetup;
  baselineMs: number;
  recordsMs: number;
  searchMs: number;
  ms: number;
  firstRecordsMs: number;
  peakRssMb: number;
  records: number;
  malformed: number;
  dbPath: string;
}

/** Each set-up indexes `rounds` times, interleaved (so a noisy moment hits all alike); medians kept. */
function indexAll(cli: string, setups: DriverSetup[], baselines: Map<string, number>, file: string, work: string, rounds: number): SetupResult[] {
  const reports = setups.map(() => [] as IndexReport[]);
  for (let round = 0; round < rounds; round++) {
    setups.forEach((setup, i) => reports[i].push(indexInChild(cli, setup, file, path.join(work, `index-${i}`))));
  }
  return setups.map((setup, i) => {
    const runs = reports[i];
    const last = runs[runs.length - 1];
    return {
      setup,
      baselineMs: baselines.get(setup.nodeVersion) ?? NaN,
      recordsMs: median(runs.map((r) => r.recordsMs)),
      searchMs: median(runs.map((r) => r.ms - r.recordsMs)),
      ms: median(runs.map((r) => r.ms)),
      firstRecordsMs: median(runs.map((r) => r.firstRecordsMs)),
      peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
      records: last.records,
      malformed: last.malformed,
      dbPath: last.dbPath,
    };
  });
}

/** Times `visit` on `samples` pseudo-random records (summary from the index, then whatever `visit` does). */
function timeRandomRecords(
  dbPath: string,
  samples: number,
  seed: number,
  visit: (store: SqliteRecordStore, summary: RecordSummary, profile: FileProfile) => void,
): { medianMs: number; p95Ms: number } {
  const store = new SqliteRecordStore(dbPath, { readonly: true });
  const profile = JSON.parse(store.meta().profile) as FileProfile;
  const total = store.count();
  const times: number[] = [];
  let state = seed;
  for (let i = 0; i < samples; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const position = state % total;
    const start = performance.now();
    const summary = store.recordAt(position);
    if (!summary) throw new Error(`no record ${position}`);
    visit(store, summary, profile);
    times.push(performance.now() - start);
  }
  store.close();
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: median(times), p95Ms: sorted[Math.floor(sorted.length * 0.95)] };
}

function randomAccess(file: string, dbPath: string, samples: number): { medianMs: number; p95Ms: number } {
  return timeRandomRecords(dbPath, samples, 7, (_store, summary, profile) => loadRecord(file, summary, profile));
}

/**
 * What the host does when the user switches sample (minus the message round trip and the cached video
 * lookup): the summary, the record from disk, its problems, the step cards with grounding warnings.
 */
function sampleSwitch(file: string, dbPath: string, samples: number): { medianMs: number; p95Ms: number } {
  return timeRandomRecords(dbPath, samples, 11, (store, summary, profile) =>
    buildSample({ loaded: loadRecord(file, summary, profile), problems: store.problemsOf(summary.position), captions: null, videoDuration: 900 }),
  );
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm run bench does).`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-bench-'));
  try {
    let file = process.env.BENCH_FILE;
    if (!file) {
      file = path.join(work, 'synthetic-cot.jsonl');
      const made = writeSyntheticDataset(file, { sizeBytes: sizeMb * 1024 * 1024, seed: 1 });
      console.log(`generated ${file}: ${made.records.toLocaleString('en-US')} records, ${made.malformed} malformed`);
    }
    const size = fs.statSync(file).size;
    const mb = size / 1048576;
    const cpus = os.cpus();
    console.log(
      `file: ${mb.toFixed(0)} MB · machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, ${os.type()} ${os.release()}`,
    );
    // Warm the page cache so every contender reads from memory, not disk.
    timeNewlineScan(file);

    const setups = driverSetups();
    const base = await jsonParseBaseline(file);
    const baselines = new Map<string, number>([[process.versions.node, base.ms]]);
    for (const setup of setups) {
      if (!baselines.has(setup.nodeVersion)) baselines.set(setup.nodeVersion, (await jsonParseBaselineUnder(setup.node, file)).ms);
    }
    const python = await pythonBaseline(file);
    const wc = await wcBaseline(file);
    const scan = timeNewlineScan(file);
    const cli = detachedCli(path.dirname(CLI), path.join(work, 'cli'));
    const results = indexAll(cli, setups, baselines, file, work, rounds);
    const shipped = results[results.length - 1]; // node:sqlite on today's VS Code's Node
    const sameNode = results[results.length - 2]; // better-sqlite3 on that Node
    const access = randomAccess(file, shipped.dbPath, 2000);
    const switching = sampleSwitch(file, shipped.dbPath, 1000);

    const mbps = (ms: number) => `${(mb / (ms / 1000)).toFixed(0)} MB/s`;
    console.log('');
    for (const [version, ms] of baselines) console.log(`baseline: Node ${version} read + JSON.parse every line, one thread   ${fmt(ms)} (${mbps(ms)})`);
    if (python) console.log(`baseline: Python json.loads every line                   ${fmt(python.ms)} (${mbps(python.ms)})`);
    else console.log('baseline: Python json.loads: skipped (no python3)');
    console.log('');
    console.log(`index, median of ${rounds} runs per SQLite set-up (ratios to the JSON.parse loop on the same Node):`);
    console.log('  set-up                         records phase          full-text phase   search ready           first 100   peak RSS');
    for (const r of results) {
      console.log(
        `  ${r.setup.label.padEnd(30)} ${fmt(r.recordsMs).padStart(8)} ${ratio(r.recordsMs, r.baselineMs).padStart(6)}        ${fmt(r.searchMs).padStart(8)}         ${fmt(r.ms).padStart(8)} ${ratio(r.ms, r.baselineMs).padStart(6)}        ${fmt(r.firstRecordsMs).padStart(6)}   ${r.peakRssMb.toFixed(0)} MB`,
      );
    }
    console.log(`  ${shipped.records.toLocaleString('en-US')} records, ${shipped.malformed} malformed`);
    console.log('');
    const driverRatio = (a: number, b: number) => `${ratio(a, b)} (goal ≤ 1.10×: ${verdict(a <= 1.1 * b)})`;
    console.log(
      `node:sqlite vs better-sqlite3 on Node ${sameNode.setup.nodeVersion}: records phase ${driverRatio(shipped.recordsMs, sameNode.recordsMs)}, full-text phase ${driverRatio(shipped.searchMs, sameNode.searchMs)}`,
    );
    console.log(
      `node:sqlite on Node ${shipped.setup.nodeVersion} vs better-sqlite3 on Node ${results[0].setup.nodeVersion} (before this change): records ${ratio(shipped.recordsMs, results[0].recordsMs)}, full-text ${ratio(shipped.searchMs, results[0].searchMs)}`,
    );
    console.log('');
    console.log(`node:sqlite (what VS Code runs):`);
    console.log(
      `  records phase ratio to the JSON.parse baseline: ${ratio(shipped.recordsMs, shipped.baselineMs)} (goal ≤ 1.5×: ${verdict(shipped.recordsMs <= 1.5 * shipped.baselineMs)})`,
    );
    if (python)
      console.log(
        `  ratio to Python json.loads:                     ${ratio(shipped.recordsMs, python.ms)} (goal < 1×: ${verdict(shipped.recordsMs < python.ms)})`,
      );
    console.log(`  first 100 records readable after                ${fmt(shipped.firstRecordsMs)} (goal ≤ 200 ms: ${verdict(shipped.firstRecordsMs <= 200)})`);
    console.log(`  peak RSS of the indexing process                ${shipped.peakRssMb.toFixed(0)} MB (goal ≤ 250 MB: ${verdict(shipped.peakRssMb <= 250)})`);
    console.log(
      `random access, record by position (index + read + parse) median ${access.medianMs.toFixed(3)} ms, p95 ${access.p95Ms.toFixed(3)} ms (goal median ≤ 5 ms: ${verdict(access.medianMs <= 5)})`,
    );
    console.log(
      `sample switch, host side (record + problems + step cards) median ${switching.medianMs.toFixed(2)} ms, p95 ${switching.p95Ms.toFixed(2)} ms, ratio to random access ${ratio(switching.medianMs, access.medianMs)} (goal median ≤ 50 ms: ${verdict(switching.medianMs <= 50)})`,
    );
    console.log('');
    if (wc)
      console.log(
        `newline scan (offsets only) ${fmt(scan.ms)} (${mbps(scan.ms)}, ${scan.lines.toLocaleString('en-US')} lines) vs wc -l ${fmt(wc.ms)}: ratio ${ratio(scan.ms, wc.ms)}`,
      );
    else console.log(`newline scan (offsets only) ${fmt(scan.ms)}; wc -l: skipped (not found)`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
