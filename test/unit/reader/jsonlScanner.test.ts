import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { scanJsonlLines } from '../../../src/core/reader/jsonlScanner';
import { RawRecord } from '../../../src/core/reader/rawRecord';
import { cleanTempFiles, tempFile } from '../helpers/tempFiles';

interface Seen {
  line: number;
  byteOffset: number;
  text: string;
}

function scan(content: string | Buffer, chunkSize?: number): Seen[] {
  const file = tempFile('data.jsonl', content);
  const seen: Seen[] = [];
  const completed = scanJsonlLines(file, (r: RawRecord) => void seen.push({ line: r.line, byteOffset: r.byteOffset, text: r.bytes.toString('utf8') }), {
    chunkSize,
  });
  assert.equal(completed, true);
  return seen;
}

describe('scanJsonlLines', () => {
  after(cleanTempFiles);

  it('yields each line with its 1-based number and byte offset', () => {
    assert.deepEqual(scan('{"a":1}\n{"b":2}\n'), [
      { line: 1, byteOffset: 0, text: '{"a":1}' },
      { line: 2, byteOffset: 8, text: '{"b":2}' },
    ]);
  });

  it('keeps a last line that has no newline', () => {
    assert.deepEqual(
      scan('{"a":1}\n{"b":2}').map((s) => s.text),
      ['{"a":1}', '{"b":2}'],
    );
  });

  it('skips a UTF-8 BOM but keeps offsets true to the file', () => {
    const seen = scan(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n{"b":2}\n')]));
    assert.deepEqual(seen[0], { line: 1, byteOffset: 3, text: '{"a":1}' });
    assert.equal(seen[1].byteOffset, 11);
  });

  it('strips the CR of CRLF line endings from the line', () => {
    const seen = scan('{"a":1}\r\n{"b":2}\r\n');
    assert.deepEqual(
      seen.map((s) => s.text),
      ['{"a":1}', '{"b":2}'],
    );
    assert.equal(seen[1].byteOffset, 9);
  });

  it('reports blank lines so line numbers stay right', () => {
    assert.deepEqual(
      scan('{"a":1}\n\n   \n{"b":2}\n').map((s) => [s.line, s.text]),
      [
        [1, '{"a":1}'],
        [2, ''],
        [3, '   '],
        [4, '{"b":2}'],
      ],
    );
  });

  it('assembles lines longer than a chunk, with multi-byte characters split across chunks', () => {
    const long = JSON.stringify({ text: 'é✓😀'.repeat(500) });
    const content = `{"a":1}\n${long}\n{"b":2}`;
    const seen = scan(content, 7);
    assert.deepEqual(
      seen.map((s) => s.text),
      ['{"a":1}', long, '{"b":2}'],
    );
    assert.equal(seen[2].byteOffset, Buffer.byteLength(`{"a":1}\n${long}\n`));
  });

  it('gives byte ranges that read back the exact line bytes', () => {
    const content = '{"x":"ü"}\r\n\n{"y":[1,2]}\n';
    const file = tempFile('ranges.jsonl', content);
    const bytes = fs.readFileSync(file);
    scanJsonlLines(file, (r) => assert.deepEqual(bytes.subarray(r.byteOffset, r.byteOffset + r.bytes.length), r.bytes), { chunkSize: 3 });
  });

  it('stops when the sink returns false or shouldStop says so', () => {
    const file = tempFile('stop.jsonl', '1\n2\n3\n');
    let count = 0;
    assert.equal(
      scanJsonlLines(file, () => ++count < 2),
      false,
    );
    assert.equal(count, 2);
    assert.equal(
      scanJsonlLines(file, () => undefined, { shouldStop: () => true }),
      false,
    );
  });

  it('handles an empty file', () => {
    assert.deepEqual(scan(''), []);
  });
});
