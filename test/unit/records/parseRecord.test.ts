import * as assert from 'node:assert/strict';
import { parseRecord } from '../../../src/core/records/parseRecord';
import { firstInvalidUtf8 } from '../../../src/core/reader/utf8';

const raw = (text: string | Buffer, line = 7, byteOffset = 100) => ({
  line,
  column: 1,
  byteOffset,
  bytes: typeof text === 'string' ? Buffer.from(text) : text,
});

describe('parseRecord', () => {
  it('parses a valid record with no problems', () => {
    const parsed = parseRecord(raw('{"id": "a", "n": 1}'));
    assert.deepEqual(parsed.value, { id: 'a', n: 1 });
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.blank, false);
  });

  it('reports malformed JSON at its line, column and byte offset', () => {
    const parsed = parseRecord(raw('{"id": "a", "answer": }'));
    assert.equal(parsed.value, undefined);
    assert.equal(parsed.problems.length, 1);
    const [problem] = parsed.problems;
    assert.equal(problem.code, 'malformed-json');
    assert.equal(problem.severity, 'error');
    assert.equal(problem.line, 7);
    assert.equal(problem.column, 23);
    assert.equal(problem.byteOffset, 122);
    assert.match(problem.message, /^Malformed JSON: /);
  });

  it('reports a record cut short at its end', () => {
    const [problem] = parseRecord(raw('{"id": "a", "cot": "<action>')).problems;
    assert.equal(problem.code, 'malformed-json');
    assert.ok(problem.column >= 20);
  });

  it('reports invalid UTF-8 with the offending byte and still parses what it can', () => {
    const bytes = Buffer.concat([Buffer.from('{"q": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const parsed = parseRecord(raw(bytes));
    assert.deepEqual(parsed.value, { q: 'caf\ufffd' });
    assert.equal(parsed.problems[0].code, 'invalid-utf8');
    assert.match(parsed.problems[0].message, /0xe9/);
    assert.equal(parsed.problems[0].byteOffset, 110);
  });

  it('names the failure for trailing commas, comments and unterminated strings', () => {
    const reasons = ['{"a": 1,}', '{"a": 1 /* note */}', '{"a": "open'].map((text) => parseRecord(raw(text)).problems[0]?.message ?? '');
    assert.match(reasons[0], /property name was expected at "}"/);
    assert.match(reasons[1], /comments are not allowed/);
    assert.match(reasons[2], /unterminated string/);
  });

  it('marks whitespace-only records blank', () => {
    assert.equal(parseRecord(raw('   \t')).blank, true);
  });

  it('locates problems on later lines of a multi-line element', () => {
    const parsed = parseRecord({ line: 3, column: 3, byteOffset: 10, bytes: Buffer.from('{\n  "a": 1,\n  "b": x\n}') });
    assert.equal(parsed.problems[0].line, 5);
    assert.equal(parsed.problems[0].column, 8);
  });
});

describe('firstInvalidUtf8', () => {
  const cases: [string, number[], number][] = [
    ['ascii', [0x61, 0x62], -1],
    ['two-byte é', [0xc3, 0xa9], -1],
    ['emoji', [0xf0, 0x9f, 0x98, 0x80], -1],
    ['lone continuation byte', [0x61, 0x80], 1],
    ['truncated sequence at the end', [0x61, 0xe2, 0x82], 1],
    ['overlong encoding', [0xc0, 0xaf], 0],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
    ['latin-1 byte', [0x63, 0x61, 0x66, 0xe9, 0x20], 3],
  ];
  for (const [name, bytes, expected] of cases) {
    it(name, () => assert.equal(firstInvalidUtf8(Uint8Array.from(bytes)), expected));
  }
});
