import * as assert from 'node:assert/strict';
import { scanJsonlLines } from '../../../src/core/reader/jsonlScanner';
import { RawRecord, ScanOptions } from '../../../src/core/reader/rawRecord';
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

interface Scan {
  completed: boolean;
  records: (Seen & { oversize?: number })[];
}

/** Scans `content` with `options`, copying each record out of the sink; the sink stops the scan after `stopAfter` records. */
function scanAll(content: string | Buffer, options: ScanOptions = {}, stopAfter = Infinity): Scan {
  const file = tempFile('data.jsonl', content);
  const records: Scan['records'] = [];
  const completed = scanJsonlLines(
    file,
    (r) => {
      const seen: Seen = { line: r.line, byteOffset: r.byteOffset, text: r.bytes.toString('utf8') };
      records.push(r.oversize === undefined ? seen : { ...seen, oversize: r.oversize });
      return records.length < stopAfter;
    },
    options,
  );
  return { completed, records };
}

const CHUNK_SIZES = [1, 2, 3, 5, 7, 1 << 20];

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

  it('gives byte ranges that read back the exact line bytes, whatever the chunk size', () => {
    // Offsets by hand: '{"x":"ü"}' is 10 bytes (ü is 2), then CR LF; the blank line starts at 12, the last line at 13.
    const content = '{"x":"ü"}\r\n\n{"y":[1,2]}\n';
    const bytes = Buffer.from(content);
    for (const chunkSize of CHUNK_SIZES) {
      const { completed, records } = scanAll(content, { chunkSize });
      assert.equal(completed, true);
      assert.deepEqual(
        records,
        [
          { line: 1, byteOffset: 0, text: '{"x":"ü"}' },
          { line: 2, byteOffset: 12, text: '' },
          { line: 3, byteOffset: 13, text: '{"y":[1,2]}' },
        ],
        `chunk size ${chunkSize}`,
      );
      for (const r of records) assert.equal(bytes.subarray(r.byteOffset, r.byteOffset + Buffer.byteLength(r.text)).toString(), r.text);
    }
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

  describe('lines longer than maxRecordBytes', () => {
    it('hands a line over the cap with its length and no bytes, keeps one exactly at the cap, and goes on', () => {
      // Offsets by hand: "12345\n" is 6 bytes, "123\n" 4, so the lines start at 0, 6 and 10.
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scanAll('12345\n123\n67\n', { chunkSize, maxRecordBytes: 3 }),
          {
            completed: true,
            records: [
              { line: 1, byteOffset: 0, text: '', oversize: 5 },
              { line: 2, byteOffset: 6, text: '123' },
              { line: 3, byteOffset: 10, text: '67' },
            ],
          },
          `chunk size ${chunkSize}`,
        );
      }
    });

    it('hands a last line over the cap, with no newline after it, with its length only', () => {
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scanAll('1\n234567', { chunkSize, maxRecordBytes: 3 }).records,
          [
            { line: 1, byteOffset: 0, text: '1' },
            { line: 2, byteOffset: 2, text: '', oversize: 6 },
          ],
          `chunk size ${chunkSize}`,
        );
      }
    });

    it('keeps a last line exactly at the cap, with no newline after it', () => {
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(scanAll('1\n234', { chunkSize, maxRecordBytes: 3 }).records, [
          { line: 1, byteOffset: 0, text: '1' },
          { line: 2, byteOffset: 2, text: '234' },
        ]);
      }
    });
  });

  describe('stopping', () => {
    const cases: { name: string; content: string; stopAfter: number; options?: ScanOptions; texts: string[] }[] = [
      { name: 'at a line ended by a newline', content: '1\n2\n3\n', stopAfter: 2, texts: ['1', '2'] },
      { name: 'at a last line with no newline', content: '1\n2', stopAfter: 2, texts: ['1', '2'] },
      { name: 'at an oversize last line with no newline', content: '1\n2345', stopAfter: 2, options: { maxRecordBytes: 2 }, texts: ['1', ''] },
    ];
    for (const c of cases) {
      it(`returns false when the sink returns false ${c.name}, and reads no further`, () => {
        for (const chunkSize of CHUNK_SIZES) {
          const { completed, records } = scanAll(c.content, { ...c.options, chunkSize }, c.stopAfter);
          assert.equal(completed, false, `chunk size ${chunkSize}`);
          assert.deepEqual(
            records.map((r) => r.text),
            c.texts,
            `chunk size ${chunkSize}`,
          );
        }
      });
    }

    it('returns true when the sink lets the scan finish, with or without a last newline', () => {
      assert.equal(scanAll('1\n2\n').completed, true);
      assert.equal(scanAll('1\n2').completed, true);
      assert.equal(scanAll('1\n2345', { maxRecordBytes: 2 }).completed, true);
    });
  });

  describe('a byte range', () => {
    // "a\nbb\nccc\ndddd\n": the lines start at 0, 2, 5 and 9.
    const content = 'a\nbb\nccc\ndddd\n';

    it('reads only the lines inside the range, numbered from its first line, at offsets in the whole file', () => {
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scanAll(content, { chunkSize, range: { start: 2, end: 9, firstLine: 2 } }),
          {
            completed: true,
            records: [
              { line: 2, byteOffset: 2, text: 'bb' },
              { line: 3, byteOffset: 5, text: 'ccc' },
            ],
          },
          `chunk size ${chunkSize}`,
        );
      }
    });

    it('hands over a line the range cuts short as its last record', () => {
      assert.deepEqual(scanAll(content, { range: { start: 5, end: 11, firstLine: 3 } }).records, [
        { line: 3, byteOffset: 5, text: 'ccc' },
        { line: 4, byteOffset: 9, text: 'dd' },
      ]);
    });

    it('keeps a U+FEFF at the start of a range that does not start the file: only a BOM at offset 0 is skipped', () => {
      // "x\n" then EF BB BF "y\n": the second line starts at byte 2.
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(scanAll('x\n\uFEFFy\n', { chunkSize, range: { start: 2, end: 8, firstLine: 2 } }).records, [
          { line: 2, byteOffset: 2, text: '\uFEFFy' },
        ]);
      }
    });
  });

  it('handles an empty file', () => {
    assert.deepEqual(scan(''), []);
  });
});
