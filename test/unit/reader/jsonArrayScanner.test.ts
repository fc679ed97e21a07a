import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { scanJsonArrayElements } from '../../../src/core/reader/jsonArrayScanner';
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

  it('reads a multi-megabyte element intact', () => {
    const big = { caption: 'x'.repeat(3_000_000) };
    const file = tempFile('big.json', JSON.stringify([big, { small: true }]));
    const lengths: number[] = [];
    scanJsonArrayElements(file, (r) => void lengths.push(r.bytes.length));
    assert.deepEqual(lengths, [JSON.stringify(big).length, 14]);
    assert.ok(fs.statSync(file).size > 3_000_000);
  });
});
