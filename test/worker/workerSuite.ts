/**
 * The worker end to end on one device, shared by the CPU suite (every `npm test`) and the CUDA suite
 * (where a GPU is): python/rewatch_worker.py driven through PythonWorker on a real tiny Qwen2.5-VL.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { planFrames } from '../../src/core/inference/framePlan';
import { PythonWorker, type WorkerDevice, type WorkerFrames, type WorkerPhase, type WorkerProbe } from '../../src/core/inference/pythonWorker';
import type { RunDevice } from '../../shared/inference/inference';
import { decodeInPython, scratch, SCRIPT, testVideo, tinyModel } from './fixtures';

export interface SuiteContext {
  python: string;
  model: string;
  dir: string;
  worker: PythonWorker;
  logs: string[];
  probe: WorkerProbe;
}

/** Starts a worker on a fresh tiny model; `ready` resolves once it answered a probe. */
export function setUpWorker(python: string, prefix: string): { context: () => SuiteContext; before: () => Promise<void>; after: () => Promise<void> } {
  let context: SuiteContext | undefined;
  return {
    context: () => {
      if (!context) throw new Error('the worker suite did not start');
      return context;
    },
    before: async () => {
      const dir = scratch(prefix);
      const model = tinyModel(python, dir);
      const logs: string[] = [];
      const worker = new PythonWorker({ python, script: SCRIPT, log: (line) => logs.push(line) });
      context = { python, model, dir, worker, logs, probe: await worker.probe() };
    },
    after: async () => {
      await context?.worker.dispose();
      if (context) fs.rmSync(context.dir, { recursive: true, force: true });
    },
  };
}

export function workerRunTests(device: RunDevice, dtype: 'float32' | 'bfloat16', context: () => SuiteContext): void {
  it(`runs a sample on the ${device}: phases, device, frames by the 2 fps / 192 frames / 128×28×28 plan, tokens streamed, done`, async () => {
    const { worker, model, dir, python } = context();
    // 4 s of 640×360 at 25 fps.
    const video = testVideo(dir, 'four-seconds.mp4', 4);
    const phases: WorkerPhase[] = [];
    const frames: WorkerFrames[] = [];
    const devices: WorkerDevice[] = [];
    const pieces: string[] = [];
    const result = await worker.generate(
      {
        model,
        video,
        device,
        prompt: 'What happens in the video? Answer with <answer>...</answer>.',
        system: 'You are a careful video reasoner.',
        max_new_tokens: 24,
        temperature: 0,
        return_ids: true,
      },
      { onPhase: (p) => phases.push(p), onFrames: (f) => frames.push(f), onDevice: (d) => devices.push(d), onToken: (t) => pieces.push(t) },
    );
    assert.deepEqual(phases, ['loading', 'sampling', 'generating']);
    assert.deepEqual(
      devices.map((d) => [d.device, d.dtype, d.attention]),
      [[device, dtype, 'sdpa']],
    );
    // By hand: 4 s × 2 fps = 8 frames. 640×360 → 23×13 patches of 28 = 234,416 pixels > 100,352, so scaled by
    // √(640·360 / 100,352) = 1.515: 422.4 → 15×28 = 420 wide, 237.6 → 8×28 = 224 high.
    assert.deepEqual(frames, [{ count: 8, width: 420, height: 224 }]);
    // The same plan from the extension's own implementation (the server backend's frames).
    const plan = planFrames({ duration: 4, width: 640, height: 360 });
    assert.deepEqual([plan.count, plan.width, plan.height], [8, 420, 224]);
    assert.equal(result.cancelled, false);
    // The tiny model never picks an end token (suppressed in its generation config): exactly the limit.
    assert.equal(result.tokens, 24);
    assert.equal(result.ids?.length, 24);
    assert.ok(pieces.length > 1, `the text streamed in pieces (${pieces.length})`);
    // The streamed pieces against the ids decoded at once by the tokenizer in another process.
    assert.equal(pieces.join(''), decodeInPython(python, model, result.ids));
  });

  it('keeps the model loaded for the next sample, and greedy decoding repeats itself', async () => {
    const { worker, model, dir, logs } = context();
    const video = testVideo(dir, 'again.mp4', 2);
    const run = () => worker.generate({ model, video, device, prompt: 'Again.', max_new_tokens: 12, temperature: 0 });
    const [first, second] = [await run(), await run()];
    assert.equal(second.text, first.text);
    assert.equal(logs.filter((l) => l.startsWith('[rewatch-worker] loading ')).length, 1, 'loaded once for every run so far');
  });

  it('a cancel mid-stream ends the run within a few tokens; the worker runs the next sample', async () => {
    const { worker, model, dir } = context();
    const video = testVideo(dir, 'cancel.mp4', 2);
    const controller = new AbortController();
    let atAbort: number | undefined;
    const result = await worker.generate(
      { model, video, device, prompt: 'Describe every frame.', max_new_tokens: 100_000, temperature: 0.8, seed: 1 },
      {
        signal: controller.signal,
        onToken: (_text, tokens) => {
          if (atAbort === undefined && tokens !== undefined && tokens >= 5) {
            atAbort = tokens;
            controller.abort();
          }
        },
      },
    );
    assert.equal(result.cancelled, true);
    assert.equal(result.killed, undefined, 'the worker stopped by itself');
    // The stopping criterion is checked after every token: a few more than at the cancel (the pipe's
    // lag), not 100,000.
    assert.ok(
      atAbort !== undefined && result.tokens >= atAbort && result.tokens - atAbort < 200,
      `tokens at the cancel ${atAbort}, at the end ${result.tokens}`,
    );
    assert.equal(worker.running, true);
    const next = await worker.generate({ model, video, device, prompt: 'p', max_new_tokens: 2, temperature: 0 });
    assert.equal(next.cancelled, false);
  });

  it('samples a long video at 2 fps up to 192 frames', async () => {
    const { worker, model, dir } = context();
    // 120 s at 10 fps, 160×90: 240 frames at 2 fps, capped at 192; 160×90 → 168×84 (6 and 3 patches of 28, within the pixel bounds).
    const video = testVideo(dir, 'two-minutes.mp4', 120, '160x90', 10);
    const frames: WorkerFrames[] = [];
    await worker.generate({ model, video, device, prompt: 'p', max_new_tokens: 1, temperature: 0 }, { onFrames: (f) => frames.push(f) });
    assert.deepEqual(frames, [{ count: 192, width: 168, height: 84 }]);
    const plan = planFrames({ duration: 120, width: 160, height: 90 });
    assert.deepEqual([plan.count, plan.width, plan.height], [192, 168, 84]);
  });
}
