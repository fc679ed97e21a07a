/**
 * What the PythonWorker tests share: the worker script, a hand-driven worker (RawWorker), clients
 * disposed after each test, the environments that hide or stand in for Python packages, a fake
 * worker speaking the protocol, and the outer suite's hooks.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InferenceFailure } from '../../../../src/core/inference/inferenceFailure';
import { PythonWorker, type PythonWorkerOptions } from '../../../../src/core/inference/pythonWorker';
import { parseWorkerLine, type WorkerLine } from '../../../../src/core/inference/workerProtocol';
import type { InferenceErrorCode } from '../../../../shared/inference/inference';
import { findOnPath } from '../../../../tools/systemDeps';
import { cleanTempFiles, tempDir } from '../../helpers/tempFiles';

export const PYTHON = 'python3';
export const SCRIPT = path.resolve(__dirname, '../../../../../python/rewatch_worker.py');

/** Resolves to the InferenceFailure the promise rejects with; fails when it resolves or rejects otherwise. */
export async function failureOf(promise: Promise<unknown>, code?: InferenceErrorCode): Promise<InferenceFailure> {
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

/** The real setTimeout, taken before any test installs a fake clock (eventually() must keep real time). */
const realSetTimeout = globalThis.setTimeout;

/** A worker whose stderr lines are kept; disposed after each test. */
const workers: PythonWorker[] = [];
export function newWorker(options: Partial<PythonWorkerOptions> & { script: string }, logs: string[] = []): { worker: PythonWorker; logs: string[] } {
  const worker = new PythonWorker({ python: PYTHON, log: (line) => logs.push(line), ...options });
  workers.push(worker);
  return { worker, logs };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves once `condition` holds, for what no event announces (a killed process leaving the process
 * table). It checks every 20 ms of real time; its 20 s bound only turns a hang into a clear failure
 * (the suite's timeout is 30 s): nothing is asserted about how long it took.
 */
export async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 20_000) assert.fail(`${what} did not happen`);
    await new Promise((resolve) => realSetTimeout(resolve, 20));
  }
}

/**
 * The worker driven by hand, for what the client never sends (malformed lines): every stdout line
 * is kept, parsed.
 */
export class RawWorker {
  readonly lines: string[] = [];
  readonly stderr: string[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = '';
  /** Called after each chunk of stdout lines, and when the process exits. */
  private readonly listeners = new Set<() => void>();

  constructor(env?: NodeJS.ProcessEnv) {
    this.child = spawn(PYTHON, ['-u', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      const parts = this.buffer.split('\n');
      this.buffer = parts.pop() ?? '';
      this.lines.push(...parts);
      for (const listener of [...this.listeners]) listener();
    });
    this.child.on('exit', () => {
      for (const listener of [...this.listeners]) listener();
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => this.stderr.push(chunk));
  }

  write(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /**
   * The next stdout line after the first `from` lines that matches, parsed: looked for in what came so
   * far and again as each chunk of stdout arrives (no polling). Fails, quoting the output, if the worker
   * exits without printing one.
   */
  line(predicate: (line: WorkerLine) => boolean, from = 0): Promise<WorkerLine> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        for (const raw of this.lines.slice(from)) {
          const parsed = parseWorkerLine(raw);
          if (parsed.ok && predicate(parsed.value)) {
            this.listeners.delete(check);
            return resolve(parsed.value);
          }
        }
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
          this.listeners.delete(check);
          reject(new Error(`the worker exited without a matching line; stdout:\n${this.lines.join('\n')}\nstderr:\n${this.stderr.join('')}`));
        }
      };
      this.listeners.add(check);
      check();
    });
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

export function hidingEnv(modules: string[], extraPath: string[] = []): NodeJS.ProcessEnv {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'sitecustomize.py'), HIDE_MODULES);
  return { ...process.env, PYTHONPATH: [...extraPath, dir].join(path.delimiter), REWATCH_TEST_HIDE: modules.join(',') };
}

export function modelFolder(config: Record<string, unknown> = { model_type: 'qwen2_5_vl' }): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

export function videoFile(): string {
  const file = path.join(tempDir(), 'clip.mp4');
  fs.writeFileSync(file, 'not really a video: the checks before loading only need the file to exist');
  return file;
}

export const FAKE_WORKER = String.raw`
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

export const REQUEST = { model: '/models/fake', video: '/videos/fake.mp4', prompt: 'count', max_new_tokens: 5 };

/**
 * The hooks of the outer `describe('PythonWorker')`, which each file of the suite installs: the
 * timeout, the one skip (no python3), the workers disposed after each test, the temp files removed.
 */
export function pythonWorkerHooks(suite: Mocha.Suite): void {
  suite.timeout(30_000);

  before(function () {
    // The only skip: the worker needs a Python, and python3 is the one the tests drive.
    if (!findOnPath(PYTHON)) this.skip();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.dispose()));
  });
  after(cleanTempFiles);
}

/**
 * Stand-ins for torch, transformers and qwen_vl_utils (with dist-info so importlib.metadata sees
 * their versions): just enough for the worker's load → sample → generate path, each reporting what
 * it was given as a `FAKE <kind> <json>` stderr line.
 */
export function fakeStack(): string {
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
        gate = config.get("fake_load_gate")
        while gate and not os.path.exists(gate):  # the test creates the file to let the load finish
            time.sleep(0.01)
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
