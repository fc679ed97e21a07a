import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PythonWorker } from '../../../../src/core/inference/pythonWorker';
import { tempDir } from '../../helpers/tempFiles';
import { SCRIPT, failureOf, fakeStack, hidingEnv, modelFolder, newWorker, pythonWorkerHooks, videoFile } from './workerFixtures';

describe('PythonWorker', function () {
  pythonWorkerHooks(this);

  describe('the real worker with stand-in torch / transformers / qwen_vl_utils (no GPU here)', () => {
    /** The runs of this block, each with its own worker: stderr lines carry the stand-ins' reports. */
    function fakeWorker(env: Record<string, string> = {}): { worker: PythonWorker; logs: string[] } {
      return newWorker({ script: SCRIPT, env: { ...hidingEnv(['flash_attn', 'accelerate', 'decord', 'av', 'cv2'], [fakeStack()]), ...env } });
    }
    const reports = (logs: string[], kind: string): unknown[] =>
      logs.filter((l) => l.startsWith(`FAKE ${kind} `)).map((l) => JSON.parse(l.slice(`FAKE ${kind} `.length)) as unknown);

    it('runs a sample end to end on the GPU: phases, device, frames, streamed tokens, done', async () => {
      const { worker, logs } = fakeWorker();
      const phases: string[] = [];
      const frames: unknown[] = [];
      const devices: unknown[] = [];
      const tokens: string[] = [];
      const video = videoFile();
      const result = await worker.generate(
        { model: modelFolder(), video, prompt: 'What happens?', system: 'You are ReWatch.', max_new_tokens: 6 },
        { onPhase: (p) => phases.push(p), onFrames: (f) => frames.push(f), onDevice: (d) => devices.push(d), onToken: (t) => tokens.push(t) },
      );
      assert.deepEqual(phases, ['loading', 'sampling', 'generating']);
      assert.deepEqual(frames, [{ count: 8, width: 392, height: 224 }]);
      // device auto with CUDA there: the GPU, in bfloat16 (the default dtype auto), inputs by the processor.
      assert.deepEqual(devices, [{ device: 'cuda', name: 'Fake GPU', reason: 'CUDA is available', dtype: 'bfloat16', attention: 'sdpa', inputs: 'processor' }]);
      assert.deepEqual(tokens, ['w0 ', 'w1 ', 'w2 ', 'w3 ', 'w4 ', 'w5 ']);
      assert.deepEqual(result, { text: 'w0 w1 w2 w3 w4 w5 ', tokens: 6, cancelled: false });

      // The video went to qwen_vl_utils as the paper samples it.
      assert.deepEqual(reports(logs, 'vision'), [
        { type: 'video', video: `file://${video}`, fps: 2, min_frames: 4, max_frames: 192, max_pixels: 100352, min_pixels: 3136 },
      ]);
      // The chat: the system message, then the video and the prompt; with the generation prompt.
      const [chat] = reports(logs, 'chat') as {
        messages: { role: string; content: { type: string; text?: string }[] }[];
        add_generation_prompt: boolean;
        tokenize: boolean;
      }[];
      assert.deepEqual(
        chat.messages.map((m) => [m.role, m.content.map((c) => c.type)]),
        [
          ['system', ['text']],
          ['user', ['video', 'text']],
        ],
      );
      assert.equal(chat.messages[1].content[1].text, 'What happens?');
      assert.equal(chat.add_generation_prompt, true);
      assert.equal(chat.tokenize, false);
      // Loaded from the local folder only, in bfloat16, with sdpa (no flash-attn), then moved to the GPU (no accelerate).
      const [load] = reports(logs, 'load') as { kwargs: Record<string, unknown> }[];
      assert.deepEqual(load.kwargs, { attn_implementation: 'sdpa', dtype: 'torch.bfloat16', local_files_only: true });
      assert.deepEqual(reports(logs, 'model-to'), ['cuda']);
      assert.deepEqual(reports(logs, 'processor'), [{ videos: [[8, 3, 224, 392]], kwargs: { fps: [2.0], padding: true }, return_tensors: 'pt' }]);
      // Sampling with the request's temperature and top_p; no top-k cut (the checkpoint's top_k is overridden).
      assert.deepEqual(reports(logs, 'generate'), [{ do_sample: true, temperature: 0.8, top_p: 0.9, top_k: 0, max_new_tokens: 6 }]);
    });

    it('keeps the model loaded for the next sample; greedy with temperature 0; seeds when asked', async () => {
      const { worker, logs } = fakeWorker();
      const model = modelFolder();
      await worker.generate({ model, video: videoFile(), prompt: 'one', max_new_tokens: 2 });
      const second = await worker.generate({ model, video: videoFile(), prompt: 'two', max_new_tokens: 3, temperature: 0, seed: 7 });
      assert.equal(second.text, 'w0 w1 w2 ');
      assert.equal(reports(logs, 'load').length, 1, 'loaded once');
      assert.deepEqual(reports(logs, 'generate')[1], { do_sample: false, temperature: null, top_p: null, top_k: null, max_new_tokens: 3 });
      assert.deepEqual(reports(logs, 'seed'), [7]);
      // Another dtype is another model.
      await worker.generate({ model, video: videoFile(), prompt: 'three', max_new_tokens: 1, dtype: 'float16' });
      assert.equal(reports(logs, 'load').length, 2);
    });

    it('a cancel mid-generation ends the run with done cancelled, long before max_new_tokens', async () => {
      const { worker } = fakeWorker();
      const controller = new AbortController();
      const tokens: string[] = [];
      const result = await worker.generate(
        { model: modelFolder({ fake_token_seconds: 0.05 }), video: videoFile(), prompt: 'long', max_new_tokens: 1000 },
        {
          signal: controller.signal,
          onToken: (t) => {
            tokens.push(t);
            if (tokens.length === 3) controller.abort();
          },
        },
      );
      assert.equal(result.cancelled, true);
      assert.equal(result.killed, undefined);
      // 1000 tokens at 50 ms each would outlast the suite's timeout: only the cancel ends it.
      assert.ok(result.tokens >= 3 && result.tokens < 1000, `tokens: ${result.tokens}`);
      assert.ok(result.text.startsWith('w0 w1 w2 '), result.text);
      // The same worker runs the next sample.
      assert.equal(worker.running, true);
      assert.equal((await worker.generate({ model: modelFolder(), video: videoFile(), prompt: 'again', max_new_tokens: 1 })).text, 'w0 ');
    });

    it('a cancel while the model loads ends the run at once; the load goes on and is kept', async () => {
      const { worker, logs } = fakeWorker();
      // The stand-in load waits until this file exists: the test decides when it finishes.
      const gate = path.join(tempDir(), 'load-may-finish');
      const model = modelFolder({ fake_load_gate: gate });
      const controller = new AbortController();
      const result = await worker.generate(
        { model, video: videoFile(), prompt: 'slow load' },
        { signal: controller.signal, onPhase: (p) => p === 'loading' && controller.abort() },
      );
      assert.deepEqual(result, { text: '', tokens: 0, cancelled: true }, 'ended while the load was still held');
      fs.writeFileSync(gate, '');
      const next = await worker.generate({ model, video: videoFile(), prompt: 'next', max_new_tokens: 2 });
      assert.equal(next.text, 'w0 w1 ');
      assert.equal(reports(logs, 'load').length, 1, 'the model loaded for the cancelled run served the next one');
    });

    it('CUDA out of memory → out-of-memory naming maxFrames / maxPixels / dtype; the worker stays up', async () => {
      const { worker } = fakeWorker();
      const error = await failureOf(worker.generate({ model: modelFolder(), video: videoFile(), prompt: 'please [oom]' }), 'out-of-memory');
      assert.match(error.message, /ran out of memory while generating: CUDA out of memory/);
      assert.match(error.error.fix, /rewatchInspector\.inference\.maxFrames/);
      assert.match(error.error.fix, /rewatchInspector\.inference\.maxPixels/);
      assert.match(error.error.fix, /dtype/);
      const load = await failureOf(worker.generate({ model: modelFolder({ fake_load_error: 'oom' }), video: videoFile(), prompt: 'p' }), 'out-of-memory');
      assert.match(load.message, /while loading the model/);
      assert.equal(worker.running, true);
    });

    it('a checkpoint that cannot be read → model-missing; any other exception → internal with its text', async () => {
      const { worker } = fakeWorker();
      const missing = await failureOf(
        worker.generate({ model: modelFolder({ fake_load_error: 'oserror' }), video: videoFile(), prompt: 'p' }),
        'model-missing',
      );
      assert.match(missing.message, /does not appear to have a file named model\.safetensors/);
      const internal = await failureOf(worker.generate({ model: modelFolder(), video: videoFile(), prompt: 'please [boom]' }), 'internal');
      assert.match(internal.message, /RuntimeError: boom: the fake model failed/);
    });

    it('device cuda where torch sees no GPU → no-device (install a CUDA build, check nvidia-smi, or device auto)', async () => {
      const { worker } = fakeWorker({ FAKE_CUDA: '0' });
      const error = await failureOf(worker.generate({ model: modelFolder(), video: videoFile(), prompt: 'p', device: 'cuda' }), 'no-device');
      assert.match(error.message, /device is cuda, but torch 2\.5\.1\+fake \(built for CUDA 12\.4\) sees no GPU/);
      assert.match(error.error.fix, /CUDA build of torch/);
      assert.match(error.error.fix, /nvidia-smi/);
      assert.match(error.error.fix, /rewatchInspector\.inference\.device to auto/);
    });

    it('device auto without a GPU runs on the CPU in float32, the model moved there', async () => {
      const { worker, logs } = fakeWorker({ FAKE_CUDA: '0' });
      const devices: { device: string; dtype: string }[] = [];
      await worker.generate({ model: modelFolder(), video: videoFile(), prompt: 'p', max_new_tokens: 1 }, { onDevice: (d) => devices.push(d) });
      assert.deepEqual(
        devices.map((d) => [d.device, d.dtype]),
        [['cpu', 'float32']],
      );
      assert.deepEqual(reports(logs, 'model-to'), ['cpu']);
      assert.deepEqual((reports(logs, 'load') as { kwargs: Record<string, unknown> }[])[0].kwargs.dtype, 'torch.float32');
    });

    it('a checkpoint larger than the GPU has free → out-of-memory before loading, with the sizes', async () => {
      const { worker, logs } = fakeWorker({ FAKE_FREE_BYTES: String(8 * 10 ** 9) });
      const model = modelFolder({ model_type: 'qwen2_5_vl', torch_dtype: 'bfloat16' });
      // 16 GB of bfloat16 weights on disk, as a sparse file: its length is what counts.
      fs.closeSync(fs.openSync(path.join(model, 'model-00001-of-00002.safetensors'), 'w'));
      fs.truncateSync(path.join(model, 'model-00001-of-00002.safetensors'), 10 * 10 ** 9);
      fs.closeSync(fs.openSync(path.join(model, 'model-00002-of-00002.safetensors'), 'w'));
      fs.truncateSync(path.join(model, 'model-00002-of-00002.safetensors'), 6 * 10 ** 9);
      const error = await failureOf(worker.generate({ model, video: videoFile(), prompt: 'p' }), 'out-of-memory');
      // 16 GB × 1.2 + 0.5 GiB = 19.7 GB needed; 8.0 GB free.
      assert.match(
        error.message,
        /weights take about 16\.0 GB in bfloat16 \(19\.7 GB with what loading and the frames need\), and the GPU \(Fake GPU\) has 8\.0 GB free/,
      );
      assert.match(error.error.fix, /rewatchInspector\.inference\.device/);
      assert.equal(reports(logs, 'load').length, 0, 'nothing was loaded');
      // In float32 the same weights take twice as much.
      const wider = await failureOf(worker.generate({ model, video: videoFile(), prompt: 'p', dtype: 'float32' }), 'out-of-memory');
      assert.match(wider.message, /about 32\.0 GB in float32/);
    });

    it('flash_attention_2 asked for without flash-attn → missing-packages', async () => {
      const { worker } = fakeWorker();
      const error = await failureOf(
        worker.generate({ model: modelFolder(), video: videoFile(), prompt: 'p', attention: 'flash_attention_2' }),
        'missing-packages',
      );
      assert.match(error.message, /flash-attn is not installed/);
      assert.match(error.error.fix, /rewatchInspector\.inference\.attention/);
    });

    it("probes the stand-ins' versions and GPU", async () => {
      const { worker } = fakeWorker();
      const probe = await worker.probe();
      assert.equal(probe.packages.torch, '2.5.1+fake');
      assert.equal(probe.packages.transformers, '4.56.0');
      assert.equal(probe.packages.qwen_vl_utils, '0.0.11');
      assert.equal(probe.packages.flash_attn, null);
      assert.deepEqual(probe.cuda, { available: true, devices: [{ name: 'Fake GPU', total_mib: 81920 }], error: null, version: '12.4' });
      assert.deepEqual(probe.device, { selected: 'cuda', name: 'Fake GPU', reason: 'CUDA is available', mps: false });
      assert.equal(probe.packages.torchvision, '0.20.1+fake');
      assert.deepEqual(probe.broken, {});
    });

    it('what libraries print goes to stderr, never into the protocol', async () => {
      const { worker, logs } = fakeWorker();
      await worker.generate({ model: modelFolder({ fake_print: true }), video: videoFile(), prompt: 'p', max_new_tokens: 1 });
      assert.ok(logs.includes('a library printed this on stdout'), logs.join('\n'));
      assert.ok(!logs.some((l) => l.startsWith('[stdout')), logs.join('\n'));
    });
  });
});
