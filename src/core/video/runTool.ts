import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** How much of stderr is kept: enough for ffmpeg's last complaints, bounded for long runs. */
const STDERR_LIMIT = 64 * 1024;
/** Lines of stderr quoted in a failure message. */
const MESSAGE_LINES = 4;

export interface RunToolOptions {
  signal?: AbortSignal;
  /** Kills the tool (SIGKILL) and rejects when it runs longer than this. */
  timeoutMs?: number;
  onStdoutLine?(line: string): void;
  onStderrLine?(line: string): void;
  /** Keep stdout in the result (default true); off for tools whose stdout is only read line by line. */
  collectStdout?: boolean;
}

export interface RunToolResult {
  stdout: Buffer;
  /** The last ~64 KB of stderr. */
  stderr: string;
  code: number;
}

/** A tool that ran and failed: its exit code and what it said last. */
export class ToolError extends Error {
  override name = 'ToolError';
  constructor(
    readonly command: string,
    /** Exit code, or -1 when a signal ended it. */
    readonly code: number,
    readonly stderrTail: string,
    message: string,
  ) {
    super(message);
  }
}

/** The error an aborted run rejects with; `name === 'AbortError'` like Node's own. */
export class AbortError extends Error {
  override name = 'AbortError';
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** "ffmpeg" for "/usr/bin/ffmpeg" or "C:\ffmpeg\bin\ffmpeg.exe": short enough for messages. */
export function toolName(command: string): string {
  return path.basename(command.replace(/\\/g, '/')).replace(/\.(exe|com)$/i, '');
}

/**
 * Runs `command` with `args` (never through a shell) and resolves when it exits 0. Rejects with a
 * `ToolError` on a non-zero exit, an `AbortError` when `signal` aborts, and plain errors when the
 * tool is missing or times out. The child is killed with SIGKILL on abort or timeout and the promise
 * settles only once it has exited, so nothing it writes outlives the call.
 */
export function runTool(command: string, args: readonly string[], options: RunToolOptions = {}): Promise<RunToolResult> {
  const { signal, timeoutMs, onStdoutLine, onStderrLine, collectStdout = true } = options;
  const name = toolName(command);
  if (signal?.aborted) return Promise.reject(new AbortError(`${name} was cancelled`, { cause: signal.reason }));

  return new Promise<RunToolResult>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, shell: false });
    const stdoutChunks: Buffer[] = [];
    let stderr = '';
    /** Why we killed the child, reported once it has exited. */
    let killedFor: Error | undefined;
    let spawnError: Error | undefined;
    /** The first error a line callback threw. */
    let callbackError: Error | undefined;
    let settled = false;

    const kill = (reason: Error) => {
      if (killedFor || child.exitCode !== null || child.signalCode !== null) return;
      killedFor = reason;
      child.kill('SIGKILL');
    };
    // A callback that throws (say, a progress report to a closed panel) stops the tool and rejects,
    // rather than escaping as an uncaught exception with the tool still running.
    const guarded = (callback: ((line: string) => void) | undefined) => (line: string) => {
      try {
        callback?.(line);
      } catch (error) {
        callbackError ??= error instanceof Error ? error : new Error(String(error));
        kill(callbackError);
      }
    };
    const stdoutLines = onStdoutLine && lineSplitter(guarded(onStdoutLine));
    const stderrLines = lineSplitter(guarded(onStderrLine));

    child.stdout.on('data', (chunk: Buffer) => {
      if (collectStdout) stdoutChunks.push(chunk);
      stdoutLines?.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = stderrLines.push(chunk);
      stderr += text;
      // Trim rarely (at twice the limit) so long runs cost O(n), not O(n²).
      if (stderr.length > 2 * STDERR_LIMIT) stderr = stderr.slice(-STDERR_LIMIT);
    });

    const onAbort = () => kill(new AbortError(`${name} was cancelled`, { cause: signal?.reason }));
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      timeoutMs !== undefined ? setTimeout(() => kill(new Error(`${name} timed out after ${formatSeconds(timeoutMs)} and was stopped`)), timeoutMs) : undefined;

    const finish = (error: Error | undefined, code: number) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
      // Flush last partial lines; a callback may still throw here, after the tool has exited.
      stdoutLines?.end();
      stderr += stderrLines.end();
      if (stderr.length > STDERR_LIMIT) stderr = stderr.slice(-STDERR_LIMIT);
      error ??= callbackError;
      if (error) reject(error);
      else resolve({ stdout: Buffer.concat(stdoutChunks), stderr, code });
    };

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') spawnError = new Error(`${command} was not found`, { cause: error });
      else if (child.pid === undefined) spawnError = new Error(`${command} could not be started: ${startFailure(error)}`, { cause: error });
      else return; // e.g. a failed kill; 'close' still follows
      // A child that never started emits no 'close' on every Node version; settle here.
      finish(spawnError, -1);
    });

    child.on('close', (code, exitSignal) => {
      if (spawnError) return finish(spawnError, -1);
      if (killedFor) return finish(killedFor, code ?? -1);
      if (code === 0) return finish(undefined, 0);
      const tail = stderr.slice(-STDERR_LIMIT);
      const how = code === null ? `was killed by ${exitSignal ?? 'a signal'}` : `failed (exit code ${code})`;
      const said = lastLines(tail, MESSAGE_LINES);
      finish(new ToolError(command, code ?? -1, tail, said ? `${name} ${how}: ${said}` : `${name} ${how}`), code ?? -1);
    });
  });
}

/** The last `count` non-blank lines of `text`, joined for a one-paragraph message. */
export function lastLines(text: string, count: number): string {
  return text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .slice(-count)
    .join('\n');
}

/** Node's spawn messages repeat the path; say just what went wrong. */
function startFailure(error: NodeJS.ErrnoException): string {
  if (error.code === 'EACCES') return 'permission denied (is it an executable file?)';
  return error.code ?? error.message;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Decodes UTF-8 chunks and calls `onLine` for each complete line (\n, \r\n or a lone \r, which
 * progress output uses). `push` and `end` return the decoded text so callers can keep it too.
 */
function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer): string; end(): string } {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const emit = (text: string) => {
    pending += text;
    // A trailing \r waits for the next chunk: it may be the first half of \r\n.
    const parts = pending.split(/\r?\n|\r(?!$)/);
    pending = parts.pop() ?? '';
    for (const line of parts) onLine(line);
    return text;
  };
  return {
    push: (chunk) => emit(decoder.write(chunk)),
    end: () => {
      const text = emit(decoder.end());
      if (pending) onLine(pending.replace(/\r$/, ''));
      pending = '';
      return text;
    },
  };
}
