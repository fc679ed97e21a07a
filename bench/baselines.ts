/**
 * Reference timings for reading a JSONL file, to judge the indexer against: a bare single-threaded
 * Node parse loop, Python's json module, and `wc -l` (the I/O + newline floor).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface Timing {
  ms: number;
  detail: string;
}

const READ_CHUNK = 4 << 20;

/**
 * Reads 4 MB chunks, splits on 0x0A and JSON.parses every line (blank ones fail, as in the Python
 * loop). No readline: its per-line events and stream plumbing would make the baseline unfairly slow.
 */
export async function jsonParseBaseline(file: string): Promise<Timing> {
  const start = performance.now();
  const buffer = Buffer.allocUnsafe(READ_CHUNK);
  const fd = fs.openSync(file, 'r');
  let parsed = 0;
  let failed = 0;
  let bytes = 0;
  // Bytes of a line cut by a chunk end; lines are short, so copying them is cheap.
  let carry: Buffer | undefined;
  const parse = (text: string): void => {
    try {
      JSON.parse(text);
      parsed++;
    } catch {
      failed++;
    }
  };
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, READ_CHUNK, bytes);
      if (n === 0) break;
      bytes += n;
      const chunk = buffer.subarray(0, n);
      let from = 0;
      let nl = chunk.indexOf(0x0a);
      if (carry !== undefined && nl !== -1) {
        parse(Buffer.concat([carry, chunk.subarray(0, nl)]).toString('utf8'));
        carry = undefined;
        from = nl + 1;
        nl = chunk.indexOf(0x0a, from);
      }
      while (nl !== -1) {
        parse(chunk.toString('utf8', from, nl));
        from = nl + 1;
        nl = chunk.indexOf(0x0a, from);
      }
      if (from < n) {
        // Copy: the buffer is reused by the next read.
        const rest = Buffer.from(chunk.subarray(from));
        carry = carry === undefined ? rest : Buffer.concat([carry, rest]);
      }
    }
    if (carry !== undefined) parse(carry.toString('utf8'));
  } finally {
    fs.closeSync(fd);
  }
  const ms = performance.now() - start;
  return { ms, detail: `node JSON.parse loop: ${parsed} parsed, ${failed} failed, ${bytes} bytes` };
}

const PYTHON_SCRIPT = `
import json, sys, time
t = time.perf_counter()
ok = bad = 0
with open(sys.argv[1], 'rb') as f:
    for line in f:
        try:
            json.loads(line)
            ok += 1
        except Exception:
            bad += 1
print(json.dumps({"ms": (time.perf_counter() - t) * 1000, "parsed": ok, "failed": bad}))
`;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a program with an argument array (no shell); undefined when the program is missing. */
function runProgram(command: string, args: string[]): Promise<Ran | undefined> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? resolve(undefined) : reject(err)));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - start }));
  });
}

/** Python's own loop, timed inside Python so interpreter start-up is not counted. */
export async function pythonBaseline(file: string): Promise<Timing | undefined> {
  const ran = await runProgram('python3', ['-c', PYTHON_SCRIPT, file]);
  if (ran === undefined) return undefined;
  if (ran.code !== 0) throw new Error(`python3 exited with ${ran.code}: ${ran.stderr.trim()}`);
  const report = JSON.parse(ran.stdout) as { ms: number; parsed: number; failed: number };
  return { ms: report.ms, detail: `python3 json.loads loop: ${report.parsed} parsed, ${report.failed} failed (process wall ${ran.ms.toFixed(0)} ms)` };
}

/** `wc -l`: how fast the disk and a newline count can go, wall time including process start. */
export async function wcBaseline(file: string): Promise<Timing | undefined> {
  const ran = await runProgram('wc', ['-l', file]);
  if (ran === undefined) return undefined;
  if (ran.code !== 0) throw new Error(`wc exited with ${ran.code}: ${ran.stderr.trim()}`);
  return { ms: ran.ms, detail: `wc -l: ${ran.stdout.trim().split(/\s+/)[0]} lines` };
}

/** The JSON.parse loop under another Node (its V8 parses at its own speed): `node out/bench/baselines.js FILE`. */
export async function jsonParseBaselineUnder(node: string, file: string): Promise<Timing> {
  const ran = await runProgram(node, [__filename, file]);
  if (ran === undefined || ran.code !== 0) throw new Error(`${node} could not run the JSON.parse baseline: ${ran?.stderr.trim() ?? 'not found'}`);
  return JSON.parse(ran.stdout) as Timing;
}

if (require.main === module) {
  void jsonParseBaseline(process.argv[2]).then((timing) => process.stdout.write(JSON.stringify(timing)));
}
