import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_RECORD_BYTES, MIN_RECORD_BYTES, QUESTION_TYPES, SOURCES, SyntheticResult, writeSyntheticDataset } from '../../../bench/syntheticDataset';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

const SIZE = 2 * 1024 * 1024;

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('writeSyntheticDataset', () => {
  // Made in `before`, not at load time: other suites' `after(cleanTempFiles)` would remove it.
  let dir: string;
  let file: string;
  let result: SyntheticResult;
  let lines: string[];

  before(() => {
    dir = tempDir();
    file = path.join(dir, 'a.jsonl');
    result = writeSyntheticDataset(file, { sizeBytes: SIZE, seed: 7, malformedEvery: 50 });
    lines = fs.readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.pop(), '');
  });

  after(cleanTempFiles);

  it('writes at least the requested size, newline-terminated, and reports it', () => {
    const size = fs.statSync(file).size;
    assert.ok(size >= SIZE);
    assert.ok(size < SIZE + 4 * MAX_RECORD_BYTES);
    assert.equal(result.bytes, size);
    assert.equal(result.lines, lines.length);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = path.join(dir, 'b.jsonl');
    assert.deepEqual(writeSyntheticDataset(again, { sizeBytes: SIZE, seed: 7, malformedEvery: 50 }), result);
    assert.equal(sha256(again), sha256(file));
    const other = path.join(dir, 'c.jsonl');
    writeSyntheticDataset(other, { sizeBytes: SIZE, seed: 8, malformedEvery: 50 });
    assert.notEqual(sha256(other), sha256(file));
  });

  it('has exactly as many malformed lines as JSON.parse rejects, and sized, well-shaped records', () => {
    let parsed = 0;
    let failed = 0;
    const sizes: number[] = [];
    for (const line of lines) {
      if (line === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        failed++;
        continue;
      }
      parsed++;
      const bytes = Buffer.byteLength(line);
      sizes.push(bytes);
      assert.ok(bytes >= MIN_RECORD_BYTES && bytes <= MAX_RECORD_BYTES, `record of ${bytes} bytes`);
      const record = value as Record<string, unknown>;
      assert.match(String(record.id), /^rw-cot-\d{6}$/);
      assert.ok((SOURCES as readonly string[]).includes(String(record.source)));
      assert.ok((QUESTION_TYPES as readonly string[]).includes(String(record.question_type)));
      assert.equal(typeof record.question, 'string');
      assert.equal(typeof record.answer, 'string');
      assert.match(String(record.cot), /<action>[^<]+<\/action>\n<observation>[^<]+<\/observation>/);
      assert.match(String(record.cot), /<answer>[^<]+<\/answer>$/);
      if (record.options !== undefined) {
        assert.deepEqual(
          (record.options as string[]).map((o) => o.slice(0, 3)),
          ['A: ', 'B: ', 'C: ', 'D: '],
        );
        assert.match(String(record.answer), /^[ABCD]$/);
        assert.ok(String(record.cot).endsWith(`<answer>${(record.options as string[])['ABCD'.indexOf(String(record.answer))]}</answer>`));
      }
      if (record.caption !== undefined) assert.match(String(record.caption), /^\[\d\d:\d\d-\d\d:\d\d\] /);
    }
    assert.equal(failed, result.malformed);
    assert.equal(parsed, result.records);
    assert.ok(result.malformed >= 5);
    // Skewed sizes: most between 2 and 6 KB, a tail above that.
    const mid = sizes.filter((s) => s >= 1800 && s <= 6144).length;
    assert.ok(mid / sizes.length > 0.6, `only ${mid} of ${sizes.length} records are 2–6 KB`);
    assert.ok(sizes.some((s) => s > 10 * 1024));
  });

  it('mixes multiple-choice and open-ended questions, unicode, escapes and rewards', () => {
    const text = lines.join('\n');
    const good = lines.filter((l) => l.startsWith('{"id":') && l.endsWith('}'));
    const withOptions = good.filter((l) => l.includes('"options":[')).length;
    assert.ok(withOptions > good.length * 0.3 && withOptions < good.length * 0.7);
    assert.match(text, /[\u4e00-\u9fff]/);
    assert.match(text, /\p{Extended_Pictographic}/u);
    assert.match(text, /é/);
    assert.ok(text.includes('\\"') && text.includes('\\\\'));
    assert.match(text, /"rewards":\{"acc":[01],"obs":[\d.]+,"rea":[01],"fmt":[01],"total":[\d.]+\}/);
    assert.match(text, /query the segment from \d+:\d\d(:\d\d)? to \d+:\d\d/);
  });
});
