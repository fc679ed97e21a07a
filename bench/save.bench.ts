/**
 * Saving an edited dataset: `writeEditedFile` (stream the file with 100 scattered records replaced into a
 * temp file, fsync, rename) on a synthetic ReWatch CoT JSONL file, beside two baselines measured in the
 * same run on the same file: `fs.promises.copyFile` (the kernel's own copy) and a read stream piped into
 * a write stream. Both baselines are also timed with an fsync of the copy, since the save fsyncs.
 *   npm run bench:save                 # 256 MB in the OS temp dir (BENCH_MB, BENCH_FILE, BENCH_RUNS to change)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { reserializeRecord } from '../src/core/edit/reserializeRecord';
import { Replacement, detectEol, writeEditedFile } from '../src/core/save/writeEditedFile';
import { scanJsonlLines } from '../src/core/reader/jsonlScanner';
import { isBlankRecord } from '../src/core/records/parseRecord';
import { readRecordBytes } from '../src/core/records/readRecord';
import { writeSyntheticDataset } from './syntheticDataset';

const sizeMb = Number(process.env.BENCH_MB ?? 256);
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const EDITS = 100;

async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** 100 records spread evenly over the file, each with its chain-like text changed, re-serialized in place. */
function scatteredEdits(file: string): Replacement[] {
  const spans: { byteOffset: number; byteLength: number }[] = [];
  scanJsonlLines(file, (r) => {
    if (!isBlankRecord(r.bytes)) spans.push({ byteOffset: r.byteOffset, byteLength: r.bytes.length });
  });
  const replacements: Replacement[] = [];
  for (let i = 0; i < EDITS; i++) {
    // Step forward from the evenly spaced pick to the next record that parses (skip malformed lines).
    for (let at = Math.floor(((i + 0.5) * spans.length) / EDITS); at < spans.length; at++) {
      const span = spans[at];
      if (replacements.length > 0 && span.byteOffset <= replacements[replacements.length - 1].byteOffset) continue;
      const text = readRecordBytes(file, span.byteOffset, span.byteLength).toString('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      const edited = { ...(value as Record<string, unknown>), reviewed: true, note: `edited ${i} — é 😀` };
      replacements.push({ ...span, text: reserializeRecord(text, edited) });
      break;
    }
  }
  return replacements;
}

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-save-bench-'));
  const file = process.env.BENCH_FILE ?? path.join(scratch, 'synthetic-cot.jsonl');
  const destination = path.join(scratch, 'saved.jsonl');
  try {
    if (!process.env.BENCH_FILE) {
      const made = writeSyntheticDataset(file, { sizeBytes: sizeMb * 1024 * 1024, seed: 11 });
      console.log(`synthetic file: ${made.records.toLocaleString('en-US')} records, ${(made.bytes / 1024 / 1024).toFixed(0)} MB`);
    }
    const size = fs.statSync(file).size;
    const mb = size / 1024 / 1024;
    const replacements = scatteredEdits(file);
    const head = Buffer.alloc(64 * 1024);
    const fd = fs.openSync(file, 'r');
    const eol = detectEol(head.subarray(0, fs.readSync(fd, head, 0, head.length, 0)));
    fs.closeSync(fd);
    console.log(`${replacements.length} records replaced, spread over the file; ${runs} runs each, medians; source in the page cache`);

    const results: Record<string, number[]> = { copyFile: [], copyFileSync: [], pipe: [], pipeSync: [], save: [] };
    let peakGrowth = 0;
    for (let run = 0; run < runs; run++) {
      const fresh = async (): Promise<void> => fs.promises.rm(destination, { force: true });

      await fresh();
      results.copyFile.push(await timed(() => fs.promises.copyFile(file, destination)));
      await fresh();
      results.copyFileSync.push(
        await timed(async () => {
          await fs.promises.copyFile(file, destination);
          await fsyncFile(destination);
        }),
      );
      await fresh();
      results.pipe.push(await timed(() => pipeline(fs.createReadStream(file), fs.createWriteStream(destination))));
      await fresh();
      results.pipeSync.push(
        await timed(async () => {
          await pipeline(fs.createReadStream(file), fs.createWriteStream(destination));
          await fsyncFile(destination);
        }),
      );

      await fresh();
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sample = (): void => void (peak = Math.max(peak, process.memoryUsage().rss));
      const timer = setInterval(sample, 5);
      results.save.push(
        await timed(async () => {
          await writeEditedFile({ source: file, destination, replacements, eol, hooks: { afterChunk: sample } });
        }),
      );
      clearInterval(timer);
      sample();
      peakGrowth = Math.max(peakGrowth, peak - before);
    }

    const line = (label: string, ms: number, extra = ''): void => {
      console.log(`${label.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms  ${(mb / (ms / 1000)).toFixed(0).padStart(5)} MB/s${extra}`);
    };
    const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)])) as Record<keyof typeof results, number>;
    console.log(`file: ${mb.toFixed(0)} MB (${size.toLocaleString('en-US')} bytes)`);
    line('baseline: fs.promises.copyFile', m.copyFile);
    line('baseline: fs.promises.copyFile + fsync', m.copyFileSync);
    line('baseline: read stream → write stream', m.pipe);
    line('baseline: read stream → write stream + fsync', m.pipeSync);
    line(
      `writeEditedFile, ${replacements.length} replacements (fsync + rename)`,
      m.save,
      `  ${(m.save / m.copyFileSync).toFixed(2)}× copyFile+fsync, ${(m.save / m.pipeSync).toFixed(2)}× pipe+fsync, ${(m.save / m.pipe).toFixed(2)}× pipe`,
    );
    console.log(`peak RSS growth while saving: ${(peakGrowth / 1024 / 1024).toFixed(1)} MB (file ${mb.toFixed(0)} MB)`);
    console.log(
      `all runs (ms): ${Object.entries(results)
        .map(([k, v]) => `${k} ${v.map((x) => x.toFixed(0)).join('/')}`)
        .join(', ')}`,
    );
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
