/**
 * Waiting for an OpenAI-compatible server to come up (vLLM loads the model before it listens, which
 * takes a minute or more): polls `/v1/models` until it answers. No `vscode`.
 */
import { AbortError } from '../video/runTool';
import { InferenceFailure } from './inferenceFailure';
import { listModels, ServerFailure } from './serverClient';
import { describeError } from './sse';

export interface WaitForServerOptions {
  /** Give up (InferenceFailure 'timeout') after this long in all. */
  timeoutMs: number;
  /** Pause between polls. */
  intervalMs: number;
  signal?: AbortSignal;
  apiKey?: string;
  /** Longest a single poll may take (default 5 s, never past the deadline). */
  pollTimeoutMs?: number;
  /** Called after each failed poll (for a log line); a throw stops waiting with that error. */
  onPoll?: (attempt: number, error: InferenceFailure) => void;
}

/** Statuses that say "not yet" rather than "never": the server is up but still loading, or busy. */
const RETRY_STATUSES = new Set([408, 425, 429]);

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError('Waiting for the inference server was cancelled', { cause: signal.reason }));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError('Waiting for the inference server was cancelled', { cause: signal?.reason }));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls the server at `url` (a base like `http://127.0.0.1:8000/v1`) until `/v1/models` answers, and
 * resolves the served model names. Refused connections, timeouts and 5xx answers (still loading)
 * are retried every `intervalMs`; a 4xx answer (a wrong key, not an OpenAI server) rejects at once.
 * Rejects with an InferenceFailure 'timeout' (its message quoting the last poll's error) after
 * `timeoutMs`, and with runTool's AbortError (`isAbortError`) when `signal` aborts.
 */
export async function waitForServer(url: string, options: WaitForServerOptions): Promise<string[]> {
  const { timeoutMs, intervalMs, signal, apiKey } = options;
  const deadline = Date.now() + Math.max(0, timeoutMs);
  const pollCap = Math.max(1, options.pollTimeoutMs ?? 5_000);
  let last: InferenceFailure | undefined;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new AbortError('Waiting for the inference server was cancelled', { cause: signal.reason });
    const remaining = deadline - Date.now();
    if (remaining <= 0 && attempt > 1) break;
    try {
      return await listModels(url, apiKey, signal, Math.max(1, Math.min(pollCap, remaining)));
    } catch (error) {
      if (!(error instanceof InferenceFailure)) throw error; // AbortError, or a bug
      if (error.code === 'bad-request') throw error;
      const status = error instanceof ServerFailure ? error.status : undefined;
      if (status !== undefined && status >= 400 && status < 500 && !RETRY_STATUSES.has(status)) throw error;
      last = error;
      options.onPoll?.(attempt, error);
    }
    const left = deadline - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(intervalMs, left), signal);
  }
  const lastSaid = last ? ` The last try: ${describeError(last)}` : '';
  throw new InferenceFailure(
    {
      code: 'timeout',
      message: `The inference server at ${url} did not come up within ${Number((timeoutMs / 1000).toFixed(3))} s.${lastSaid}`,
      fix: last?.error.fix ?? "Check the server's log: loading a 7B model takes a minute or two; raise the start timeout if it is just slow.",
    },
    { cause: last },
  );
}
