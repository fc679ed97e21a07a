import { strict as assert } from 'node:assert';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InferenceFailure } from '../../../src/core/inference/inferenceFailure';
import { PythonWorker, type GenerateResult, type PythonWorkerOptions } from '../../../src/core/inference/pythonWorker';
import { parseWorkerLine, type WorkerLine } from '../../../src/core/inference/workerProtocol';
import type { InferenceErrorCode } from '../../../shared/inference/inference';
import { findOnPath, requirePrograms } from '../../../tools/systemDeps';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

const PYTHON = 'python3';
const SCRIPT = path.resolve(__dirname, '../../../../python/rewatch_worker.py');

/** Resolves to the InferenceFailure the promise rejects with; fails when it resolves or rejects otherwise. */
async function failureOf(promise: Promise<unknown>, code?: InferenceErrorCode): Promise<InferenceFailure> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof InferenceFailure, `expected an InferenceFailure, got ${String(error)}`);
    if (code) assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    assert.ok(error.error.fix.length > 0, 'every failure names a fix');
    return error;
  }
  assert.fail('expected the call to reject');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A worker whose stderr lines are kept; disposed after each test. */
const workers: PythonWorker[] = [];
function newWorker(options: Partial<PythonWorkerOptions> & { script: string }, logs: string[] = []): { worker: PythonWorker; logs: string[] } {
  const worker = new PythonWorker({ python: PYTHON, log: (line) => logs.push(line), ...options });
  workers.push(worker);
  return { worker, logs };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * The worker driven by hand, for what the client never sends (malformed lines): every stdout line
 * is kept, parsed.
 */
class RawWorker {
  readonly lines: string[] = [];
  readonly stderr: string[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = '';

  constructor(env?: NodeJS.ProcessEnv) {
    this.child = spawn(PYTHON, ['-u', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      const parts = this.buffer.split('\n');
      this.buffer = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => this.stderr.push(chunk));
  }

  write(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** The next stdout line after the first `from` lines that matches, parsed. */
  async line(predicate: (line: WorkerLine) => boolean, from = 0, timeoutMs = 15_000): Promise<WorkerLine> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      for (const raw of this.lines.slice(from)) {
        const parsed = parseWorkerLine(raw);
        if (parsed.ok && predicate(parsed.value)) return parsed.value;
      }
      if (Date.now() > until) assert.fail(`no matching line; stdout so far:\n${this.lines.join('\n')}\nstderr:\n${this.stderr.join('')}`);
      await sleep(20);
    }
  }

  exited(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  closeStdin(): void {
    this.child.stdin.end();
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** A sitecustomize that makes the modules named in REWATCH_TEST_HIDE unimportable (as if not installed). */
const HIDE_MODULES = `
import os, sys
class _Hide:
    names = set(filter(None, os.environ.get("REWATCH_TEST_HIDE", "").split(",")))
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.names:
            raise ModuleNotFoundError("hidden by the test: " + name, name=name)
        return None
sys.meta_path.insert(0, _Hide())
`;

function hidingEnv(modules: string[], extraPath: string[] = []): NodeJS.ProcessEnv {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'sitecustomize.py'), HIDE_MODULES);
  return { ...process.env, PYTHONPATH: [...extraPath, dir].join(path.delimiter), REWATCH_TEST_HIDE: modules.join(',') };
}

function modelFolder(config: Record<string, unknown> = { model_type: 'qwen2_5_vl' }): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

function videoFile(): string {
  const file = path.join(tempDir(), 'clip.mp4');
  fs.writeFileSync(file, 'not really a video: the checks before loading only need the file to exist');
  return file;
}

const FAKE_WORKER = String.raw`
import json, os, sys, threading, time, queue
out = sys.stdout
lock = threading.Lock()
def send(obj):
    with lock:
        out.write(json.dumps(obj) + "\n")
        out.flush()
mode = os.environ.get("FAKE_MODE", "")
if mode == "no-ready":
    time.sleep(60)
if mode == "crash-at-start":
    sys.stderr.write("Traceback (most recent call last):\nImportError: the fake worker cannot start\n")
    sys.stderr.flush()
    sys.exit(1)
send({"type": "ready", "protocol": 2 if mode == "protocol-2" else 1})
cancelled = set()
work = queue.Queue()
def reader():
    for raw in sys.stdin:
        msg = json.loads(raw)
        kind = msg.get("type")
        if kind == "cancel":
            cancelled.add(msg["id"])
        elif kind == "shutdown":
            os._exit(0)
        elif kind == "probe":
            send({"id": msg["id"], "type": "probe", "python": "3.99.0", "packages": {"torch": None}, "cuda": {"available": False, "devices": [], "error": "fake"}})
        elif kind == "generate":
            work.put(msg)
    os._exit(0)
threading.Thread(target=reader, daemon=True).start()
while True:
    msg = work.get()
    rid, prompt = msg["id"], msg["prompt"]
    send({"id": rid, "type": "phase", "phase": "loading"})
    send({"id": rid, "type": "frames", "count": 8, "width": 392, "height": 224})
    send({"id": rid, "type": "phase", "phase": "generating"})
    if prompt == "echo":
        send({"id": rid, "type": "token", "text": json.dumps(msg, sort_keys=True)})
        send({"id": rid, "type": "done", "tokens": 1, "cancelled": False})
        continue
    if prompt == "error":
        send({"id": rid, "type": "error", "code": "out-of-memory", "message": "The GPU ran out of memory (fake).", "fix": "Fewer frames."})
        continue
    if prompt == "junk":
        out.write("a library printed this\n")
        out.write('{"type": "token"}\n')
        out.write("[1, 2, 3]\n")
        out.flush()
    if prompt == "hang":
        time.sleep(60)
    if prompt == "crash":
        send({"id": rid, "type": "token", "text": "partial "})
        time.sleep(0.05)
        sys.stderr.write("Traceback (most recent call last):\nRuntimeError: CUDA error: an illegal memory access was encountered\n")
        sys.stderr.flush()
        os._exit(7)
    n = msg["max_new_tokens"]
    for i in range(n):
        if rid in cancelled and prompt != "deaf":
            send({"id": rid, "type": "done", "tokens": i, "cancelled": True})
            break
        send({"id": rid, "type": "token", "text": "t%d " % i})
        if prompt == "stall" and i == 1:
            time.sleep(60)
        time.sleep(0.03)
    else:
        send({"id": rid, "type": "done", "tokens": n, "cancelled": False})
`;

const REQUEST = { model: '/models/fake', video: '/videos/fake.mp4', prompt: 'count', max_new_tokens: 5 };

describe('PythonWorker', function () {
  this.timeout(30_000);

  before(function () {
    // The only skip: the worker needs a Python, and python3 is the one the tests drive.
    if (!findOnPath(PYTHON)) this.skip();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.dispose()));
  });
  after(cleanTempFiles);

  describe('the real worker (python/rewatch_worker.py), without torch', () => {
    let pythonVersion: string;
    let executable: string;
    let hasTorch: boolean;
    before(() => {
      const said = execFileSync(PYTHON, ['-c', 'import importlib.util, platform, sys; print(platform.python_version()); print(sys.executable); print(importlib.util.find_spec("torch") is not None)'], { encoding: 'utf8' })
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
      assert.deepEqual(Object.keys(probe.packages).sort(), ['accelerate', 'av', 'cv2', 'decord', 'flash_attn', 'numpy', 'qwen_vl_utils', 'torch', 'torchvision', 'transformers']);
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
      const [chat] = reports(logs, 'chat') as { messages: { role: string; content: { type: string; text?: string }[] }[]; add_generation_prompt: boolean; tokenize: boolean }[];
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

    it('a cancel mid-generation ends the run promptly with done cancelled', async () => {
      const { worker } = fakeWorker();
      const controller = new AbortController();
      const tokens: string[] = [];
      let abortedAt = 0;
      const result = await worker.generate(
        { model: modelFolder({ fake_token_seconds: 0.05 }), video: videoFile(), prompt: 'long', max_new_tokens: 1000 },
        {
          signal: controller.signal,
          onToken: (t) => {
            tokens.push(t);
            if (tokens.length === 3) {
              abortedAt = Date.now();
              controller.abort();
            }
          },
        },
      );
      assert.equal(result.cancelled, true);
      assert.equal(result.killed, undefined);
      assert.ok(Date.now() - abortedAt < 2000, `ended ${Date.now() - abortedAt} ms after the cancel`);
      assert.ok(result.tokens >= 3 && result.tokens < 50, `tokens: ${result.tokens}`);
      assert.ok(result.text.startsWith('w0 w1 w2 '), result.text);
      // The same worker runs the next sample.
      assert.equal(worker.running, true);
      assert.equal((await worker.generate({ model: modelFolder(), video: videoFile(), prompt: 'again', max_new_tokens: 1 })).text, 'w0 ');
    });

    it('a cancel while the model loads ends the run at once; the load goes on and is kept', async () => {
      const { worker, logs } = fakeWorker();
      const model = modelFolder({ fake_load_seconds: 3 });
      const controller = new AbortController();
      const started = Date.now();
      const result = await worker.generate(
        { model, video: videoFile(), prompt: 'slow load' },
        { signal: controller.signal, onPhase: (p) => p === 'loading' && setTimeout(() => controller.abort(), 100) },
      );
      assert.deepEqual(result, { text: '', tokens: 0, cancelled: true });
      assert.ok(Date.now() - started < 2500, `ended after ${Date.now() - started} ms, before the load finished`);
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
      const missing = await failureOf(worker.generate({ model: modelFolder({ fake_load_error: 'oserror' }), video: videoFile(), prompt: 'p' }), 'model-missing');
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
      assert.deepEqual(devices.map((d) => [d.device, d.dtype]), [['cpu', 'float32']]);
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
      assert.match(error.message, /weights take about 16\.0 GB in bfloat16 \(19\.7 GB with what loading and the frames need\), and the GPU \(Fake GPU\) has 8\.0 GB free/);
      assert.match(error.error.fix, /rewatchInspector\.inference\.device/);
      assert.equal(reports(logs, 'load').length, 0, 'nothing was loaded');
      // In float32 the same weights take twice as much.
      const wider = await failureOf(worker.generate({ model, video: videoFile(), prompt: 'p', dtype: 'float32' }), 'out-of-memory');
      assert.match(wider.message, /about 32\.0 GB in float32/);
    });

    it('flash_attention_2 asked for without flash-attn → missing-packages', async () => {
      const { worker } = fakeWorker();
      const error = await failureOf(worker.generate({ model: modelFolder(), video: videoFile(), prompt: 'p', attention: 'flash_attention_2' }), 'missing-packages');
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

  describe('the client against a fake worker', () => {
    let fake: string;
    before(() => {
      fake = path.join(tempDir(), 'fake_worker.py');
      fs.writeFileSync(fake, FAKE_WORKER);
    });

    it('streams tokens in order and resolves with the text; sends the defaults for what the request leaves out', async () => {
      const { worker } = newWorker({ script: fake });
      const seen: string[] = [];
      const result = await worker.generate(REQUEST, {
        onPhase: (p) => seen.push(`phase:${p}`),
        onFrames: (f) => seen.push(`frames:${f.count}:${f.width}x${f.height}`),
        onToken: (t) => seen.push(t),
      });
      assert.deepEqual(seen, ['phase:loading', 'frames:8:392x224', 'phase:generating', 't0 ', 't1 ', 't2 ', 't3 ', 't4 ']);
      assert.deepEqual(result, { text: 't0 t1 t2 t3 t4 ', tokens: 5, cancelled: false });

      const echo = await worker.generate({ model: '/m', video: '/v', prompt: 'echo', fps: 1, seed: undefined });
      const sent = JSON.parse(echo.text) as Record<string, unknown>;
      assert.equal(sent.type, 'generate');
      assert.equal(typeof sent.id, 'number');
      const { id: _id, ...fields } = sent;
      assert.ok(_id !== undefined);
      assert.deepEqual(fields, {
        type: 'generate',
        model: '/m',
        video: '/v',
        prompt: 'echo',
        system: null,
        device: 'auto',
        dtype: 'auto',
        attention: 'auto',
        fps: 1,
        min_frames: 4,
        max_frames: 192,
        max_pixels: 100352,
        min_pixels: 3136,
        temperature: 0.8,
        top_p: 0.9,
        top_k: null,
        max_new_tokens: 4096,
        seed: null,
        return_ids: false,
      });
    });

    it('a cancel mid-stream resolves cancelled quickly, with the text so far', async () => {
      const { worker } = newWorker({ script: fake });
      const controller = new AbortController();
      let abortedAt = 0;
      const result = await worker.generate(
        { ...REQUEST, max_new_tokens: 10_000 },
        {
          signal: controller.signal,
          onToken: (t) => {
            if (t === 't2 ') {
              abortedAt = Date.now();
              controller.abort();
            }
          },
        },
      );
      assert.equal(result.cancelled, true);
      assert.ok(Date.now() - abortedAt < 1000, `took ${Date.now() - abortedAt} ms`);
      assert.ok(result.text.startsWith('t0 t1 t2 '), result.text);
      assert.ok(result.tokens < 50);
      assert.equal(worker.running, true, 'a cancelled run leaves the worker up');
    });

    it('an aborted signal before the run sends nothing and resolves cancelled', async () => {
      const { worker } = newWorker({ script: fake });
      const result = await worker.generate(REQUEST, { signal: AbortSignal.abort() });
      assert.deepEqual(result, { text: '', tokens: 0, cancelled: true });
    });

    it('a worker that ignores the cancel is killed after the grace, and the run still resolves cancelled', async () => {
      const logs: string[] = [];
      const { worker } = newWorker({ script: fake, cancelGraceMs: 300 }, logs);
      await worker.start();
      const pid = worker.pid as number;
      const controller = new AbortController();
      const result = await worker.generate(
        { ...REQUEST, prompt: 'deaf', max_new_tokens: 10_000 },
        { signal: controller.signal, onToken: (t) => t === 't1 ' && controller.abort() },
      );
      assert.equal(result.cancelled, true);
      assert.equal(result.killed, true);
      assert.ok(logs.some((l) => /did not end the run within 0\.3 s of the cancel; it was killed/.test(l)), logs.join('\n'));
      await waitFor(() => !isAlive(pid), 5000, 'the worker to die');
      assert.equal(worker.running, false);
    });

    it('no first token in time → timeout; the worker is killed and the next run starts a new one', async () => {
      const { worker } = newWorker({ script: fake });
      await worker.start();
      const pid = worker.pid as number;
      const error = await failureOf(worker.generate({ ...REQUEST, prompt: 'hang' }, { firstTokenTimeoutMs: 300 }), 'timeout');
      assert.match(error.message, /No token came within 0\.3 s/);
      assert.equal(worker.running, false);
      await waitFor(() => !isAlive(pid), 5000, 'the hung worker to be killed');
      const next = await worker.generate(REQUEST);
      assert.equal(next.text, 't0 t1 t2 t3 t4 ');
      assert.notEqual(worker.pid, pid);
    });

    it('no token for the idle timeout after the first → timeout', async () => {
      const { worker } = newWorker({ script: fake });
      const tokens: string[] = [];
      const error = await failureOf(
        worker.generate({ ...REQUEST, prompt: 'stall' }, { firstTokenTimeoutMs: 10_000, idleTimeoutMs: 300, onToken: (t) => tokens.push(t) }),
        'timeout',
      );
      assert.match(error.message, /no token for 0\.3 s/);
      assert.deepEqual(tokens, ['t0 ', 't1 ']);
      assert.equal(worker.running, false);
    });

    it('a crash mid-stream → worker-crashed with the last stderr lines; the next run restarts it', async () => {
      const { worker } = newWorker({ script: fake });
      const tokens: string[] = [];
      const error = await failureOf(worker.generate({ ...REQUEST, prompt: 'crash' }, { onToken: (t) => tokens.push(t) }), 'worker-crashed');
      assert.deepEqual(tokens, ['partial ']);
      assert.match(error.message, /exited \(exit code 7\)/);
      assert.match(error.message, /RuntimeError: CUDA error: an illegal memory access was encountered/);
      assert.equal(worker.running, false);
      assert.equal((await worker.generate(REQUEST)).tokens, 5);
    });

    it('an error line rejects with its code, message and fix', async () => {
      const { worker } = newWorker({ script: fake });
      const error = await failureOf(worker.generate({ ...REQUEST, prompt: 'error' }), 'out-of-memory');
      assert.deepEqual(error.error, { code: 'out-of-memory', message: 'The GPU ran out of memory (fake).', fix: 'Fewer frames.' });
      assert.equal(worker.running, true);
    });

    it('junk on stdout is logged, not fatal', async () => {
      const logs: string[] = [];
      const { worker } = newWorker({ script: fake }, logs);
      const result = await worker.generate({ ...REQUEST, prompt: 'junk' });
      assert.equal(result.text, 't0 t1 t2 t3 t4 ');
      assert.equal(logs.filter((l) => l.startsWith('[stdout, not a protocol line')).length, 3, logs.join('\n'));
    });

    it('one run at a time: a second generate while one runs → bad-request', async () => {
      const { worker } = newWorker({ script: fake });
      const first = worker.generate({ ...REQUEST, max_new_tokens: 20 });
      await failureOf(worker.generate(REQUEST), 'bad-request');
      assert.equal((await first).tokens, 20);
    });

    it('probes while a run goes', async () => {
      const { worker } = newWorker({ script: fake });
      const run = worker.generate({ ...REQUEST, max_new_tokens: 20 });
      assert.equal((await worker.probe()).python, '3.99.0');
      assert.equal((await run).cancelled, false);
    });

    it('a handler that throws ends the run with internal', async () => {
      const { worker } = newWorker({ script: fake });
      const error = await failureOf(
        worker.generate(REQUEST, {
          onToken: () => {
            throw new Error('the panel is closed');
          },
        }),
        'internal',
      );
      assert.match(error.message, /the panel is closed/);
    });

    it('a nonexistent interpreter → no-python naming the setting', async () => {
      const { worker } = newWorker({ script: fake, python: path.join(tempDir(), 'no-such-python3') });
      const error = await failureOf(worker.start(), 'no-python');
      assert.match(error.message, /could not be started: not found/);
      assert.match(error.error.fix, /rewatchInspector\.inference\.python to a Python 3\.9\+ interpreter/);
      await failureOf(worker.generate(REQUEST), 'no-python');
      assert.equal(worker.running, false);
    });

    it('an interpreter that is not executable → no-python', async function () {
      if (process.platform === 'win32') return this.skip(); // no execute bit
      const notExecutable = path.join(tempDir(), 'python3');
      fs.writeFileSync(notExecutable, 'not a program', { mode: 0o644 });
      const { worker } = newWorker({ script: fake, python: notExecutable });
      const error = await failureOf(worker.start(), 'no-python');
      assert.match(error.message, /permission denied/);
    });

    it('no ready line in time → timeout', async () => {
      const { worker } = newWorker({ script: fake, env: { ...process.env, FAKE_MODE: 'no-ready' }, startTimeoutMs: 400 });
      const error = await failureOf(worker.start(), 'timeout');
      assert.match(error.message, /did not start within 0\.4 s/);
      assert.equal(worker.running, false);
    });

    it('an exit before ready → worker-crashed with what it said; another protocol → internal', async () => {
      const { worker } = newWorker({ script: fake, env: { ...process.env, FAKE_MODE: 'crash-at-start' } });
      const error = await failureOf(worker.start(), 'worker-crashed');
      assert.match(error.message, /before it was ready/);
      assert.match(error.message, /ImportError: the fake worker cannot start/);
      const other = newWorker({ script: fake, env: { ...process.env, FAKE_MODE: 'protocol-2' } }).worker;
      assert.match((await failureOf(other.start(), 'internal')).message, /protocol 2/);
    });

    it('a missing worker script → internal', async () => {
      const { worker } = newWorker({ script: path.join(tempDir(), 'rewatch_worker.py') });
      assert.match((await failureOf(worker.start(), 'internal')).message, /worker script .* is missing/);
    });

    it('dispose() shuts the worker down; a run going ends as cancelled; it does not start again', async () => {
      const { worker } = newWorker({ script: fake });
      await worker.start();
      const pid = worker.pid as number;
      const run = worker.generate({ ...REQUEST, max_new_tokens: 10_000 });
      await sleep(100);
      await worker.dispose();
      assert.equal(isAlive(pid), false);
      const result: GenerateResult = await run;
      assert.equal(result.cancelled, true);
      assert.equal(worker.running, false);
      await failureOf(worker.start(), 'internal');
    });
  });
});

/**
 * Stand-ins for torch, transformers and qwen_vl_utils (with dist-info so importlib.metadata sees
 * their versions): just enough for the worker's load → sample → generate path, each reporting what
 * it was given as a `FAKE <kind> <json>` stderr line.
 */
function fakeStack(): string {
  const dir = tempDir();
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  const distInfo = (name: string, version: string) =>
    write(`${name.replace(/-/g, '_')}-${version}.dist-info/METADATA`, `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`);
  distInfo('torch', '2.5.1+fake');
  distInfo('transformers', '4.56.0');
  distInfo('qwen-vl-utils', '0.0.11');
  distInfo('torchvision', '0.20.1+fake');
  // Importable: the worker then builds the video inputs with the (stand-in) processor, as with transformers 4.56 and torchvision.
  write('torchvision/__init__.py', '__version__ = "0.20.1+fake"\n');
  write(
    'torch/__init__.py',
    String.raw`
import contextlib, os
__version__ = "2.5.1+fake"
class _Version:
    cuda = "12.4"
    hip = None
version = _Version()
class dtype:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return "torch." + self.name
bfloat16, float16, float32, bool = dtype("bfloat16"), dtype("float16"), dtype("float32"), dtype("bool")
class Tensor:
    pass
class _Props:
    name = "Fake GPU"
    total_memory = 80 * 1024 ** 3
class OutOfMemoryError(RuntimeError):
    pass
class cuda:
    OutOfMemoryError = OutOfMemoryError
    is_available = staticmethod(lambda: os.environ.get("FAKE_CUDA", "1") == "1")
    device_count = staticmethod(lambda: 1)
    current_device = staticmethod(lambda: 0)
    get_device_name = staticmethod(lambda index: "Fake GPU")
    get_device_properties = staticmethod(lambda index: _Props())
    is_bf16_supported = staticmethod(lambda: True)
    empty_cache = staticmethod(lambda: None)
    mem_get_info = staticmethod(lambda index: (int(os.environ.get("FAKE_FREE_BYTES", 80 * 1024 ** 3)), 80 * 1024 ** 3))
class _Mps:
    is_available = staticmethod(lambda: False)
class backends:
    mps = _Mps
def inference_mode():
    return contextlib.nullcontext()
def full(shape, value, dtype=None, device=None):
    return [value] * shape[0]
`,
  );
  write(
    'transformers/__init__.py',
    String.raw`
import json, os, queue, sys, time
__version__ = "4.56.0"
_loads = [0]
def _report(kind, value):
    sys.stderr.write("FAKE %s %s\n" % (kind, json.dumps(value, default=repr, sort_keys=True)))
    sys.stderr.flush()
class _Ids:
    """input_ids, or generate's output: the prompt's length and the generated token ids."""
    device = "cuda:0"
    def __init__(self, length, prompt="", generated=()):
        self.length = length
        self.generated = list(generated)
        self.shape = (1, length + len(self.generated))
        self.prompt = prompt
    def __getitem__(self, index):
        return _Ids(0, generated=self.generated)
    def reshape(self, *shape):
        return self
    def tolist(self):
        return list(self.generated)
class _Batch(dict):
    def to(self, device):
        return self
class StoppingCriteria:
    pass
class StoppingCriteriaList(list):
    def __call__(self, input_ids, scores, **kwargs):
        return any(any(c(input_ids, scores)) for c in self)
class _Tokenizer:
    """Token i is the text "w<i> "."""
    def decode(self, ids, skip_special_tokens=False, clean_up_tokenization_spaces=None):
        return "".join("w%d " % i for i in ids)
def set_seed(seed):
    _report("seed", seed)
class _Model:
    device = "cuda:0"
    def __init__(self, config):
        self.config = config
    def to(self, device):
        _report("model-to", device)
        return self
    def eval(self):
        return self
    def generate(self, input_ids=None, streamer=None, stopping_criteria=None, max_new_tokens=0, attention_mask=None, pixel_values_videos=None, video_grid_thw=None, **kwargs):
        kwargs["max_new_tokens"] = max_new_tokens
        _report("generate", kwargs)
        if "[oom]" in input_ids.prompt:
            raise sys.modules["torch"].cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")
        if "[boom]" in input_ids.prompt:
            raise RuntimeError("boom: the fake model failed")
        delay = float(self.config.get("fake_token_seconds", 0.03))  # above the worker's 25 ms coalescing: one line per token
        streamer.put(input_ids)
        made = []
        for index in range(max_new_tokens):
            time.sleep(delay)
            made.append(index)
            streamer.put(_Ids(0, generated=[index]))
            if stopping_criteria(_Ids(input_ids.length, generated=made), None):
                break
        streamer.end()
        return _Ids(input_ids.length, generated=made)
class Qwen2_5_VLForConditionalGeneration:
    @staticmethod
    def from_pretrained(path, **kwargs):
        _loads[0] += 1
        _report("load", {"count": _loads[0], "kwargs": kwargs})
        with open(os.path.join(path, "config.json")) as f:
            config = json.load(f)
        if config.get("fake_print"):
            print("a library printed this on stdout")
        time.sleep(float(config.get("fake_load_seconds", 0)))
        if config.get("fake_load_error") == "oom":
            raise sys.modules["torch"].cuda.OutOfMemoryError("CUDA out of memory while loading")
        if config.get("fake_load_error") == "oserror":
            raise OSError("%s does not appear to have a file named model.safetensors" % path)
        return _Model(config)
class _Processor:
    tokenizer = _Tokenizer()
    def apply_chat_template(self, messages, tokenize=True, add_generation_prompt=False):
        _report("chat", {"messages": messages, "tokenize": tokenize, "add_generation_prompt": add_generation_prompt})
        return json.dumps(messages)
    def __call__(self, text=None, videos=None, return_tensors=None, **kwargs):
        _report("processor", {"videos": [list(v.shape) for v in videos], "kwargs": kwargs, "return_tensors": return_tensors})
        return _Batch(input_ids=_Ids(100, text[0]), attention_mask="mask", pixel_values_videos="pixels", video_grid_thw="grid")
class AutoProcessor:
    @staticmethod
    def from_pretrained(path, **kwargs):
        return _Processor()
`,
  );
  write(
    'qwen_vl_utils/__init__.py',
    String.raw`
import json, sys
class _Video:
    def __init__(self, shape):
        self.shape = shape
def process_vision_info(messages, return_video_kwargs=False):
    element = messages[0]["content"][0]
    sys.stderr.write("FAKE vision %s\n" % json.dumps(element, sort_keys=True))
    count = min(8, element["max_frames"] // 2 * 2)
    video = _Video((count, 3, 224, 392))
    return (None, [video], {"fps": [2.0]}) if return_video_kwargs else (None, [video])
`,
  );
  return dir;
}
