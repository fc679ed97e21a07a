import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];

/** Writes a file into a fresh temp folder; removed after the run by `cleanTempFiles`. */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-unit-'));
  made.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-unit-'));
  made.push(dir);
  return dir;
}

export function cleanTempFiles(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
