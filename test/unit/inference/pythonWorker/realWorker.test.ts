import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { parseWorkerLine } from '../../../../src/core/inference/workerProtocol';
import { requirePrograms } from '../../../../tools/systemDeps';
import { tempDir } from '../../helpers/tempFiles';
import { PYTHON, REQUEST, RawWorker, SCRIPT, failureOf, fakeStack, hidingEnv, modelFolder, newWorker, pythonWorkerHooks, videoFile } from './workerFixtures';

describe('PythonWorker', function () {
  pythonWorkerHooks(this);

  describe('the real worker (python/rewatch_worker.py), without torch', () => {
    let pythonVersion: string;
    let executable: string;
    let hasTorch: boolean;
    before(() => {
      const said = execFileSync(
        PYTHON,
        [
          '-c',
          'import importlib.util, platform, sys; print(platform.python_version()); print(sys.executable); print(importlib.util.find_spec("torch") is not None)',
        ],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n');
      [pythonVersion, executable] = said;
      hasTorch = said[2] === 'True';
    });

    it('says ready first, and prints nothing but protocol lines on stdout', async () => {
      const raw = new RawWorker();
      try {
        const ready = await raw.line(() => true);
        assert.deepEqual({ type: ready.type, protocol: ready.type === 'ready' ? ready.protocol : undefined }, { type: 'ready', protocol: 1 });
        raw.write('{"id": 1, "type": "probe"}');
        await raw.line((l) => l.type === 'probe');
        raw.write('{"type": "shutdown"}');
        assert.equal(await raw.exited(), 0);
        for (const line of raw.lines) assert.ok(parseWorkerLine(line).ok, `not a protocol line: ${line}`);
      } finally {
        raw.kill();
      }
    });

    it('probes: the Python version, the packages (torch: null here), no CUDA', async () => {
      const { worker } = newWorker({ script: SCRIPT });
      await worker.start();
      assert.equal(worker.running, true);
      const probe = await worker.probe();
      assert.equal(probe.python, pythonVersion);
      assert.equal(probe.executable, executable);
      assert.deepEqual(Object.keys(probe.packages).sort(), [
        'accelerate',
        'av',
        'cv2',
        'decord',
        'flash_attn',
        'numpy',
        'qwen_vl_utils',
        'torch',
        'torchvision',
        'transformers',
      ]);
      if (hasTorch) {
        assert.equal(typeof probe.packages.torch, 'string');
      } else {
        assert.equal(probe.packages.torch, null);
        assert.equal(probe.cuda.available, false);
        assert.deepEqual(probe.cuda.devices, []);
        assert.match(probe.cuda.error ?? '', /torch is not installed/);
      }
    });

    it('a missing model folder → model-missing, naming the setting', async () => {
      const { worker } = newWorker({ script: SCRIPT });
      const missing = path.join(tempDir(), 'no-such-checkpoint');
      const error = await failureOf(worker.generate({ ...REQUEST, model: missing, video: videoFile() }), 'model-missing');
      assert.ok(error.message.includes(missing), error.message);
      assert.match(error.error.fix, /rewatchInspector\.inference\.modelPath/);
      assert.match(error.error.fix, /not downloaded/);
    });

    it('a model folder without config.json, or no model path at all → model-missing', async () => {
      const { worker } = newWorker({ script: SCRIPT });
      const error = await failureOf(worker.generate({ ...REQUEST, model: tempDir(), video: videoFile() }), 'model-missing');
      assert.match(error.message, /config\.json/);
      const empty = await failureOf(worker.generate({ ...REQUEST, model: '', video: videoFile() }), 'model-missing');
      assert.match(empty.message, /No model path/);
    });

    it('a missing video → video-missing (checked before the packages)', async () => {
      const { worker } = newWorker({ script: SCRIPT });
      const missing = path.join(tempDir(), 'gone.mp4');
      const error = await failureOf(worker.generate({ ...REQUEST, model: modelFolder(), video: missing }), 'video-missing');
      assert.ok(error.message.includes(missing), error.message);
    });

    it('no torch and no transformers → missing-packages, listing both, with a pip command naming the interpreter', async () => {
      // Hidden explicitly, so this holds on machines that have them too.
      const { worker } = newWorker({ script: SCRIPT, env: hidingEnv(['torch', 'transformers']) });
      const error = await failureOf(worker.generate({ ...REQUEST, model: modelFolder(), video: videoFile() }), 'missing-packages');
      assert.match(error.message, /torch and transformers are not installed/);
      assert.ok(error.message.includes(executable), error.message);
      assert.ok(error.error.fix.includes(`${executable} -m pip install torch transformers`), error.error.fix);
      // The worker keeps answering after a failed run.
      assert.equal((await worker.probe()).python, pythonVersion);
    });

    it('only transformers missing → the message names just it', async () => {
      const fakes = fakeStack();
      const { worker } = newWorker({ script: SCRIPT, env: hidingEnv(['transformers'], [fakes]) });
      const error = await failureOf(worker.generate({ ...REQUEST, model: modelFolder(), video: videoFile() }), 'missing-packages');
      assert.match(error.message, /^transformers is not installed/);
    });

    it('malformed lines → bad-request, and the worker keeps answering', async () => {
      const raw = new RawWorker();
      try {
        await raw.line((l) => l.type === 'ready');
        const cases: [string, number | null, RegExp][] = [
          ['this is not json', null, /Not a JSON line/],
          ['[1, 2]', null, /JSON object/],
          ['{"type": "probe"}', null, /integer id/],
          ['{"id": 5, "type": "fly"}', 5, /Unknown request type "fly"/],
          ['{"id": 6, "type": "generate"}', 6, /needs model/],
          ['{"id": 7, "type": "generate", "model": "/m", "video": "/v", "prompt": "p", "fps": "fast"}', 7, /fps must be a number/],
          ['{"id": 8, "type": "generate", "model": "/m", "video": "/v", "prompt": "p", "dtype": "int4"}', 8, /dtype must be one of/],
          ['{"id": 9, "type": "generate", "model": "/m", "video": "/v", "prompt": "p", "top_p": 1.5}', 9, /top_p must be at most 1/],
        ];
        for (const [line, id, message] of cases) {
          const from = raw.lines.length;
          raw.write(line);
          const answer = await raw.line((l) => l.type === 'error', from);
          assert.equal(answer.type === 'error' && answer.code, 'bad-request', line);
          assert.equal('id' in answer ? answer.id : undefined, id, line);
          assert.match(answer.type === 'error' ? answer.message : '', message, line);
        }
        raw.write('{"id": 10, "type": "cancel"}'); // nothing to cancel: ignored
        const from = raw.lines.length;
        raw.write('{"id": 11, "type": "probe"}');
        const probe = await raw.line((l) => l.type === 'probe', from);
        assert.equal(probe.type === 'probe' && probe.id, 11);
        assert.equal(raw.lines.length, from + 1, 'the cancel of nothing said nothing');
      } finally {
        raw.kill();
      }
    });

    it('exits 0 when its stdin closes (the extension went away)', async () => {
      const raw = new RawWorker();
      try {
        await raw.line((l) => l.type === 'ready');
        raw.closeStdin();
        assert.equal(await raw.exited(), 0);
      } finally {
        raw.kill();
      }
    });

    it("samples frames by qwen_vl_utils' rules (smart_resize, frame count, ffmpeg fallback)", function () {
      requirePrograms('ffmpeg', 'ffprobe');
      const video = path.join(tempDir(), 'four-seconds.mp4');
      execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', '4', '-pix_fmt', 'yuv420p', '-y', video]);
      const code = `
import json, sys, hashlib
sys.path.insert(0, sys.argv[1])
import rewatch_worker as w
count, width, height, data, fps = w.ffmpeg_frames(sys.argv[2], 2.0, 4, 192, 3136, 128 * 28 * 28)
frames = [data[i * width * height * 3:(i + 1) * width * height * 3] for i in range(count)]
print(json.dumps({
  "resize": [w.smart_resize(1080, 1920, 3136, 100352), w.smart_resize(240, 320, 3136, 100352), w.smart_resize(10, 10, 3136, 100352), w.smart_resize(2160, 3840, 3136, 100352)],
  "count": [w.frame_count(100, 25, 2, 4, 192), w.frame_count(25 * 600, 25, 2, 4, 192), w.frame_count(10, 25, 2, 4, 192), w.frame_count(1, 25, 2, 4, 192)],
  "indices": w.frame_indices(100, 8),
  "ffmpeg": [count, width, height, len(data) == count * width * height * 3, len(set(hashlib.md5(f).hexdigest() for f in frames)), fps],
}))`;
      const result = JSON.parse(
        execFileSync(PYTHON, ['-c', code, path.dirname(SCRIPT), video], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } }),
      ) as Record<string, unknown>;
      // (height, width): 1080p → 224×420 (16:9 within 128×28×28 pixels), 240p stays near its size, tiny frames grow to 56×56.
      assert.deepEqual(result.resize, [
        [224, 420],
        [252, 308],
        [56, 56],
        [224, 420],
      ]);
      // 4 s at 2 fps → 8; 10 min → capped at 192; 0.4 s → at least 4 (but never more frames than there are); 1 frame → 2.
      assert.deepEqual(result.count, [8, 192, 4, 2]);
      assert.deepEqual(result.indices, [0, 14, 28, 42, 57, 71, 85, 99]);
      assert.deepEqual(result.ffmpeg, [8, 308, 252, true, 8, 2]);
    });
  });
});
