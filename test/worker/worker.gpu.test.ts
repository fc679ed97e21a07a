/**
 * The worker end to end on CUDA, where a GPU is: the same runs as the CPU suite, in bfloat16, with the
 * interpreter REWATCH_GPU_PYTHON names (one with a CUDA build of torch), else `python3`. Registered when
 * nvidia-smi lists a GPU or REWATCH_GPU_PYTHON is set (`npm test` then says the CUDA suite ran or did
 * not); test/worker/README.md records when it last passed.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { gpuListed, ROOT, SCRIPT } from './fixtures';
import { setUpWorker, workerRunTests } from './workerSuite';

if (process.env.REWATCH_GPU_PYTHON || gpuListed()) {
  describe('the Python worker on CUDA (real tiny Qwen2.5-VL)', function () {
    this.timeout(10 * 60_000);
    const python = process.env.REWATCH_GPU_PYTHON ?? 'python3';
    const suite = setUpWorker(python, 'rewatch-worker-gpu-');
    before(async function () {
      await suite.before();
      const { probe } = suite.context();
      assert.ok(probe.cuda.available, `${python}: torch sees no GPU: ${probe.cuda.error ?? '?'}`);
      console.log(
        `    ${probe.executable ?? python}: Python ${probe.python}, torch ${probe.packages.torch}, transformers ${probe.packages.transformers}, torchvision ${probe.packages.torchvision}; ${probe.cuda.devices.map((d) => `${d.name} (${d.total_mib} MiB)`).join(', ')}`,
      );
    });
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

    it('probes CUDA as the device auto picks', () => {
      assert.equal(suite.context().probe.device?.selected, 'cuda');
    });

    workerRunTests('cuda', 'bfloat16', suite.context);

    it("builds the same model inputs as transformers' processor where that can take the video (torchvision there)", () => {
      const out = execFileSync(suite.context().python, [path.join(ROOT, 'test/worker/inputsParity.py'), SCRIPT, suite.context().model], { encoding: 'utf8' });
      const report = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
        torchvision: boolean;
        why: string | null;
        kind?: string;
        input_ids?: boolean;
        grid?: number[][][];
        second_per_grid_ts?: number[][];
        max_abs_diff?: number;
      };
      assert.ok(report.kind === 'processor', `the processor cannot take a video here (torchvision ${report.why ?? '?'})`);
      assert.equal(report.input_ids, true);
      // 8 frames of 420×224: 4 temporal patches, 16 × 30 patches of 14; 2 frames per patch at 2 fps = 1 s each.
      assert.deepEqual(report.grid, [[[4, 16, 30]], [[4, 16, 30]]]);
      assert.deepEqual(report.second_per_grid_ts, [[1], [1]]);
      assert.ok((report.max_abs_diff ?? 1) < 1e-4, `max difference ${report.max_abs_diff}`);
    });
  });
}
