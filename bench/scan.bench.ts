/**
 * Indexing throughput against a baseline measured in the same run: a bare Node loop that reads the file
 * and JSON.parses every line. Prints both timings and the ratio. Size: BENCH_MB (default 200).
 *   npm run bench
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { IndexJob } from '../src/core/index/indexJob';

const sizeMb = Number(process.env.BENCH_MB ?? 200);

function writeSyntheticFile(file: string): number {
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let i = 0;
  const steps = ['<action>retrieve segments where the red van passes the cyclist</action>', '<observation>It passes between 00:07 and 00:15; the cyclist wears a green jacket — 緑.</observation>'];
  while (bytes < sizeMb * 1024 * 1024) {
    const chain = Array.from({ length: 1 + (i % 10) }, (_, k) => steps[k % 2]).join(' ') + '<answer>B</answer>';
    const line =
      i % 997 === 0
        ? '{"id": "broken", "question": \n'
        : `${JSON.stringify({ id: `q${i}`, video_path: `src/${i % 50}.mp4`, question: `What happens at 00:${String(i % 60).padStart(2, '0')}? ${'x'.repeat(200 + (i % 4000))}`, answer: 'B', cot: chain })}\n`;
    bytes += fs.writeSync(fd, line);
    i++;
  }
  fs.closeSync(fd);
  return i;
}

async function baseline(file: string): Promise<number> {
  const start = performance.now();
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let parsed = 0;
  for await (const line of lines) {
    try {
      JSON.parse(line);
      parsed++;
    } catch {
      // counted as malformed in the real indexer
    }
  }
  if (parsed === 0) throw new Error('baseline parsed nothing');
  return performance.now() - start;
}

async function indexed(file: string, dir: string): Promise<{ ms: number; firstMs: number; records: number }> {
  const start = performance.now();
  const job = new IndexJob({ filePath: file, dbPath: path.join(dir, 'bench.sqlite'), format: 'jsonl' });
  let firstMs = -1;
  job.once('progress', () => (firstMs = performance.now() - start));
  const final = await job.done;
  return { ms: performance.now() - start, firstMs, records: final.records };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-bench-'));
  try {
    const file = path.join(dir, 'synthetic.jsonl');
    const lines = writeSyntheticFile(file);
    const size = fs.statSync(file).size;
    console.log(`file: ${(size / 1048576).toFixed(0)} MB, ${lines} lines; machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
    const base = await baseline(file);
    const ours = await indexed(file, dir);
    const mbps = (ms: number) => (size / 1048576 / (ms / 1000)).toFixed(0);
    console.log(`baseline (readline + JSON.parse per line): ${base.toFixed(0)} ms (${mbps(base)} MB/s)`);
    console.log(`index (worker, SQLite, ${ours.records} records):  ${ours.ms.toFixed(0)} ms (${mbps(ours.ms)} MB/s)`);
    console.log(`first batch available after:               ${ours.firstMs.toFixed(0)} ms`);
    console.log(`ratio index / baseline: ${(ours.ms / base).toFixed(2)}×`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
