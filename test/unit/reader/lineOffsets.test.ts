import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { countLines, scanLineOffsets, splitAtLines } from '../../../src/core/reader/lineOffsets';
import { cleanTempFiles, tempFile } from '../helpers/tempFiles';

type Range = [offset: number, length: number];

function scan(content: string | Buffer, chunkSize?: number): { lines: number; bytes: number; ranges: Range[] } {
  const file = tempFile('data.jsonl', content);
  const ranges: Range[] = [];
  const result = scanLineOffsets(file, (offset, length) => void ranges.push([offset, length]), { chunkSize });
  // Counting without a callback takes another path; it must agree.
  assert.deepEqual(scanLineOffsets(file, undefined, { chunkSize }), { lines: result.lines, bytes: result.bytes });
  return { ...result, ranges };
}

/** The text of each range, read back from the content. */
function texts(content: string, ranges: Range[]): string[] {
  const bytes = Buffer.from(content);
  return ranges.map(([offset, length]) => bytes.toString('utf8', offset, offset + length));
}

describe('scanLineOffsets', () => {
  after(cleanTempFiles);

  it('reports each line with its byte offset and length', () => {
    const content = '{"a":1}\n{"é":"✓"}\n';
    const result = scan(content);
    assert.deepEqual(result.ranges, [
      [0, 7],
      [8, 12],
    ]);
    assert.deepEqual(texts(content, result.ranges), ['{"a":1}', '{"é":"✓"}']);
    assert.equal(result.lines, 2);
    assert.equal(result.bytes, Buffer.byteLength(content));
  });

  it('leaves the CR of CRLF out of the length, even when CR and LF sit in different chunks', () => {
    const content = '{"a":1}\r\n\r\n{"b":2}\r\n';
    for (const chunkSize of [undefined, 1, 2, 3, 8, 9]) {
      const result = scan(content, chunkSize);
      assert.deepEqual(texts(content, result.ranges), ['{"a":1}', '', '{"b":2}'], `chunkSize ${chunkSize}`);
      assert.deepEqual(
        result.ranges.map((r) => r[0]),
        [0, 9, 11],
      );
    }
  });

  it('counts a final line without a newline, like wc -l plus one', () => {
    const result = scan('{"a":1}\n{"b":2}');
    assert.equal(result.lines, 2);
    assert.deepEqual(result.ranges[1], [8, 7]);
  });

  it('counts blank lines and a lone newline like wc -l', () => {
    assert.equal(scan('\n').lines, 1);
    assert.deepEqual(scan('\n\n\n').ranges, [
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
  });

  it('handles an empty file', () => {
    assert.deepEqual(scan(''), { lines: 0, bytes: 0, ranges: [] });
  });

  it('carries lines across chunk boundaries with a tiny chunk size', () => {
    const content = '{"x":"ü"}\n\n{"y":[1,2,3,4,5,6,7,8,9]}\n{"z":"😀"}';
    const expected = ['{"x":"ü"}', '', '{"y":[1,2,3,4,5,6,7,8,9]}', '{"z":"😀"}'];
    for (const chunkSize of [1, 2, 3, 5, 7, 64]) {
      const result = scan(content, chunkSize);
      assert.deepEqual(texts(content, result.ranges), expected, `chunkSize ${chunkSize}`);
      assert.equal(result.lines, 4);
    }
  });

  it('handles a 3 MB line between short ones, with chunks smaller than the line', () => {
    const long = JSON.stringify({ text: 'x'.repeat(3 * 1024 * 1024) });
    const content = `{"a":1}\n${long}\n{"b":2}\n`;
    const file = tempFile('long.jsonl', content);
    const ranges: Range[] = [];
    const result = scanLineOffsets(file, (offset, length) => void ranges.push([offset, length]), { chunkSize: 1 << 20 });
    assert.deepEqual(result, { lines: 3, bytes: Buffer.byteLength(content) });
    assert.deepEqual(ranges, [
      [0, 7],
      [8, long.length],
      [9 + long.length, 7],
    ]);
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.toString('utf8', ranges[1][0], ranges[1][0] + ranges[1][1]), long);
  });
});

describe('splitAtLines and countLines', () => {
  after(cleanTempFiles);

  it('cuts at line starts into ranges that cover the file exactly once', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `{"i":${i},"pad":"${'x'.repeat(i % 37)}"}`);
    const content = `${lines.join('\n')}\n`;
    const file = tempFile('split.jsonl', content);
    for (const parts of [1, 2, 3, 7]) {
      const ranges = splitAtLines(file, parts);
      assert.equal(ranges.length, parts);
      assert.equal(ranges[0].start, 0);
      assert.equal(ranges[ranges.length - 1].end, content.length);
      for (let i = 1; i < ranges.length; i++) {
        assert.equal(ranges[i].start, ranges[i - 1].end);
        assert.equal(content[ranges[i].start - 1], '\n', 'each range starts a line');
      }
      // The line a range starts at, counted as the parse thread does.
      for (const range of ranges) assert.equal(lines[countLines(file, range.start)], content.slice(range.start, content.indexOf('\n', range.start)));
    }
  });

  it('gives fewer ranges when lines are longer than a part', () => {
    const content = `${'y'.repeat(200_000)}\n{"short":1}\n`;
    const file = tempFile('few.jsonl', content);
    const ranges = splitAtLines(file, 4);
    assert.deepEqual(ranges, [
      { start: 0, end: 200_001 },
      { start: 200_001, end: content.length },
    ]);
    assert.equal(countLines(file, 200_001), 1);
    assert.equal(countLines(file, content.length), 2);
    assert.deepEqual(splitAtLines(tempFile('empty.jsonl', ''), 2), [{ start: 0, end: 0 }]);
  });
});
