/**
 * Writes a synthetic ReWatch-CoT JSONL file:
 *   node out/bench/generate.js OUT_FILE SIZE_MB [--seed N]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeSyntheticDataset } from './syntheticDataset';

function main(argv: string[]): number {
  const args = [...argv];
  let seed = 1;
  const seedAt = args.indexOf('--seed');
  if (seedAt !== -1) {
    seed = Number(args[seedAt + 1]);
    args.splice(seedAt, 2);
  }
  const [file, sizeMb] = args;
  const mb = Number(sizeMb);
  if (!file || !(mb > 0) || !Number.isInteger(seed)) {
    process.stderr.write('usage: node out/bench/generate.js OUT_FILE SIZE_MB [--seed N]\n');
    return 2;
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const start = performance.now();
  const result = writeSyntheticDataset(file, { sizeBytes: Math.round(mb * 1024 * 1024), seed });
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(
    `${file}: records=${result.records} malformed=${result.malformed} lines=${result.lines} bytes=${result.bytes} ` +
      `(${seconds.toFixed(1)} s, ${(result.bytes / 1048576 / seconds).toFixed(0)} MB/s)\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
