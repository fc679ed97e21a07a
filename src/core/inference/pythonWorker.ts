/**
 * The client of the managed Python worker (python/rewatch_worker.py): starts it with the configured
 * interpreter (an argument array, never a shell), speaks its JSON Lines protocol, and turns every way
 * a run can go wrong into an `InferenceFailure` naming the fix. The worker stays up between runs so
 * the loaded model stays in GPU memory. Plain Node; no `vscode`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { InferenceFailure, inferenceFailure as failure } from './inferenceFailure';
import {
  GENERATE_DEFAULTS,
  parseWorkerLine,
  WORKER_PROTOCOL,
  type GenerateRequest,
  type WorkerDevice,
  type WorkerFrames,
  type WorkerLine,
  type WorkerPhase,
  type WorkerProbe,
  type WorkerRequest,
} from './workerProtocol';

export type { GenerateRequest, WorkerDevice, WorkerFrames, WorkerPhase, WorkerProbe } from './workerProtocol';

export interface PythonWorkerOptions {
  /** The interpreter (a path, or a name looked up on PATH). */
  python: string;
  /** python/rewatch_worker.py. */
  script: string;
  /** The worker's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Called with each line the worker writes to stderr (its log and tracebacks), and with this client's notes. */
  log?: (line: string) => void;
  /** How long the worker may take to say it is ready (default 30 s). */
  startTimeoutMs?: number;
  /** How long a probe may take (default 120 s: importing torch and starting CUDA can be slow). */
  probeTimeoutMs?: number;
  /** After a cancel, how long the worker has to end the run before it is killed (default 5 s). */
  cancelGraceMs?: number;
  /** After `dispose()` asks it to shut down, how long before it is killed (default 2 s). */
  disposeGraceMs?: number;
}

export interface GenerateHandlers {
  onPhase?(phase: WorkerPhase): void;
  onFrames?(frames: WorkerFrames): void;
  /** Where the model runs (sent once it is loaded, or found loaded). */
  onDevice?(device: WorkerDevice): void;
  /** Each piece of generated text, in order, with the tokens generated so far when the worker says. */
  onToken?(text: string, tokens?: number): void;
  /** Aborting cancels the run: it resolves with `cancelled: true` and the text so far. */
  signal?: AbortSignal;
  /** From the request to the first token (model loading and video sampling included). */
  firstTokenTimeoutMs?: number;
  /** Between one token and the next (and the run's end). */
  idleTimeoutMs?: number;
}

export interface GenerateResult {
  /** Everything `onToken` was given, joined. */
  text: string;
  /** Generated tokens (the worker's count; the token lines received when it was killed). */
  tokens: number;
  cancelled: boolean;
  /** Set when the worker did not stop within the grace after a cancel and was killed (the loaded model is lost). */
  killed?: boolean;
  /** The generated token ids, when the request asked for them. */
  ids?: number[];
}

const START_TIMEOUT_MS = 30_000;
const PROBE_TIMEOUT_MS = 120_000;
const CANCEL_GRACE_MS = 5_000;
const DISPOSE_GRACE_MS = 2_000;
/** stderr lines kept for crash reports. */
const STDERR_TAIL = 200;
/** stderr lines quoted in a crash message. */
const MESSAGE_LINES = 6;
/** After 'exit', how long to wait for 'close' (the last stdout lines) before settling anyway. */
const CLOSE_WAIT_MS = 500;
/** setTimeout's ceiling; longer timeouts wait forever. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const PYTHON_FIX = 'Set rewatchInspector.inference.python to a Python 3.9+ interpreter (the one with torch and transformers installed).';
const LOG_FIX = 'See the worker\'s output in the log ("ReWatch: Show Log"); the worker starts again on the next run.';

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

interface Pending {
  onLine(line: WorkerLine): void;
  /** The worker is gone: `stopped` when `dispose()` stopped it. */
  onExit(reason: InferenceFailure, stopped: boolean): void;
}

/** One spawned worker process, from spawn to exit. */
class WorkerProcess {
  readonly pending = new Map<number, Pending>();
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  /** False once it has exited, or was killed or told to stop: no more requests go to it. */
  usable = true;
  isReady = false;
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly stderrTail: string[] = [];
  private killedFor: InferenceFailure | undefined;
  /** An error line (id null) the worker printed before it was ready: why it will not start. */
  private startError: InferenceFailure | undefined;
  private spawnError: InferenceFailure | undefined;
  private stopping = false;
  private done = false;
  private resolveReady!: () => void;
  private rejectReady!: (reason: InferenceFailure) => void;
  private resolveExited!: () => void;
  private readonly startTimer: NodeJS.Timeout;

