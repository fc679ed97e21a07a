/**
 * `rewatch-inspector score`'s offline speed (r_fmt, r_acc, the total, GRPO advantages and the evidence
 * check per step against the captions) on a synthetic ReWatch CoT file, beside a baseline measured in
 * the same run on the same file: one thread reading and JSON.parsing every line and nothing else.
 *   npm run bench:score                # 128 MB in the OS temp dir (BENCH_MB, BENCH_FILE to change)
 * Goal (issue 5): ≥ 5,000 records/s on one core.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openIndex } from '../src/core/index/openIndex';
import { scoreFile } from '../src/core/scoring/scoreFile';
import { SqliteRecordStore } from '../src/core/store/sqliteRecordStore';
import { jsonParseBaseline } from './baselines';
import { writeSyntheticDataset } from './syntheticDataset';

const GOAL = 5000;
const sizeMb = Number(process.env.BENCH_MB ?? 128);
const CLI = path.join(__dirname, '../../dist/cli.js');

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-score-bench-'));
  const file = process.env.BENCH_FILE ?? path.join(scratch, 'synthetic-cot.jsonl');
  try {
    if (!process.env.BENCH_FILE) {
      const made = writeSyntheticDataset(file, { sizeBytes: sizeMb * 1024 * 1024, seed: 5 });
      console.log(
        `synthetic file: ${made.records.toLocaleString('en-US')} records, ${(made.bytes / 1024 / 1024).toFixed(0)} MB (captions inside the records, rewards logged)`,
      );
    }
    const storageDir = path.join(scratch, 'indexes');
    const index = openIndex({ filePath: file, storageDir, sidecar: {} });
    await index.done;
    const profile = index.profile ?? index.job?.profile;
    if (!profile) throw new Error('no profile');
    const store = new SqliteRecordStore(index.dbPath, { readonly: true });

    const baseline = await jsonParseBaseline(file);
    const records = store.count();
    const baselineRate = records / (baseline.ms / 1000);

    // Ours, in this one thread: read by the index's offsets, parse, map fields, score every chain.
    let steps = 0;
    const started = performance.now();
    const result = await scoreFile({
      filePath: file,
      store,
      profile,
      captionsFor: () => null,
      onRecord: (scored) => {
        for (const score of scored.scores) steps += score.evidence.steps.length;
      },
    });
    const ms = performance.now() - started;
    const rate = result.records / (ms / 1000);
    store.close();
    index.release();

    // The CLI end to end on the same (already indexed) file: process start, summary, JSONL to a file.
    const out = path.join(scratch, 'scores.jsonl');
    const cliStarted = performance.now();
    try {
      execFileSync(process.execPath, [CLI, 'score', file, '--index-dir', storageDir, '--jsonl', out], { stdio: 'pipe' });
    } catch (error) {
      // Exit 1 means some logged rewards disagree: expected on synthetic data, not a failure.
      if ((error as { status?: number }).status !== 1) throw error;
    }
    const cliMs = performance.now() - cliStarted;

    console.log(`records: ${records.toLocaleString('en-US')}, steps checked against captions: ${steps.toLocaleString('en-US')}`);
    console.log(
      `baseline (read + JSON.parse every line, one thread): ${baseline.ms.toFixed(0)} ms, ${Math.round(baselineRate).toLocaleString('en-US')} records/s`,
    );
    console.log(
      `score (offline parts, one thread):                 ${ms.toFixed(0)} ms, ${Math.round(rate).toLocaleString('en-US')} records/s — ${(rate / baselineRate).toFixed(2)}× the baseline's rate`,
    );
    console.log(
      `rewatch-inspector score --jsonl (whole CLI run):   ${cliMs.toFixed(0)} ms, ${Math.round(records / (cliMs / 1000)).toLocaleString('en-US')} records/s`,
    );
    console.log(`goal ≥ ${GOAL.toLocaleString('en-US')} records/s on one core: ${rate >= GOAL ? 'meets the goal' : 'MISSES the goal'}`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
