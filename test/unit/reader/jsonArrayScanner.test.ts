import * as assert from 'node:assert/strict';
import { scanJsonArrayElements } from '../../../src/core/reader/jsonArrayScanner';
import type { ScanOptions, StructureProblem } from '../../../src/core/reader/rawRecord';
import { cleanTempFiles, tempFile } from '../helpers/tempFiles';

interface Element {
  line: number;
  column: number;
  byteOffset: number;
  text: string;
}

function elements(content: string | Buffer, chunkSize?: number): Element[] {
  const file = tempFile('data.json', content);
  const seen: Element[] = [];
  scanJsonArrayElements(file, (r) => void seen.push({ line: r.line, column: r.column, byteOffset: r.byteOffset, text: r.bytes.toString('utf8') }), {
    chunkSize,
  });
  return seen;
}

interface Scan {
  /** What the scan returned: false when stopped. */
  completed: boolean;
  records: (Element & { oversize?: number })[];
  problems: StructureProblem[];
}

/** Scans `content` with `options`; the sink keeps each record and stops the scan after `stopAfter` of them. */
function scan(content: string | Buffer, options: ScanOptions = {}, stopAfter = Infinity): Scan {
  const file = tempFile('data.json', content);
  const records: Scan['records'] = [];
  const problems: StructureProblem[] = [];
  const completed = scanJsonArrayElements(
    file,
    (r) => {
      const text = r.bytes.toString('utf8');
      records.push(
        r.oversize === undefined
          ? { line: r.line, column: r.column, byteOffset: r.byteOffset, text }
          : { line: r.line, column: r.column, byteOffset: r.byteOffset, text, oversize: r.oversize },
      );
      return records.length < stopAfter;
    },
    { ...options, onStructureProblem: (p) => problems.push(p) },
  );
  return { completed, records, problems };
}

const CHUNK_SIZES = [1, 2, 3, 5, 7, 1 << 20];