  constructor(
    private readonly options: PythonWorkerOptions,
    private readonly log: (line: string) => void,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => undefined); // the caller of start() gets the rejection; nothing else must see it unhandled
    this.exited = new Promise<void>((resolve) => (this.resolveExited = resolve));

    const startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
    this.startTimer = setTimeout(
      () => {
        this.kill(
          failure(
            'timeout',
            `The Python worker (${options.python}) did not start within ${seconds(startTimeoutMs)}.`,
            `Check that rewatchInspector.inference.python points to a working Python 3.9+ interpreter; ${LOG_FIX}`,
          ),
        );
      },
      Math.min(startTimeoutMs, MAX_TIMER_MS),
    );

    if (!fs.existsSync(options.script)) {
      this.fail(failure('internal', `The worker script ${options.script} is missing.`, 'Reinstall the ReWatch Inspector extension.'));
      return;
    }
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(options.python, ['-u', options.script], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...(options.env ?? process.env), PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
        windowsHide: true,
        shell: false,
      });
    } catch (error) {
      // e.g. an empty interpreter path (Node throws before spawning)
      this.fail(failure('no-python', `The Python interpreter "${options.python}" could not be started: ${(error as Error).message}`, PYTHON_FIX, error));
      return;
    }
    this.child = child;
    const stdout = lineSplitter((line) => this.onStdoutLine(line));
    const stderr = lineSplitter((line) => this.onStderrLine(line));
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', (error) => this.log(`writing to the worker failed: ${error.message}`));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return this.log(`worker process error: ${error.message}`); // e.g. a failed kill; 'close' follows
      const why =
        error.code === 'ENOENT' ? 'not found' : error.code === 'EACCES' ? 'permission denied (is it an executable file?)' : (error.code ?? error.message);
      this.spawnError = failure('no-python', `The Python interpreter "${options.python}" could not be started: ${why}.`, PYTHON_FIX, error);
      this.finish(null, null);
    });
    let closeTimer: NodeJS.Timeout | undefined;
    child.on('exit', (code, signal) => {
      // 'close' (after the last stdout lines) normally follows; a grandchild holding the pipes may delay it.
      closeTimer = setTimeout(() => {
        stdout.end();
        stderr.end();
        this.finish(code, signal);
      }, CLOSE_WAIT_MS);
    });
    child.on('close', (code, signal) => {
      if (closeTimer) clearTimeout(closeTimer);
      stdout.end();
      stderr.end();
      this.finish(code, signal);
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Writes one request; false when the worker cannot take it. */
  send(request: WorkerRequest): boolean {
    const child = this.child;
    if (!child || this.done || !child.stdin.writable) return false;
    child.stdin.write(`${JSON.stringify(request)}\n`);
    return true;
  }

  /** SIGKILL; pending requests end with `reason`. */
  kill(reason: InferenceFailure): void {
    this.usable = false;
    if (this.done) return;
    this.killedFor ??= reason;
    if (!this.child) return this.finish(null, null);
    this.child.kill('SIGKILL');
  }

  /** Asks the worker to exit; kills it after `graceMs`. Resolves once it has exited. */
  shutdown(graceMs: number): Promise<void> {
    this.usable = false;
    if (this.done) return this.exited;
    this.stopping = true;
    if (this.send({ type: 'shutdown' })) this.child?.stdin.end();
    const timer = setTimeout(() => this.kill(failure('internal', 'The Python worker was stopped.', 'Run again to start it.')), graceMs);
    void this.exited.then(() => clearTimeout(timer));
    return this.exited;
  }

  private onStderrLine(raw: string): void {
    // Progress bars (tqdm) redraw with \r: keep what a terminal would show last.
    const line = raw.includes('\r')
      ? (raw
          .split('\r')
          .filter((part) => part.trim() !== '')
          .pop() ?? '')
      : raw;
    this.stderrTail.push(line);
    if (this.stderrTail.length > STDERR_TAIL) this.stderrTail.splice(0, this.stderrTail.length - STDERR_TAIL);
    this.log(line);
  }

  private onStdoutLine(raw: string): void {
    const line = raw.trim();
    if (line === '') return;
    const parsed = parseWorkerLine(line);
    if (!parsed.ok) {
      this.log(`[stdout, not a protocol line (${parsed.reason})] ${line.length > 500 ? `${line.slice(0, 500)}…` : line}`);
      return;
    }
    const message = parsed.value;
    if (message.type === 'ready') {
      if (this.isReady) return;
      if (message.protocol !== WORKER_PROTOCOL) {
        this.kill(
          failure(
            'internal',
            `The worker script speaks protocol ${message.protocol}; this extension speaks ${WORKER_PROTOCOL}.`,
            'Reinstall the ReWatch Inspector extension (its python/rewatch_worker.py does not match).',
          ),
        );
        return;
      }
      this.isReady = true;
      clearTimeout(this.startTimer);
      this.resolveReady();
      return;
    }
    if (message.id === null) {
      if (message.type === 'error' && !this.isReady)
        this.startError ??= new InferenceFailure({ code: message.code, message: message.message, fix: message.fix });
      else if (message.type === 'error') this.log(`worker error (${message.code}): ${message.message}`);
      return;
    }
    const pending = this.pending.get(message.id);
    if (pending) pending.onLine(message);
    else if (message.type !== 'token') this.log(`[stdout, for no pending request] ${line}`);
  }

  /** The failure pending requests end with when the worker has exited. */
  private exitFailure(code: number | null, signal: NodeJS.Signals | null): InferenceFailure {
    if (this.killedFor) return this.killedFor;
    if (this.spawnError) return this.spawnError;
    if (this.startError) return this.startError;
    const how = code !== null ? `exited (exit code ${code})` : `was killed by ${signal ?? 'a signal'}${signal === 'SIGKILL' ? ' (out of memory?)' : ''}`;
    const said = this.lastLines();
    if (!this.isReady) {
      if (/SyntaxError|invalid syntax/.test(said)) {
        return failure('no-python', `The Python interpreter "${this.options.python}" is too old to run the worker: ${said}`, PYTHON_FIX);
      }
      return failure('worker-crashed', `The Python worker ${how} before it was ready${said ? `: ${said}` : '.'}`, LOG_FIX);
    }
    return failure('worker-crashed', `The Python worker ${how}${said ? `: ${said}` : '.'}`, LOG_FIX);
  }

  private lastLines(): string {
    return this.stderrTail
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .slice(-MESSAGE_LINES)
      .join('\n');
  }

  private fail(reason: InferenceFailure): void {
    this.killedFor = reason;
    this.finish(null, null);
  }

  private finish(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.done) return;
    this.done = true;
    this.usable = false;
    clearTimeout(this.startTimer);
    const reason = this.exitFailure(code, signal);
    if (!this.isReady) this.rejectReady(reason);
    else if (!this.stopping && !this.killedFor) this.log(`the worker ${code !== null ? `exited with code ${code}` : `was killed by ${signal ?? 'a signal'}`}`);
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.onExit(reason, this.stopping);
    this.resolveExited();
  }
}

