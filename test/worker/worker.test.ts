/**
 * The managed Python worker for real, on the CPU, in every `npm test`: a tiny random Qwen2.5-VL built
 * by makeTinyModel.py, run by python/rewatch_worker.py through PythonWorker, in the worker test
 * environment (torch CPU, transformers 5, no torchvision). Every error the worker names is provoked
 * for real: no stand-in modules but for hiding a package or planting a broken torchvision.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InferenceFailure } from '../../src/core/inference/inferenceFailure';
import { PythonWorker, type GenerateRequest } from '../../src/core/inference/pythonWorker';
import type { InferenceErrorCode } from '../../shared/inference/inference';
import { SCRIPT, scratch, testPython, testVideo } from './fixtures';
import { setUpWorker, workerRunTests } from './workerSuite';

async function failureOf(promise: Promise<unknown>, code: InferenceErrorCode): Promise<InferenceFailure> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof InferenceFailure, `expected an InferenceFailure, got ${String(error)}`);
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    assert.ok(error.error.fix.length > 0, 'every failure names a fix');
    return error;
  }
  assert.fail(`expected a ${code} failure`);
}

/** A sitecustomize hiding packages (as if not installed), or planting a torchvision that cannot be imported. */
function pythonPath(dir: string, options: { hide?: string[]; brokenTorchvision?: boolean }): NodeJS.ProcessEnv {
  const site = path.join(dir, `site-${Math.random().toString(36).slice(2)}`);
  fs.mkdirSync(site, { recursive: true });
  fs.writeFileSync(
    path.join(site, 'sitecustomize.py'),
    `import sys\nclass _Hide:\n    names = ${JSON.stringify(options.hide ?? [])}\n    def find_spec(self, name, path=None, target=None):\n        if name.split(".")[0] in self.names:\n            raise ModuleNotFoundError("hidden by the test: " + name, name=name)\n        return None\nsys.meta_path.insert(0, _Hide())\n`,
  );
  if (options.brokenTorchvision) {
    // What a CUDA torchvision wheel does beside a CPU torch: installed, and its import fails in a C++ op lookup.
    fs.mkdirSync(path.join(site, 'torchvision'));
    fs.writeFileSync(path.join(site, 'torchvision', '__init__.py'), 'raise RuntimeError("operator torchvision::nms does not exist")\n');
    fs.mkdirSync(path.join(site, 'torchvision-0.28.0.dist-info'));
    fs.writeFileSync(path.join(site, 'torchvision-0.28.0.dist-info', 'METADATA'), 'Metadata-Version: 2.1\nName: torchvision\nVersion: 0.28.0\n');
  }
  return { ...process.env, PYTHONPATH: site };
}