describe('scanJsonArrayElements', () => {
  after(cleanTempFiles);

  const tricky = [
    { caption: '[00:00-00:05] a "quoted" word, a comma, and ] a bracket', n: 1 },
    { nested: { list: [1, [2, { x: '}' }]] }, back: 'slash \\ and \\" quote' },
    'a string element, with a comma',
    42,
    null,
  ];

  it('finds every element of a pretty-printed array, whatever the chunk size', () => {
    const content = JSON.stringify(tricky, null, 2);
    for (const chunkSize of [1, 2, 5, 64, 1 << 20]) {
      const parsed = elements(content, chunkSize).map((e) => JSON.parse(e.text) as unknown);
      assert.deepEqual(parsed, tricky, `chunk size ${chunkSize}`);
    }
  });

  it('reports each element at its line, column and byte offset', () => {
    const content = '[\n  {"a": 1},\n  {"b": "é"},\n  {"c": 3}\n]\n';
    const seen = elements(content);
    assert.deepEqual(
      seen.map((e) => [e.line, e.column]),
      [
        [2, 3],
        [3, 3],
        [4, 3],
      ],
    );
    const bytes = Buffer.from(content);
    for (const e of seen) assert.equal(bytes.subarray(e.byteOffset, e.byteOffset + Buffer.byteLength(e.text)).toString(), e.text);
  });

  it('handles a compact array, a BOM and CRLF', () => {
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"a":1},\r\n{"b":2}]')]);
    assert.deepEqual(
      elements(content).map((e) => e.text),
      ['{"a":1}', '{"b":2}'],
    );
    assert.equal(elements(content)[0].byteOffset, 4);
  });

  it('treats a non-array document as one record', () => {
    assert.deepEqual(
      elements('  {"a": [1, 2]}\n').map((e) => e.text),
      ['{"a": [1, 2]}'],
    );
  });

  it('yields an unterminated last element so the parser can report it', () => {
    const seen = elements('[{"a":1}, {"b": ');
    assert.deepEqual(
      seen.map((e) => e.text),
      ['{"a":1}', '{"b":'],
    );
  });

  it('resynchronises after an element whose string is never closed', () => {
    const good = [{ id: 1, caption: '[00:00-00:05] a' }, { id: 3, caption: '[00:05-00:09] c' }, { id: 4 }];
    const pretty = JSON.stringify(good, null, 2).split('\n');
    // Break the middle of the array: an element whose caption string loses its closing quote.
    const brokenElement = ['  {', '    "id": 2,', '    "caption": "[00:00-00:05] unterminated', '  },'];
    const lines = [...pretty.slice(0, 5), ...brokenElement, ...pretty.slice(5)];
    const content = lines.join('\n');
    for (const chunkSize of [3, 1 << 20]) {
      const seen = elements(content, chunkSize);
      assert.equal(seen.length, 4, `chunk size ${chunkSize}: the elements after the broken one survive`);
      assert.equal(seen[1].line, 6);
      assert.throws(() => JSON.parse(seen[1].text) as unknown);
      assert.deepEqual(
        seen.filter((_, i) => i !== 1).map((e) => JSON.parse(e.text) as unknown),
        good,
      );
    }
  });

  it('yields nothing for an empty array', () => {
    assert.deepEqual(elements('[ ]'), []);
  });

  it('keeps an element that is itself an array whole, commas included', () => {
    for (const chunkSize of CHUNK_SIZES) {
      assert.deepEqual(
        scan('[[1, 2], [3, [4, 5]], []]', { chunkSize }).records.map((r) => r.text),
        ['[1, 2]', '[3, [4, 5]]', '[]'],
        `chunk size ${chunkSize}`,
      );
    }
  });

  it('does not end a string at an escaped quote: a comma after it stays in the element', () => {
    // One escaped quote in each string, so a scanner that ignored escapes would pair the quotes wrongly.
    for (const chunkSize of CHUNK_SIZES) {
      assert.deepEqual(
        scan('["a\\"b, c", {"q": "say \\"hi, x"}, "d"]', { chunkSize }).records.map((r) => r.text),
        ['"a\\"b, c"', '{"q": "say \\"hi, x"}', '"d"'],
        `chunk size ${chunkSize}`,
      );
    }
  });

  it('hands over a file cut short anywhere in its element as everything up to the last byte that is not whitespace', () => {
    // Property: for every prefix of a one-element array, the only record is the prefix after '[', trimmed.
    // The strings hold no whitespace, so trimming can only remove whitespace outside strings.
    const whole = '[ {"k": "x\\"y\\\\", "n": [1, {"m": "z"}], "t": true} ]';
    for (let cut = 2; cut < whole.length - 1; cut++) {
      const prefix = whole.slice(0, cut);
      const expected = prefix.slice(1).trim();
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scan(prefix, { chunkSize }).records.map((r) => r.text),
          expected === '' ? [] : [expected],
          `cut at ${cut}, chunk size ${chunkSize}`,
        );
      }
    }
  });

  it('reads an element that spans many chunks intact', () => {
    // A 40,014-byte element over 1 KiB chunks: it is assembled from 40 pieces.
    const big = JSON.stringify({ caption: 'x'.repeat(39_000) + 'y'.repeat(1000) });
    assert.deepEqual(
      scan(`[${big}, {"small":true}]`, { chunkSize: 1024 }).records.map((r) => [r.byteOffset, r.text]),
      [
        [1, big],
        [big.length + 3, '{"small":true}'],
      ],
    );
  });

  describe('recovering from a string that is never closed', () => {
    // Offsets below are counted by hand from the lines as written (a line's length plus 1 for its LF).
    it("resynchronises at the next line that opens an element at the broken element's column", () => {
      // The broken element also lost its closing brace: only the column rule can end it.
      const content = '[\n  {"id": 1},\n  {"id": 2, "note": "cut off\n  {"id": 3},\n  {"id": 4}\n]\n';
      for (const chunkSize of CHUNK_SIZES) {
        const { completed, records, problems } = scan(content, { chunkSize });
        assert.equal(completed, true);
        assert.deepEqual(
          records,
          [
            { line: 2, column: 3, byteOffset: 4, text: '{"id": 1}' },
            { line: 3, column: 3, byteOffset: 17, text: '{"id": 2, "note": "cut off' },
            { line: 4, column: 3, byteOffset: 46, text: '{"id": 3}' },
            { line: 5, column: 3, byteOffset: 59, text: '{"id": 4}' },
          ],
          `chunk size ${chunkSize}`,
        );
        assert.deepEqual(problems, [], `chunk size ${chunkSize}`);
      }
    });

    it('does not resynchronise at a brace indented deeper than the broken element', () => {
      const content = '[\n  {"id": 1, "note": "cut off\n    {"x": 1}\n  },\n  {"id": 3}\n]';
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scan(content, { chunkSize }).records,
          [
            { line: 2, column: 3, byteOffset: 4, text: '{"id": 1, "note": "cut off\n    {"x": 1}\n  }' },
            { line: 5, column: 3, byteOffset: 51, text: '{"id": 3}' },
          ],
          `chunk size ${chunkSize}`,
        );
      }
    });

    it('resynchronises in a tab-indented array, counting a tab as one column', () => {
      const content = '[\n\t{"id": 1},\n\t{"id": 2, "note": "cut off\n\t{"id": 3}\n]';
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scan(content, { chunkSize }).records,
          [
            { line: 2, column: 2, byteOffset: 3, text: '{"id": 1}' },
            { line: 3, column: 2, byteOffset: 15, text: '{"id": 2, "note": "cut off' },
            { line: 4, column: 2, byteOffset: 43, text: '{"id": 3}' },
          ],
          `chunk size ${chunkSize}`,
        );
      }
    });

    it('treats a backslash right before a raw newline as a string that is never closed', () => {
      // "C:\" then a newline: the backslash escapes nothing JSON allows, so the string breaks there.
      const content = '[\n  {"id": 1, "path": "C:\\\n  {"id": 2}\n]';
      for (const chunkSize of CHUNK_SIZES) {
        const { records, problems } = scan(content, { chunkSize });
        assert.deepEqual(
          records,
          [
            { line: 2, column: 3, byteOffset: 4, text: '{"id": 1, "path": "C:\\' },
            { line: 3, column: 3, byteOffset: 29, text: '{"id": 2}' },
          ],
          `chunk size ${chunkSize}`,
        );
        assert.deepEqual(problems, [], `chunk size ${chunkSize}`);
      }
    });
    it("does not resynchronise at a brace that text precedes on its line, even at the broken element's column", () => {
      // Line 3 is " ,{"id": 2}": its '{' is at column 3, the broken element's column, but the ',' opens the line.
      // The resync happens on line 4, whose first byte is a '{' at column 3 (offset 2 + 29 + 12 + 2 = 45).
      const content = '[\n  {"id": 1, "note": "cut off\n ,{"id": 2}\n  {"id": 3}\n]';
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scan(content, { chunkSize }).records,
          [
            { line: 2, column: 3, byteOffset: 4, text: '{"id": 1, "note": "cut off\n ,{"id": 2}' },
            { line: 4, column: 3, byteOffset: 45, text: '{"id": 3}' },
          ],
          `chunk size ${chunkSize}`,
        );
      }
    });

    it("keeps a valid element whole when a nested object opens a line at the element's own column", () => {
      // Nothing is broken: a '{' at the element's column on a later line is just a nested value.
      for (const content of ['[\n{"a":\n{"b": 1}},\n{"c":\n{"d": 2}}\n]', '[\n{"id": 1, "note": "cut off\n{"a":\n{"b": 1}}\n]']) {
        const expected = content.startsWith('[\n{"a"') ? ['{"a":\n{"b": 1}}', '{"c":\n{"d": 2}}'] : ['{"id": 1, "note": "cut off', '{"a":\n{"b": 1}}'];
        for (const chunkSize of CHUNK_SIZES) {
          assert.deepEqual(
            scan(content, { chunkSize }).records.map((r) => r.text),
            expected,
            `chunk size ${chunkSize}`,
          );
        }
      }
    });

    it('counts a CR at the start of a line as indentation, like a space', () => {
      // A stray CR after an LF ("\n\r"): the next brace is at column 2, the broken element's column.
      const content = '[\n {"id": 1, "note": "cut off\n\r{"id": 2}\n]';
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scan(content, { chunkSize }).records,
          [
            { line: 2, column: 2, byteOffset: 3, text: '{"id": 1, "note": "cut off' },
            { line: 3, column: 2, byteOffset: 31, text: '{"id": 2}' },
          ],
          `chunk size ${chunkSize}`,
        );
      }
    });
  });

  describe('a document that is not an array', () => {
    it('hands a top-level number over as one record', () => {
      assert.deepEqual(scan('42\n'), { completed: true, records: [{ line: 1, column: 1, byteOffset: 0, text: '42' }], problems: [] });
    });

    it('hands top-level strings over as one record, commas and brackets included', () => {
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scan('  "a, b]", "c"\n', { chunkSize }),
          { completed: true, records: [{ line: 1, column: 3, byteOffset: 2, text: '"a, b]", "c"' }], problems: [] },
          `chunk size ${chunkSize}`,
        );
      }
    });

    it('splits a top-level string broken by a raw newline at the next line that opens an object at column 1', () => {
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scan('"a\n{"b": 1}', { chunkSize }),
          {
            completed: true,
            records: [
              { line: 1, column: 1, byteOffset: 0, text: '"a' },
              { line: 2, column: 1, byteOffset: 3, text: '{"b": 1}' },
            ],
            problems: [],
          },
          `chunk size ${chunkSize}`,
        );
      }
    });

    it('hands two top-level objects over as one record (the parser reports the second)', () => {
      assert.deepEqual(scan('{"a": 1}, {"b": 2}').records, [{ line: 1, column: 1, byteOffset: 0, text: '{"a": 1}, {"b": 2}' }]);
    });
  });

  describe('stopping', () => {
    const resync = '[\n  {"id": 1},\n  {"id": 2, "note": "cut off\n  {"id": 3},\n  {"id": 4}\n]\n';
    const cases: { name: string; content: string; stopAfter: number; options?: ScanOptions; texts: string[] }[] = [
      { name: 'at an element ended by a comma', content: '[1, 2, 3]', stopAfter: 1, texts: ['1'] },
      { name: "at an element ended by the array's ']'", content: '[1]', stopAfter: 1, texts: ['1'] },
      { name: 'at the broken element a resync ends', content: resync, stopAfter: 2, texts: ['{"id": 1}', '{"id": 2, "note": "cut off'] },
      { name: 'at the element after a resync', content: resync, stopAfter: 3, texts: ['{"id": 1}', '{"id": 2, "note": "cut off', '{"id": 3}'] },
      { name: 'at the unfinished last element of an unclosed array', content: '[1, 2', stopAfter: 2, texts: ['1', '2'] },
      { name: 'at a document that is not an array', content: '42', stopAfter: 1, texts: ['42'] },
      { name: 'at an oversize element', content: '[12345, 6]', stopAfter: 1, options: { maxRecordBytes: 2 }, texts: [''] },
      { name: 'at an oversize unfinished last element', content: '[1, 2345', stopAfter: 2, options: { maxRecordBytes: 2 }, texts: ['1', ''] },
    ];
    for (const c of cases) {
      it(`stops and returns false when the sink returns false ${c.name}`, () => {
        for (const chunkSize of CHUNK_SIZES) {
          const { completed, records } = scan(c.content, { ...c.options, chunkSize }, c.stopAfter);
          assert.equal(completed, false, `chunk size ${chunkSize}`);
          assert.deepEqual(
            records.map((r) => r.text),
            c.texts,
            `chunk size ${chunkSize}`,
          );
        }
      });
    }

    it('returns true when the sink lets the scan finish, also for an unclosed array', () => {
      assert.equal(scan('[1, 2]').completed, true);
      assert.equal(scan('[1, 2').completed, true);
      assert.equal(scan('[1, 2345', { maxRecordBytes: 2 }).completed, true);
    });

    it('stops before reading when shouldStop says so', () => {
      assert.deepEqual(scan('[1, 2]', { shouldStop: () => true }), { completed: false, records: [], problems: [] });
    });
  });

  describe('structure problems', () => {
    const problem = (line: number, column: number, byteOffset: number, byteLength: number, code: string, message: string): StructureProblem => ({
      line,
      column,
      byteOffset,
      byteLength,
      code,
      message,
    });
    const AFTER_OPEN = "The array has an empty element: a ',' right after its '['.";
    const TWO_COMMAS = "The array has an empty element: two ',' with nothing between them.";
    const BEFORE_CLOSE = "The array has an empty element: a ',' right before its ']'.";
    const NOT_CLOSED = "The JSON array is never closed: the file ends without its ']' (the file may be cut short).";
    const TEXT_AFTER = "There is more after the array's closing ']': a JSON file holds one value (this text is not read).";

    const cases: { name: string; content: string; texts: string[]; problems: StructureProblem[] }[] = [
      { name: "a ',' right after '['", content: '[,1]', texts: ['1'], problems: [problem(1, 2, 1, 1, 'empty-array-element', AFTER_OPEN)] },
      { name: "two ',' in a row", content: '[1,,2]', texts: ['1', '2'], problems: [problem(1, 4, 3, 1, 'empty-array-element', TWO_COMMAS)] },
      { name: "a ',' right before ']'", content: '[1,]', texts: ['1'], problems: [problem(1, 4, 3, 1, 'empty-array-element', BEFORE_CLOSE)] },
      {
        name: 'an empty element on a later line, at its line and column',
        content: '[\n  1,\n\n  ,2\n]',
        texts: ['1', '2'],
        problems: [problem(4, 3, 10, 1, 'empty-array-element', TWO_COMMAS)],
      },
      { name: "text after the ']', reported once", content: '[1] x y\n', texts: ['1'], problems: [problem(1, 5, 4, 1, 'text-after-array', TEXT_AFTER)] },
      {
        name: 'an array never closed, at the end of the file',
        content: '[1, 2',
        texts: ['1', '2'],
        problems: [problem(1, 6, 5, 0, 'array-not-closed', NOT_CLOSED)],
      },
      { name: 'an array never closed, after a last newline', content: '[1,\n', texts: ['1'], problems: [problem(2, 1, 4, 0, 'array-not-closed', NOT_CLOSED)] },
      { name: 'nothing for a well-formed array with whitespace around it', content: ' \t\r\n[ 1 , 2 ]\r\n \n', texts: ['1', '2'], problems: [] },
      { name: 'nothing for an empty array', content: '[]', texts: [], problems: [] },
      { name: 'nothing for a document that is not an array, even unfinished', content: '{"a": ', texts: ['{"a":'], problems: [] },
    ];
    for (const c of cases) {
      it(`reports ${c.name}`, () => {
        for (const chunkSize of CHUNK_SIZES) {
          const { completed, records, problems } = scan(c.content, { chunkSize });
          assert.equal(completed, true);
          assert.deepEqual(
            records.map((r) => r.text),
            c.texts,
            `chunk size ${chunkSize}`,
          );
          assert.deepEqual(problems, c.problems, `chunk size ${chunkSize}`);
        }
      });
    }

    it('reports an array never closed at the end of the scanned range, not of the file', () => {
      const { records, problems } = scan('[1, 2]', { range: { start: 0, end: 4, firstLine: 1 } });
      assert.deepEqual(
        records.map((r) => r.text),
        ['1'],
      );
      assert.deepEqual(problems, [problem(1, 5, 4, 0, 'array-not-closed', NOT_CLOSED)]);
    });
  });

  describe('elements longer than maxRecordBytes', () => {
    it('hands an element over the cap with its length and no bytes, and goes on', () => {
      // {"a":"0123456789"} is 18 bytes.
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scan('[{"a":"0123456789"}, 7]', { chunkSize, maxRecordBytes: 10 }).records,
          [
            { line: 1, column: 2, byteOffset: 1, text: '', oversize: 18 },
            { line: 1, column: 22, byteOffset: 21, text: '7' },
          ],
          `chunk size ${chunkSize}`,
        );
      }
    });

    it('keeps an element exactly as long as the cap', () => {
      // {"a":"01"} is 10 bytes.
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scan('[{"a":"01"},7]', { chunkSize, maxRecordBytes: 10 }).records.map((r) => r.text),
          ['{"a":"01"}', '7'],
          `chunk size ${chunkSize}`,
        );
      }
    });

    it('keeps an element as long as the cap when whitespace after it is read past the cap, wherever the chunks end', () => {
      // {"a":"01"} is 10 bytes; what follows it before the ',' or ']' (or the end of the file) is whitespace.
      for (const content of ['[{"a":"01"} ,7]', '[{"a":"01"}\n]', '[{"a":"01"}\n  \n']) {
        for (const chunkSize of CHUNK_SIZES) {
          const { records } = scan(content, { chunkSize, maxRecordBytes: 10 });
          assert.deepEqual(records[0], { line: 1, column: 2, byteOffset: 1, text: '{"a":"01"}' }, `${JSON.stringify(content)}, chunk size ${chunkSize}`);
        }
      }
    });

    it('counts whitespace inside an element towards the cap', () => {
      // {"a":      1} is 13 bytes: 5, six spaces, then 2.
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scan('[{"a":      1}, 2]', { chunkSize, maxRecordBytes: 10 }).records.map((r) => [r.text, r.oversize]),
          [
            ['', 13],
            ['2', undefined],
          ],
          `chunk size ${chunkSize}`,
        );
      }
    });

    it('keeps the whitespace inside an element under the cap that starts late in the file', () => {
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scan('[1, 2, {"a": [1, 2]}]', { chunkSize, maxRecordBytes: 14 }).records.map((r) => r.text),
          ['1', '2', '{"a": [1, 2]}'],
          `chunk size ${chunkSize}`,
        );
      }
    });

    it('hands an oversize last element over once', () => {
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scan('[1, 12345]\n', { chunkSize, maxRecordBytes: 2 }).records.map((r) => [r.text, r.oversize]),
          [
            ['1', undefined],
            ['', 5],
          ],
          `chunk size ${chunkSize}`,
        );
      }
    });

    it('hands an unfinished last element over the cap with its length only', () => {
      // {"a":"0123456789" is 17 bytes; the array is never closed.
      for (const chunkSize of CHUNK_SIZES) {
        const { records, problems } = scan('[1, {"a":"0123456789"', { chunkSize, maxRecordBytes: 10 });
        assert.deepEqual(
          records,
          [
            { line: 1, column: 2, byteOffset: 1, text: '1' },
            { line: 1, column: 5, byteOffset: 4, text: '', oversize: 17 },
          ],
          `chunk size ${chunkSize}`,
        );
        assert.deepEqual(
          problems.map((p) => p.code),
          ['array-not-closed'],
        );
      }
    });

    it('keeps an unfinished last element exactly as long as the cap', () => {
      for (const chunkSize of CHUNK_SIZES) {
        assert.deepEqual(
          scan('[1, {"a":"012"', { chunkSize, maxRecordBytes: 10 }).records.map((r) => r.text),
          ['1', '{"a":"012"'],
          `chunk size ${chunkSize}`,
        );
      }
    });

    it('hands a document that is not an array over the cap with its length only', () => {
      assert.deepEqual(scan('"0123456789ab"', { maxRecordBytes: 10 }).records, [{ line: 1, column: 1, byteOffset: 0, text: '', oversize: 14 }]);
    });
  });

  it('skips a BOM only at the start of the file: a U+FEFF later is element text wherever a chunk starts', () => {
    // Bytes: [ " a " , EF BB BF 2 ] — with 5-byte chunks the second chunk starts with EF BB BF.
    const content = '["a",\uFEFF2]';
    for (const chunkSize of CHUNK_SIZES) {
      assert.deepEqual(
        scan(content, { chunkSize }).records.map((r) => [r.byteOffset, r.text]),
        [
          [1, '"a"'],
          [5, '\uFEFF2'],
        ],
        `chunk size ${chunkSize}`,
      );
    }
  });
});