/**
 * A long-lived worker process running one model at a time. `start()` spawns it (`generate` and
 * `probe` start it too when it is not running, e.g. after a crash); `dispose()` stops it for good.
 */
export class PythonWorker {
  private proc: WorkerProcess | undefined;
  private nextId = 1;
  private generating = false;
  private disposed = false;
  private readonly log: (line: string) => void;

  constructor(private readonly options: PythonWorkerOptions) {
    const sink = options.log;
    this.log = (line) => {
      try {
        sink?.(line);
      } catch {
        // a log sink that throws must not stop the worker
      }
    };
  }

  /** Whether a started worker is up and ready for requests. */
  get running(): boolean {
    return this.proc !== undefined && this.proc.usable && this.proc.isReady;
  }

  /** The worker's process id while one is running. */
  get pid(): number | undefined {
    return this.running ? this.proc?.pid : undefined;
  }

  /**
   * Starts the worker (when it is not running) and resolves once it is ready. Rejects with an
   * InferenceFailure: 'no-python' when the interpreter cannot be started (or is too old), 'timeout'
   * when it is not ready in time, 'worker-crashed' when it exits first.
   */
  start(): Promise<void> {
    if (this.disposed) return Promise.reject(failure('internal', 'The Python worker was disposed.', 'Run again to start a new one.'));
    if (this.proc?.usable) return this.proc.ready;
    this.proc = new WorkerProcess(this.options, this.log);
    return this.proc.ready;
  }

