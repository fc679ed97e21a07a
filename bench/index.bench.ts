/**
 * The engine's speed and memory on a synthetic ReWatch CoT file, every figure beside a baseline
 * measured in the same run on the same file:
 *   npm run bench                      # 1 GB in the OS temp dir (BENCH_MB, BENCH_FILE to change)
 * Baselines: a bare one-thread Node loop that reads and JSON.parses every line, Python's json.loads
 * loop (when python3 exists), and `wc -l` for the pure newline scan.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadRecord } from '../src/core/records/readRecord';
import { buildSample } from '../src/core/sample/buildSample';
import { scanLineOffsets } from '../src/core/reader/lineOffsets';
import { SqliteRecordStore } from '../src/core/store/sqliteRecordStore';
import type { FileProfile } from '../shared/fieldMapping';
import type { RecordSummary } from '../shared/records';
import { jsonParseBaseline, pythonBaseline, wcBaseline } from './baselines';
import { writeSyntheticDataset } from './syntheticDataset';

const sizeMb = Number(process.env.BENCH_MB ?? 1024);
/** The shipped CLI bundle (what `rewatch-inspector` runs), built by `npm run build`. */
const CLI = path.join(__dirname, '../../dist/cli.js');

interface IndexReport {
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
function indexInChild(file: string, dir: string): IndexReport {
  const out = execFileSync(process.execPath, [CLI, 'index', file, '--force', '--json', '--index-dir', dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as IndexReport;
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
    console.log(`file: ${mb.toFixed(0)} MB · machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, ${os.type()} ${os.release()}`);
    // Warm the page cache so every contender reads from memory, not disk.
    timeNewlineScan(file);

    const base = await jsonParseBaseline(file);
    const python = await pythonBaseline(file);
    const wc = await wcBaseline(file);
    const scan = timeNewlineScan(file);
    const index = indexInChild(file, work);
    const access = randomAccess(file, index.dbPath, 2000);
    const switching = sampleSwitch(file, index.dbPath, 1000);

    const mbps = (ms: number) => `${(mb / (ms / 1000)).toFixed(0)} MB/s`;
    console.log('');
    console.log(`baseline: Node read + JSON.parse every line, one thread   ${fmt(base.ms)} (${mbps(base.ms)})  ${base.detail}`);
    if (python) console.log(`baseline: Python json.loads every line                   ${fmt(python.ms)} (${mbps(python.ms)})`);
    else console.log('baseline: Python json.loads: skipped (no python3)');
    console.log('');
    console.log(`index: records, summaries, problems (workers + SQLite)  ${fmt(index.recordsMs)} (${mbps(index.recordsMs)})  ${index.records.toLocaleString('en-US')} records, ${index.malformed} malformed`);
    console.log(`  ratio to the JSON.parse baseline: ${ratio(index.recordsMs, base.ms)} (goal ≤ 1.5×: ${verdict(index.recordsMs <= 1.5 * base.ms)})`);
    if (python) console.log(`  ratio to Python json.loads:       ${ratio(index.recordsMs, python.ms)} (goal < 1×: ${verdict(index.recordsMs < python.ms)})`);
    console.log(`index + full-text search (FTS5) ready                   ${fmt(index.ms)} (${mbps(index.ms)})  ratio to baseline ${ratio(index.ms, base.ms)}`);
    console.log(`first 100 records readable after                        ${fmt(index.firstRecordsMs)} (goal ≤ 200 ms: ${verdict(index.firstRecordsMs <= 200)})`);
    console.log(`random access, record by position (index + read + parse) median ${access.medianMs.toFixed(3)} ms, p95 ${access.p95Ms.toFixed(3)} ms (goal median ≤ 5 ms: ${verdict(access.medianMs <= 5)})`);
    console.log(`sample switch, host side (record + problems + step cards) median ${switching.medianMs.toFixed(2)} ms, p95 ${switching.p95Ms.toFixed(2)} ms, ratio to random access ${ratio(switching.medianMs, access.medianMs)} (goal median ≤ 50 ms: ${verdict(switching.medianMs <= 50)})`);
    console.log(`peak RSS of the indexing process                        ${index.peakRssMb.toFixed(0)} MB (goal ≤ 250 MB: ${verdict(index.peakRssMb <= 250)})`);
    console.log('');
    if (wc) console.log(`newline scan (offsets only) ${fmt(scan.ms)} (${mbps(scan.ms)}, ${scan.lines.toLocaleString('en-US')} lines) vs wc -l ${fmt(wc.ms)}: ratio ${ratio(scan.ms, wc.ms)}`);
    else console.log(`newline scan (offsets only) ${fmt(scan.ms)}; wc -l: skipped (not found)`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
