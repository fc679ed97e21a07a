import * as assert from 'node:assert/strict';
import { probeReport } from '../../../src/core/inference/probeReport';
import type { WorkerProbe } from '../../../src/core/inference/workerProtocol';

const none = {
  torch: null,
  transformers: null,
  qwen_vl_utils: null,
  flash_attn: null,
  decord: null,
  av: null,
  cv2: null,
  torchvision: null,
  accelerate: null,
  numpy: null,
};

const cpuOnly: WorkerProbe = {
  python: '3.11.7',
  executable: '/venv/bin/python',
  packages: { ...none, torch: '2.13.0+cpu', transformers: '5.17.0', av: '18.1.0', numpy: '2.4.6' },
  broken: {},
  cuda: { available: false, devices: [], error: 'torch 2.13.0+cpu is a CPU-only build (torch.version.cuda is None)', version: null },
  device: { selected: 'cpu', name: 'x86_64 CPU (2 threads)', reason: 'no CUDA GPU and no MPS', mps: false },
};

describe('probeReport ("ReWatch: Check Inference Setup")', () => {
  it('a CPU-only interpreter: runs, slowly, on the CPU', () => {
    const report = probeReport(cpuOnly);
    assert.equal(report.ready, true);
    assert.equal(report.summary, 'The local model runs on the CPU (x86_64 CPU (2 threads)), slowly, with torch 2.13.0+cpu and transformers 5.17.0.');
    assert.deepEqual(report.lines, [
      'Python 3.11.7 (/venv/bin/python)',
      'Installed: torch 2.13.0+cpu, transformers 5.17.0, av 18.1.0, numpy 2.4.6',
      'Not installed: qwen_vl_utils, flash_attn, decord, cv2, torchvision, accelerate',
      'CUDA: torch 2.13.0+cpu is a CPU-only build (torch.version.cuda is None)',
      'Device "auto" picks the CPU: x86_64 CPU (2 threads) (no CUDA GPU and no MPS)',
    ]);
  });

  it('a GPU: names it and its memory; a torchvision built for another torch is called out', () => {
    const report = probeReport({
      ...cpuOnly,
      packages: { ...cpuOnly.packages, torch: '2.9.0+cu128', torchvision: null },
      broken: { torchvision: '0.28.0 installed but cannot be imported: RuntimeError: operator torchvision::nms does not exist' },
      cuda: { available: true, devices: [{ name: 'NVIDIA H100 80GB HBM3', total_mib: 81559 }], error: null, version: '12.8' },
      device: { selected: 'cuda', name: 'NVIDIA H100 80GB HBM3', reason: 'CUDA is available', mps: false },
    });
    assert.equal(
      report.summary,
      'The local model runs on the CUDA GPU (NVIDIA H100 80GB HBM3), with torch 2.9.0+cu128 and transformers 5.17.0. torchvision cannot be imported (see the log).',
    );
    assert.ok(report.lines.includes('CUDA 12.8: NVIDIA H100 80GB HBM3 (81559 MiB)'), report.lines.join('\n'));
    assert.ok(report.lines.includes('Unusable: torchvision 0.28.0 installed but cannot be imported: RuntimeError: operator torchvision::nms does not exist'));
  });

  it('no torch: cannot run, and says which packages are missing', () => {
    const report = probeReport({
      ...cpuOnly,
      packages: none,
      cuda: { available: false, devices: [], error: 'torch is not installed', version: null },
      device: { selected: null, name: null, reason: 'torch is not installed', mps: false },
    });
    assert.equal(report.ready, false);
    assert.equal(report.summary, 'torch and transformers are not installed for Python 3.11.7: the local model cannot run.');
    assert.equal(report.lines[1], 'Installed: none of the packages the worker uses');
  });
});