  /** The interpreter's version, the packages installed, and the GPUs torch sees. */
  async probe(): Promise<WorkerProbe> {
    await this.start();
    const proc = this.proc as WorkerProcess;
    const id = this.nextId++;
    const timeoutMs = this.options.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
    return new Promise<WorkerProbe>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          proc.kill(failure('timeout', `The Python worker did not answer a probe within ${seconds(timeoutMs)}; it was stopped.`, LOG_FIX));
        },
        Math.min(timeoutMs, MAX_TIMER_MS),
      );
      const settle = () => {
        clearTimeout(timer);
        proc.pending.delete(id);
      };
      proc.pending.set(id, {
        onLine: (line) => {
          if (line.type === 'probe') {
            settle();
            const { id, type, ...probe } = line;
            resolve(probe);
          } else if (line.type === 'error') {
            settle();
            reject(new InferenceFailure({ code: line.code, message: line.message, fix: line.fix }));
          }
        },
        onExit: (reason) => {
          settle();
          reject(reason);
        },
      });
      if (!proc.send({ id, type: 'probe' })) {
        const reason = failure('worker-crashed', 'The Python worker could not take the probe (it has stopped).', LOG_FIX);
        settle();
        reject(reason);
        proc.kill(reason);
      }
    });
  }

  /**
   * Runs the model on one video and prompt, streaming phases, the frame count and tokens to
   * `handlers`. Resolves with the text when the worker says done (`cancelled` when `signal` aborted
   * it); rejects with an InferenceFailure carrying the worker's error, 'timeout' (the worker is
   * killed), 'worker-crashed' (with its last stderr lines), or 'bad-request' when a run is already
   * going in this worker.
   */
  async generate(request: GenerateRequest, handlers: GenerateHandlers = {}): Promise<GenerateResult> {
    if (this.generating) {
      throw failure('bad-request', 'A run is already going in this worker.', 'Wait for it to end, or cancel it, before starting another.');
    }
    this.generating = true;
    try {
      if (handlers.signal?.aborted) return { text: '', tokens: 0, cancelled: true };
      await this.start();
      if (handlers.signal?.aborted) return { text: '', tokens: 0, cancelled: true };
      return await this.runGenerate(this.proc as WorkerProcess, request, handlers);
    } finally {
      this.generating = false;
    }
  }

  private runGenerate(proc: WorkerProcess, request: GenerateRequest, handlers: GenerateHandlers): Promise<GenerateResult> {
    const id = this.nextId++;
    const { signal } = handlers;
    const cancelGraceMs = this.options.cancelGraceMs ?? CANCEL_GRACE_MS;
    return new Promise<GenerateResult>((resolve, reject) => {
      let text = '';
      let tokenLines = 0;
      let settled = false;
      let aborted = false;
      let idleTimer: NodeJS.Timeout | undefined;
      let cancelTimer: NodeJS.Timeout | undefined;

      const cleanup = () => {
        clearTimeout(firstTimer);
        clearTimeout(idleTimer);
        clearTimeout(cancelTimer);
        signal?.removeEventListener('abort', onAbort);
        proc.pending.delete(id);
      };
      const succeed = (result: GenerateResult) => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve(result);
      };
      const fail = (reason: InferenceFailure) => {
        if (settled) return;
        settled = true;
        cleanup();
        reject(reason);
      };
      const timeout = (message: string, fix: string) => {
        const reason = failure('timeout', message, fix);
        proc.kill(reason);
        fail(reason);
      };
      const timer = (ms: number | undefined, onTimeout: () => void): NodeJS.Timeout | undefined =>
        ms !== undefined && Number.isFinite(ms) && ms > 0 && ms <= MAX_TIMER_MS ? setTimeout(onTimeout, ms) : undefined;
      const armIdle = () => {
        clearTimeout(idleTimer);
        const ms = handlers.idleTimeoutMs;
        idleTimer = timer(ms, () =>
          timeout(
            `The model produced no token for ${seconds(ms ?? 0)}; the worker was stopped.`,
            `Check the GPU (nvidia-smi) and the worker log, or raise rewatchInspector.inference.idleTimeoutSeconds. ${LOG_FIX}`,
          ),
        );
      };
      // A handler that throws (say, a progress report to a closed panel) ends the run rather than escaping.
      const call = (fn: () => void) => {
        try {
          fn();
        } catch (error) {
          proc.send({ id, type: 'cancel' });
          fail(
            failure(
              'internal',
              `A progress handler failed: ${error instanceof Error ? error.message : String(error)}`,
              'This is a bug in the extension; see the log.',
              error,
            ),
          );
        }
      };

      const stopAfterCancel = () => {
        this.log(`the worker did not end the run within ${seconds(cancelGraceMs)} of the cancel; it was killed (the loaded model is dropped)`);
        proc.kill(failure('timeout', `The Python worker did not stop within ${seconds(cancelGraceMs)} of a cancel; it was killed.`, LOG_FIX));
        succeed({ text, tokens: tokenLines, cancelled: true, killed: true });
      };
      const onAbort = () => {
        if (settled || aborted) return;
        aborted = true;
        clearTimeout(firstTimer);
        clearTimeout(idleTimer);
        proc.send({ id, type: 'cancel' });
        cancelTimer = setTimeout(stopAfterCancel, cancelGraceMs);
      };

      proc.pending.set(id, {
        onLine: (line) => {
          switch (line.type) {
            case 'phase':
              if (!aborted) call(() => handlers.onPhase?.(line.phase));
              break;
            case 'frames':
              if (!aborted) call(() => handlers.onFrames?.({ count: line.count, width: line.width, height: line.height }));
              break;
            case 'device': {
              const { id, type, ...device } = line;
              if (!aborted) call(() => handlers.onDevice?.(device));
              break;
            }
            case 'token':
              text += line.text;
              tokenLines++;
              if (!aborted) {
                clearTimeout(firstTimer);
                armIdle();
              }
              call(() => handlers.onToken?.(line.text, line.tokens));
              break;
            case 'done':
              succeed({ text, tokens: line.tokens, cancelled: line.cancelled, ...(line.ids ? { ids: line.ids } : {}) });
              break;
            case 'error':
              fail(new InferenceFailure({ code: line.code, message: line.message, fix: line.fix }));
              break;
            default:
              break;
          }
        },
        onExit: (reason, stopped) => {
          // Stopped by dispose() or killed after a cancel: the run was wanted over anyway.
          if (stopped || aborted) succeed({ text, tokens: tokenLines, cancelled: true });
          else fail(reason);
        },
      });
      const firstMs = handlers.firstTokenTimeoutMs;
      const firstTimer = timer(firstMs, () =>
        timeout(
          `No token came within ${seconds(firstMs ?? 0)} of the request (loading the model, sampling the video and reading the prompt included); the worker was stopped.`,
          `Check the GPU (nvidia-smi) and the worker log; fewer frames (rewatchInspector.inference.maxFrames) shorten the prompt, and rewatchInspector.inference.firstTokenTimeoutSeconds allows a slow first load. ${LOG_FIX}`,
        ),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      const sent = proc.send({ id, type: 'generate', ...GENERATE_DEFAULTS, ...withoutUndefined(request) });
      if (!sent) {
        const reason = failure('worker-crashed', 'The Python worker could not take the request (it has stopped).', LOG_FIX);
        fail(reason);
        proc.kill(reason);
      }
    });
  }

  /** Asks the worker to shut down, and kills it after 2 s; a run going ends as cancelled. Resolves once it has exited. */
  dispose(): Promise<void> {
    this.disposed = true;
    const proc = this.proc;
    this.proc = undefined;
    return proc ? proc.shutdown(this.options.disposeGraceMs ?? DISPOSE_GRACE_MS) : Promise.resolve();
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Decodes UTF-8 chunks and calls `onLine` for each complete line (\n or \r\n). */
function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer): void; end(): void } {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let ended = false;
  const emit = (text: string) => {
    pending += text;
    if (!text.includes('\n')) return;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line.replace(/\r$/, ''));
  };
  return {
    push: (chunk) => {
      if (!ended) emit(decoder.write(chunk));
    },
    end: () => {
      if (ended) return;
      ended = true;
      emit(decoder.end());
      if (pending !== '') onLine(pending.replace(/\r$/, ''));
      pending = '';
    },
  };
}
