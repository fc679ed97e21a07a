import * as assert from 'node:assert/strict';
import { EMPTY_STATS } from '../../../../shared/inference/inference';
import {
  durationText,
  gpuText,
  memoryText,
  modelText,
  phaseText,
  rateText,
  slowDeviceText,
  statsParts,
  statsText,
} from '../../../../webview/inference/runText';
import { nearBottom } from '../../../../webview/inference/scrollFollow';

describe('phaseText', () => {
  const running = { status: 'running' as const, cancelRequested: false, runId: 3 };
  it('names each phase while running', () => {
    assert.equal(phaseText({ ...running, phase: 'starting' }), 'Starting…');
    assert.equal(phaseText({ ...running, phase: 'loading' }), 'Loading the model…');
    assert.equal(phaseText({ ...running, phase: 'sampling' }), 'Sampling frames…');
    assert.equal(phaseText({ ...running, phase: 'generating' }), 'Generating…');
  });
  it('says the host is being asked before the run has an id', () => assert.match(phaseText({ ...running, runId: null, phase: 'starting' }), /Asking/));
  it('says cancelling once cancel was pressed', () => assert.equal(phaseText({ ...running, phase: 'generating', cancelRequested: true }), 'Cancelling…'));
  it('names the end', () => {
    assert.equal(phaseText({ ...running, status: 'done', phase: 'generating' }), 'Done');
    assert.equal(phaseText({ ...running, status: 'cancelled', phase: 'generating' }), 'Cancelled');
    assert.equal(phaseText({ ...running, status: 'error', phase: 'loading' }), 'Failed');
  });
});

describe('durationText', () => {
  const cases: [number, string][] = [
    [0, '0 ms'],
    [850.4, '850 ms'],
    [1234, '1.2 s'],
    [9950, '9.9 s'],
    [12_400, '12 s'],
    [125_000, '2 min 05 s'],
    [-1, '—'],
    [Number.NaN, '—'],
  ];
  for (const [ms, text] of cases) it(`${ms} ms → ${text}`, () => assert.equal(durationText(ms), text));
});

describe('memoryText / gpuText', () => {
  it('MiB below a GiB, GiB from there', () => {
    assert.equal(memoryText(812.4), '812 MiB');
    assert.equal(memoryText(20_890), '20.4 GiB');
  });
  it('used / total in GiB when the total is large', () => assert.equal(gpuText(20_890, 81_920), 'GPU 20.4 / 80.0 GiB'));
  it('used / total in MiB for a small card', () => assert.equal(gpuText(300, 1000), 'GPU 300 / 1000 MiB'));
  it('used only', () => assert.equal(gpuText(2048, null), 'GPU 2.0 GiB used'));
  it('total only', () => assert.equal(gpuText(null, 2048), 'GPU 2.0 GiB'));
  it('nothing known', () => assert.equal(gpuText(null, null), null));
  it('a nonsense value is unknown', () => assert.equal(gpuText(Number.NaN, -5), null));
});

describe('rateText', () => {
  it('one decimal below 100', () => assert.equal(rateText(23.456), '23.5 tok/s'));
  it('whole from 100', () => assert.equal(rateText(152.7), '153 tok/s'));
});

describe('statsParts / statsText', () => {
  it('leaves out what is unknown', () => assert.deepEqual(statsParts(EMPTY_STATS), []));
  it('a placeholder before anything is known', () => assert.equal(statsText(EMPTY_STATS), 'No stats yet'));
  it('every known part, in order', () =>
    assert.equal(
      statsText({
        ttftMs: 1234,
        tokens: 1500,
        tokensPerSecond: 31.25,
        frames: 32,
        gpuMemoryUsedMiB: 20_890,
        gpuMemoryTotalMiB: 81_920,
        device: { kind: 'cuda', name: 'NVIDIA H100 80GB HBM3', dtype: 'bfloat16' },
        maxTokens: 4096,
      }),
      'first token 1.2 s · 31.3 tok/s · 1,500 tokens · 32 frames · GPU 20.4 / 80.0 GiB · NVIDIA H100 80GB HBM3 · bfloat16',
    ));
  it('the CPU as "CPU", whatever its name', () =>
    assert.deepEqual(statsParts({ ...EMPTY_STATS, device: { kind: 'cpu', name: 'x86_64 CPU (2 threads)', dtype: 'float32' } }), ['CPU · float32']));
  it('singular token and frame', () => assert.deepEqual(statsParts({ ...EMPTY_STATS, tokens: 1, frames: 1 }), ['1 token', '1 frame']));
  it('no rate before the second token', () => assert.deepEqual(statsParts({ ...EMPTY_STATS, ttftMs: 400, tokens: 1 }), ['first token 400 ms', '1 token']));
});

describe('slowDeviceText', () => {
  const cpu = { kind: 'cpu' as const, name: 'x86_64 CPU (2 threads)', dtype: 'float32' };
  it('says nothing on a GPU, or before the device is known', () => {
    assert.equal(slowDeviceText(EMPTY_STATS), null);
    assert.equal(slowDeviceText({ ...EMPTY_STATS, device: { kind: 'cuda', name: 'GPU', dtype: 'bfloat16' }, tokensPerSecond: 3, maxTokens: 4096 }), null);
  });
  it('warns on the CPU before the rate is known', () =>
    assert.equal(
      slowDeviceText({ ...EMPTY_STATS, device: cpu, maxTokens: 4096 }),
      'Running on the CPU (x86_64 CPU (2 threads)), which is much slower than a GPU.',
    ));
  it('then says how long the token limit takes at the measured rate, and the most that is left', () =>
    // 4096 tokens at 3.2 tok/s = 1280 s = 21 min 20 s; 4096 − 256 = 3840 left = 1200 s = 20 min 00 s.
    assert.equal(
      slowDeviceText({ ...EMPTY_STATS, device: cpu, maxTokens: 4096, tokens: 256, tokensPerSecond: 3.2 }),
      'Running on the CPU (x86_64 CPU (2 threads)), which is much slower than a GPU. At 3.2 tok/s, the 4,096-token limit takes about 21 min 20 s (20 min 00 s more at most).',
    ));
});

describe('modelText', () => {
  it('the last part of a path, local', () => assert.equal(modelText('/models/ReWatch-R1-7B/', 'python'), 'ReWatch-R1-7B (local)'));
  it('a Windows path', () => assert.equal(modelText('C:\\models\\qwen', 'python'), 'qwen (local)'));
  it('a served model', () => assert.equal(modelText('Qwen/Qwen2.5-VL-7B-Instruct', 'server'), 'Qwen2.5-VL-7B-Instruct (server)'));
  it('unknown before the run starts', () => assert.equal(modelText(null, null), null));
});

describe('nearBottom', () => {
  it('at the bottom', () => assert.equal(nearBottom(600, 400, 1000), true));
  it('within the slack', () => assert.equal(nearBottom(580, 400, 1000), true));
  it('scrolled up', () => assert.equal(nearBottom(300, 400, 1000), false));
  it('content shorter than the box', () => assert.equal(nearBottom(0, 400, 100), true));
  it('a custom slack', () => assert.equal(nearBottom(590, 400, 1000, 5), false));
});