describe('the Python worker on the CPU (real tiny Qwen2.5-VL, torch CPU, no torchvision)', function () {
  this.timeout(5 * 60_000);
  const python = testPython();
  const suite = setUpWorker(python, 'rewatch-worker-cpu-');
  before(suite.before);
  after(suite.after);
  afterEach(function () {
    if (this.currentTest?.state === 'failed')
      console.log(
        `    worker log:\n${suite
          .context()
          .logs.map((l) => `      ${l}`)
          .join('\n')}`,
      );
  });

  it('probes: the interpreter, torch and transformers, no torchvision, and the CPU as the device auto picks', () => {
    const { probe } = suite.context();
    assert.match(probe.packages.torch ?? '', /^2\.13\.0/);
    assert.equal(probe.packages.transformers, '5.17.0');
    assert.equal(probe.packages.torchvision, null);
    assert.deepEqual(probe.broken, {});
    assert.equal(probe.cuda.available, false);
    assert.equal(probe.device?.selected, 'cpu');
    assert.match(probe.device?.reason ?? '', /no CUDA GPU and no MPS/);
  });

  workerRunTests('cpu', 'float32', suite.context);

  describe('every error it names', () => {
    const { context } = suite;
    const run = (request: Partial<GenerateRequest>, worker = context().worker) =>
      worker.generate({ model: context().model, video: testVideo(context().dir, 'short.mp4', 1), prompt: 'p', max_new_tokens: 1, temperature: 0, ...request });

    it('model-missing: no folder, a folder without config.json, a config without weights', async () => {
      const missing = await failureOf(run({ model: path.join(context().dir, 'nowhere') }), 'model-missing');
      assert.match(missing.message, /does not exist/);
      const empty = scratch('rewatch-model-');
      assert.match((await failureOf(run({ model: empty }), 'model-missing')).message, /holds no config\.json/);
      fs.copyFileSync(path.join(context().model, 'config.json'), path.join(empty, 'config.json'));
      const noWeights = await failureOf(run({ model: empty }), 'model-missing');
      assert.match(noWeights.message, /Could not load the checkpoint/);
      assert.match(noWeights.error.fix, /rewatchInspector\.inference\.modelPath/);
    });

    it('video-missing: no file, and a file that is not a video', async () => {
      assert.match((await failureOf(run({ video: path.join(context().dir, 'gone.mp4') }), 'video-missing')).message, /was not found/);
      const fake = path.join(context().dir, 'fake.mp4');
      fs.writeFileSync(fake, 'not a video at all');
      const undecodable = await failureOf(run({ video: fake }), 'video-missing');
      assert.match(undecodable.message, /could not be decoded \(av: .*; ffmpeg: /);
      assert.doesNotMatch(undecodable.message, /torchvision/);
    });

    it('out-of-memory before loading: a checkpoint larger than the free RAM is refused with the sizes', async () => {
      const big = scratch('rewatch-big-');
      fs.copyFileSync(path.join(context().model, 'config.json'), path.join(big, 'config.json'));
      // 2 TB of weights as a sparse file: its length is what loading would read.
      const weights = path.join(big, 'model.safetensors');
      fs.closeSync(fs.openSync(weights, 'w'));
      fs.truncateSync(weights, 2 * 10 ** 12);
      const error = await failureOf(run({ model: big }), 'out-of-memory');
      assert.match(
        error.message,
        /^Not enough memory to load .* on the CPU: its weights take about 4000\.0 GB in float32 \(4800\.5 GB with what loading and the frames need\), and RAM has [\d.]+ GB free\.$/,
      );
      assert.match(error.error.fix, /rewatchInspector\.inference\.device/);
      fs.rmSync(big, { recursive: true, force: true });
    });

    it('no-device: cuda or mps asked for where there is neither', async () => {
      const cuda = await failureOf(run({ device: 'cuda' }), 'no-device');
      assert.match(cuda.message, /device is cuda, but torch 2\.13\.0\+cpu is a CPU-only build/);
      const mps = await failureOf(run({ device: 'mps' }), 'no-device');
      assert.match(mps.message, /device is mps, but torch 2\.13\.0\+cpu cannot use Apple's Metal/);
    });

    it('bad-request: flash_attention_2 on the CPU; a dtype or device the worker does not know', async () => {
      assert.match((await failureOf(run({ attention: 'flash_attention_2' }), 'bad-request')).message, /only on CUDA GPUs/);
      assert.match((await failureOf(run({ dtype: 'int4' as GenerateRequest['dtype'] }), 'bad-request')).message, /dtype must be one of/);
      assert.match((await failureOf(run({ device: 'tpu' as GenerateRequest['device'] }), 'bad-request')).message, /device must be one of auto, cuda, mps, cpu/);
    });

    it('missing-packages: torch or transformers not installed', async () => {
      const worker = new PythonWorker({ python: context().python, script: SCRIPT, env: pythonPath(context().dir, { hide: ['transformers'] }) });
      try {
        const error = await failureOf(run({}, worker), 'missing-packages');
        assert.match(error.message, /^transformers is not installed for /);
        assert.ok(error.error.fix.includes(`${context().python} -m pip install torch transformers`), error.error.fix);
      } finally {
        await worker.dispose();
      }
    });

    it('missing-packages naming the real cause when torchvision is installed but cannot be imported', async () => {
      const worker = new PythonWorker({ python: context().python, script: SCRIPT, env: pythonPath(context().dir, { brokenTorchvision: true }) });
      try {
        const probe = await worker.probe();
        assert.equal(probe.packages.torchvision, null, 'not reported as usable');
        assert.match(probe.broken?.torchvision ?? '', /^0\.28\.0 installed but cannot be imported: RuntimeError: operator torchvision::nms does not exist$/);
        const error = await failureOf(run({}, worker), 'missing-packages');
        assert.match(error.message, /operator torchvision::nms does not exist/);
        assert.match(error.error.fix, /torchvision 0\.28\.0 does not match torch 2\.13\.0/);
        assert.match(error.error.fix, /pip uninstall torchvision/);
      } finally {
        await worker.dispose();
      }
    });
  });
});
