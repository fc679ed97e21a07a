/**
 * The managed Python worker on the CPU with the tiny Qwen2.5-VL (the worker test environment), against
 * a bare transformers generate loop on the same model, frames and prompt in the same run
 * (bench/bareGenerate.py):
 *   npm run bench:worker          (BENCH_TOKENS, default 400; BENCH_ROUNDS, default 3)
 * Cold load (process start to the model on its device), time to first token, tokens per second while
 * streaming, and the worker's peak RSS. The goal: the worker's overhead on tokens/s under 10 %.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PythonWorker } from '../src/core/inference/pythonWorker';
import { SCRIPT, scratch, testVideo, tinyModel } from '../test/worker/fixtures';
import { describeEnv, pythonEnv, WORKER_REQUIREMENTS } from '../tools/pythonEnv';

const TOKENS = Number(process.env.BENCH_TOKENS ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ratio = (ours: number, base: number) => `${(ours / base).toFixed(2)}×`;

interface WorkerRun {
  coldLoadMs: number | null;
  firstTokenMs: number;
  tokensPerSecond: number;
  tokens: number;
}

/** Peak resident memory (VmHWM) of a live process, in MB (Linux). */
function peakRss(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** One run; `spawnedAt` (the cold run's) makes its cold load the time from spawning the process to the model on its device. */
async function workerRun(worker: PythonWorker, model: string, video: string, spawnedAt?: number): Promise<WorkerRun> {
  let loadedAt: number | undefined;
  let first: number | undefined;
  let last = 0;
  const result = await worker.generate(
    { model, video, device: 'cpu', dtype: 'float32', attention: 'sdpa', prompt: 'What happens in the video?', max_new_tokens: TOKENS, temperature: 0 },
    {
      onDevice: () => (loadedAt = performance.now()),
      onToken: () => {
        const now = performance.now();
        first ??= now;
        last = now;
      },
    },
  );
  if (first === undefined || result.tokens !== TOKENS) throw new Error(`the run made ${result.tokens} tokens, not ${TOKENS}`);
  if (loadedAt === undefined) throw new Error('the worker reported no device');
  return {
    coldLoadMs: spawnedAt === undefined ? null : loadedAt - spawnedAt,
    // From the model being ready (loaded now, or kept) to the first token: video decode, inputs, prefill.
    firstTokenMs: first - loadedAt,
    // Tokens after the first, over the time from the first piece to the last (the pieces stream as they decode).
    tokensPerSecond: (result.tokens - 1) / ((last - first) / 1000),
    tokens: result.tokens,
  };
}

async function main(): Promise<void> {
  const env = pythonEnv('worker', WORKER_REQUIREMENTS);
  console.log(`Python environment: ${describeEnv(env, ['torch', 'transformers'])}`);
  const dir = scratch('rewatch-worker-bench-');
  try {
    const model = tinyModel(env.python, dir);
    const video = testVideo(dir, 'eight-frames.mp4', 4);
    const bare: { importMs: number; loadMs: number; prepareMs: number; firstTokenMs: number; tokensPerSecond: number; peakRssMb: number }[] = [];
    const ours: WorkerRun[] = [];
    let workerPeak: number | null = null;
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(
        JSON.parse(
          execFileSync(env.python, [path.join(__dirname, '../../bench/bareGenerate.py'), SCRIPT, model, video, String(TOKENS)], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
          }),
        ) as (typeof bare)[number],
      );
      // A new worker each round: the first run is the cold one (process, imports, load), then a warm one.
      const worker = new PythonWorker({ python: env.python, script: SCRIPT });
      const spawnedAt = performance.now();
      await worker.start();
      const cold = await workerRun(worker, model, video, spawnedAt);
      const warm = await workerRun(worker, model, video);
      ours.push({ ...warm, coldLoadMs: cold.coldLoadMs });
      workerPeak = Math.max(workerPeak ?? 0, peakRss(worker.pid) ?? 0);
      await worker.dispose();
    }
    const bareCold = median(bare.map((b) => b.importMs + b.loadMs));
    const oursCold = median(ours.map((o) => o.coldLoadMs ?? NaN));
    const bareFirst = median(bare.map((b) => b.prepareMs + b.firstTokenMs));
    const oursFirst = median(ours.map((o) => o.firstTokenMs));
    const bareRate = median(bare.map((b) => b.tokensPerSecond));
    const oursRate = median(ours.map((o) => o.tokensPerSecond));
    const overhead = bareRate / oursRate - 1;
    console.log(`\ntiny Qwen2.5-VL on the CPU, ${TOKENS} tokens greedy, 8 frames of 420×224; medians of ${ROUNDS} rounds (worker: warm run after a cold one)`);
    console.log(`cold load            worker ${oursCold.toFixed(0)} ms   bare ${bareCold.toFixed(0)} ms (imports + load)   ratio ${ratio(oursCold, bareCold)}`);
    console.log(
      `time to first token  worker ${oursFirst.toFixed(0)} ms   bare ${bareFirst.toFixed(0)} ms (video decode, inputs, prefill; the worker's from the model ready to the first piece read by the extension)   ratio ${ratio(oursFirst, bareFirst)}`,
    );
    console.log(
      `tokens/s             worker ${oursRate.toFixed(1)}   bare ${bareRate.toFixed(1)}   overhead ${(overhead * 100).toFixed(1)} % (goal < 10 %: ${overhead < 0.1 ? 'meets the goal' : 'MISSES the goal'})`,
    );
    console.log(`peak RSS             worker ${workerPeak?.toFixed(0) ?? '?'} MB   bare ${median(bare.map((b) => b.peakRssMb)).toFixed(0)} MB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
