/**
 * The managed Python worker end to end on a real GPU: a tiny randomly initialised Qwen2.5-VL built
 * offline by makeTinyModel.py, a 4 s test video made with ffmpeg, and python/rewatch_worker.py driven
 * through PythonWorker: load, sample, generate, stream, cancel. Not part of `npm test` (the unit
 * runner only reads out/test/unit); see test/gpu/README.md for how to run it.
 *
 * Needs an NVIDIA GPU, ffmpeg, and a Python with torch (CUDA build), transformers and tokenizers:
 * `python3`, or the one named by REWATCH_GPU_PYTHON. Nothing is skipped: without them it fails and
 * says what is missing.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PythonWorker, type WorkerFrames, type WorkerPhase } from '../../src/core/inference/pythonWorker';
import { requirePrograms } from '../../tools/systemDeps';

const PYTHON = process.env.REWATCH_GPU_PYTHON ?? 'python3';
const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'python', 'rewatch_worker.py');
const MAKE_MODEL = path.join(ROOT, 'test', 'gpu', 'makeTinyModel.py');

describe('the Python worker on a GPU (tiny random Qwen2.5-VL)', function () {
  this.timeout(10 * 60_000);

  let dir: string;
  let model: string;
  let video: string;
  const logs: string[] = [];
  let worker: PythonWorker;

  before(async function () {
    requirePrograms('ffmpeg');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-gpu-'));
    model = path.join(dir, 'tiny-qwen2.5-vl');
    video = path.join(dir, 'four-seconds.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-t', '4', '-pix_fmt', 'yuv420p', '-y', video]);
    worker = new PythonWorker({ python: PYTHON, script: SCRIPT, log: (line) => logs.push(line) });
    const probe = await worker.probe();
    const missing = (['torch', 'transformers'] as const).filter((p) => probe.packages[p] === null);
    assert.deepEqual(missing, [], `${PYTHON} (${probe.executable ?? '?'}) lacks ${missing.join(', ')}`);
    assert.ok(probe.cuda.available, `torch sees no GPU: ${probe.cuda.error ?? '?'}`);
    console.log(`    ${probe.executable ?? PYTHON}: Python ${probe.python}, ${JSON.stringify(probe.packages)}, ${probe.cuda.devices.map((d) => `${d.name} (${d.total_mib} MiB)`).join(', ')}`);
    const made = execFileSync(PYTHON, [MAKE_MODEL, model], { encoding: 'utf8', env: { ...process.env, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' } });
    console.log(`    tiny model: ${made.trim().split('\n').pop() ?? ''}`);
  });

  after(async () => {
    await worker?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`    worker log:\n${logs.map((l) => `      ${l}`).join('\n')}`);
  });

  it('runs a sample: frames sampled, tokens streamed, done; the streamed text is the result', async () => {
    const phases: WorkerPhase[] = [];
    const frames: WorkerFrames[] = [];
    const pieces: string[] = [];
    const result = await worker.generate(
      {
        model,
        video,
        prompt: 'What happens in the video? Answer with <answer>...</answer>.',
        system: 'You are a careful video reasoner.',
        attention: 'sdpa',
        dtype: 'bfloat16',
        max_new_tokens: 48,
        temperature: 0.7,
        top_p: 0.9,
        seed: 0,
      },
      { onPhase: (p) => phases.push(p), onFrames: (f) => frames.push(f), onToken: (t) => pieces.push(t), firstTokenTimeoutMs: 5 * 60_000, idleTimeoutMs: 60_000 },
    );
    assert.deepEqual(phases, ['loading', 'sampling', 'generating']);
    assert.equal(frames.length, 1);
    const [sampled] = frames;
    // 4 s at 2 fps: 8 frames; 640×360 within 128×28×28 pixels: multiples of 28.
    assert.ok(sampled.count > 0, `frames: ${JSON.stringify(sampled)}`);
    assert.equal(sampled.count % 2, 0);
    assert.equal(sampled.width % 28, 0);
    assert.equal(sampled.height % 28, 0);
    assert.ok(sampled.width * sampled.height <= 128 * 28 * 28);
    assert.equal(result.cancelled, false);
    assert.equal(result.tokens, 48, 'min_new_tokens keeps the random model from stopping early');
    assert.ok(pieces.length > 0, 'tokens were streamed');
    assert.equal(pieces.join(''), result.text);
    assert.ok(result.text.length > 0);
  });

  it('keeps the model loaded for the next sample, and a cancel ends a long run promptly', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    let pieces = 0;
    const result = await worker.generate(
      { model, video, prompt: 'Describe every frame.', attention: 'sdpa', dtype: 'bfloat16', max_new_tokens: 1000, temperature: 0 },
      {
        signal: controller.signal,
        onToken: () => {
          if (++pieces === 3) {
            abortedAt = Date.now();
            controller.abort();
          }
        },
      },
    );
    assert.equal(result.cancelled, true);
    assert.equal(result.killed, undefined, 'the worker stopped by itself');
    assert.ok(Date.now() - abortedAt < 5000);
    assert.ok(result.tokens < 1000, `tokens: ${result.tokens}`);
    assert.equal(logs.filter((l) => l.startsWith('[rewatch-worker] loading ')).length, 1, 'loaded once for both runs');
    assert.equal(worker.running, true);
  });
});
