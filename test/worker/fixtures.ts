/**
 * What the worker tests run on: the interpreter (REWATCH_TEST_PYTHON, which the test runner sets to
 * the worker environment it built; else that environment is built here), a tiny random Qwen2.5-VL
 * made by makeTinyModel.py, and test videos made by ffmpeg.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pythonEnv, WORKER_REQUIREMENTS } from '../../tools/pythonEnv';
import { findOnPath, requirePrograms } from '../../tools/systemDeps';

export const ROOT = path.resolve(__dirname, '../../..');
export const SCRIPT = path.join(ROOT, 'python', 'rewatch_worker.py');
const MAKE_MODEL = path.join(ROOT, 'test', 'worker', 'makeTinyModel.py');

export function testPython(): string {
  return process.env.REWATCH_TEST_PYTHON ?? pythonEnv('worker', WORKER_REQUIREMENTS).python;
}

export function scratch(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Builds the tiny checkpoint (about 4 s; nothing downloaded) and returns its folder. */
export function tinyModel(python: string, dir: string): string {
  const model = path.join(dir, 'tiny-qwen2.5-vl');
  execFileSync(python, [MAKE_MODEL, model], {
    encoding: 'utf8',
    env: { ...process.env, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return model;
}

/** ffmpeg's test pattern, `seconds` long at `size` and `rate`, as H.264 MP4. */
export function testVideo(dir: string, name: string, seconds: number, size = '640x360', rate = 25): string {
  requirePrograms('ffmpeg');
  const file = path.join(dir, name);
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`, '-t', String(seconds), '-pix_fmt', 'yuv420p', '-y', file]);
  return file;
}

/** The generated ids decoded by the checkpoint's tokenizer in a Python of its own (not the worker's streamer). */
export function decodeInPython(python: string, model: string, ids: number[]): string {
  const script =
    'import json, sys\nfrom transformers import AutoTokenizer\nt = AutoTokenizer.from_pretrained(sys.argv[1], local_files_only=True)\nsys.stdout.write(json.dumps(t.decode(json.loads(sys.argv[2]), skip_special_tokens=True, clean_up_tokenization_spaces=False)))';
  return JSON.parse(
    execFileSync(python, ['-c', script, model, JSON.stringify(ids)], { encoding: 'utf8', env: { ...process.env, HF_HUB_OFFLINE: '1' } }),
  ) as string;
}

/** Whether nvidia-smi lists a GPU (the CUDA suite runs then). */
export function gpuListed(): boolean {
  if (!findOnPath('nvidia-smi')) return false;
  try {
    return execFileSync('nvidia-smi', ['-L'], { encoding: 'utf8' }).includes('GPU ');
  } catch {
    return false;
  }
}
