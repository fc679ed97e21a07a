import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Replacement, detectEol, identityOf, sameIdentity, writeEditedFile } from '../../../src/core/save/writeEditedFile';

const MODULE = path.resolve(__dirname, '../../../src/core/save/writeEditedFile.js');

/** Applies replacements in memory: what the saved file must be. */
function expected(original: Buffer, replacements: Replacement[], eol: '\n' | '\r\n' = '\n'): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const r of replacements) {
    parts.push(original.subarray(at, r.byteOffset), Buffer.from(eol === '\r\n' ? r.text.replace(/\r?\n/g, '\r\n') : r.text));
    at = r.byteOffset + r.byteLength;
  }
  parts.push(original.subarray(at));
  return Buffer.concat(parts);
}

/** The replacement of the `n`-th line (0-based, line ending excluded) of a text. */
function lineReplacement(content: Buffer, n: number, text: string): Replacement {
  let start = 0;
  for (let i = 0; i < n; i++) start = content.indexOf(0x0a, start) + 1;
  let end = content.indexOf(0x0a, start);
  if (end < 0) end = content.length;
  if (end > start && content[end - 1] === 0x0d) end--;
  return { byteOffset: start, byteLength: end - start, text };
}

function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.includes('.rewatch-save-'));
}

describe('writeEditedFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-save-test-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, content: string | Buffer): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  it('substitutes several replacements and reports their sizes', async () => {
    const content = Buffer.from('{"a":1}\n{"b":2}\n{"c":3}\n{"d":4}\n');
    const file = write('data.jsonl', content);
    const replacements = [lineReplacement(content, 1, '{"b":"é longer"}'), lineReplacement(content, 3, '{}')];
    const result = await writeEditedFile({ source: file, destination: file, replacements });
    const want = expected(content, replacements);
    assert.deepEqual(fs.readFileSync(file), want);
    assert.equal(result.bytes, want.length);
    assert.deepEqual(result.replaced, [
      { byteOffset: 8, oldLength: 7, newLength: 17 },
      { byteOffset: 24, oldLength: 7, newLength: 2 },
    ]);
    assert.deepEqual(leftovers(dir), []);
  });

  it('writes replacements with internal newlines as CRLF in a CRLF file', async () => {
    const content = Buffer.from('[\r\n  {\r\n    "a": 1\r\n  },\r\n  {"b": 2}\r\n]\r\n');
    const file = write('data.json', content);
    const start = content.indexOf('{"b"');
    const replacements = [{ byteOffset: start, byteLength: 8, text: '{\n    "b": 3,\r\n    "c": 4\n  }' }];
    await writeEditedFile({ source: file, destination: file, replacements, eol: detectEol(content) });
    const saved = fs.readFileSync(file, 'utf8');
    assert.equal(saved, '[\r\n  {\r\n    "a": 1\r\n  },\r\n  {\r\n    "b": 3,\r\n    "c": 4\r\n  }\r\n]\r\n');
    assert.doesNotMatch(saved, /[^\r]\n/);
  });

  it('tells two file identities apart by any one of device, inode, size and mtime', () => {
    const base = { dev: 1, ino: 2, size: 3, mtimeMs: 4.5 };
    assert.equal(sameIdentity(base, { ...base }), true);
    for (const key of ['dev', 'ino', 'size', 'mtimeMs'] as const) {
      assert.equal(sameIdentity(base, { ...base, [key]: base[key] + 1 }), false, key);
      assert.equal(sameIdentity({ ...base, [key]: base[key] + 1 }, base), false, key);
    }
    const stat = fs.statSync(write('id.txt', 'abcd'));
    assert.deepEqual(identityOf(stat), { dev: stat.dev, ino: stat.ino, size: 4, mtimeMs: stat.mtimeMs });
  });

  it('detects the line ending', () => {
    assert.equal(detectEol(Buffer.from('a\r\nb\n')), '\r\n');
    assert.equal(detectEol(Buffer.from('a\nb\r\n')), '\n');
    assert.equal(detectEol(Buffer.from('no newline')), '\n');
    assert.equal(detectEol(Buffer.from('\n')), '\n');
  });

  it('keeps a BOM at the start of the file', async () => {
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n{"b":2}\n')]);
    const file = write('bom.jsonl', content);
    const replacements = [{ byteOffset: 3, byteLength: 7, text: '{"a":"x"}' }];
    await writeEditedFile({ source: file, destination: file, replacements });
    const saved = fs.readFileSync(file);
    assert.deepEqual(saved.subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]));
    assert.equal(saved.subarray(3).toString(), '{"a":"x"}\n{"b":2}\n');
  });

  it('copies the file byte for byte with no replacements, also to another destination', async () => {
    const content = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 256));
    const file = write('bytes.bin', content);
    const other = path.join(dir, 'copy.bin');
    const result = await writeEditedFile({ source: file, destination: other, replacements: [], chunkSize: 777 });
    assert.deepEqual(fs.readFileSync(other), content);
    assert.deepEqual(fs.readFileSync(file), content);
    assert.equal(result.bytes, content.length);
    assert.deepEqual(result.replaced, []);
  });

  it('replaces the first and the last record, in a file without a trailing newline', async () => {
    const content = Buffer.from('{"first":1}\n{"mid":2}\n{"last":3}');
    const file = write('edge.jsonl', content);
    const replacements = [lineReplacement(content, 0, '{"first":"new"}'), lineReplacement(content, 2, '{"last":"new"}')];
    await writeEditedFile({ source: file, destination: file, replacements, chunkSize: 4 });
    assert.equal(fs.readFileSync(file, 'utf8'), '{"first":"new"}\n{"mid":2}\n{"last":"new"}');
  });

  it('handles insertions and replacements crossing chunk boundaries', async () => {
    const content = Buffer.from('0123456789abcdefghij');
    const file = write('chunks.txt', content);
    const replacements = [
      { byteOffset: 0, byteLength: 0, text: '<' },
      { byteOffset: 3, byteLength: 5, text: 'X' },
      { byteOffset: 8, byteLength: 0, text: 'ins' },
      { byteOffset: 8, byteLength: 2, text: '' },
      { byteOffset: 20, byteLength: 0, text: '>' },
    ];
    for (const chunkSize of [1, 3, 7, 64]) {
      fs.writeFileSync(file, content);
      await writeEditedFile({ source: file, destination: file, replacements, chunkSize });
      assert.equal(fs.readFileSync(file, 'utf8'), '<012Xinsabcdefghij>', `chunk size ${chunkSize}`);
    }
  });

  it('rejects unsorted, overlapping and out-of-file replacements and leaves everything untouched', async () => {
    const content = Buffer.from('{"a":1}\n{"b":2}\n');
    const file = write('data.jsonl', content);
    const cases: [Replacement[], RegExp][] = [
      [
        [
          { byteOffset: 8, byteLength: 7, text: 'x' },
          { byteOffset: 0, byteLength: 7, text: 'y' },
        ],
        /out of order or overlaps/,
      ],
      [
        [
          { byteOffset: 0, byteLength: 9, text: 'x' },
          { byteOffset: 8, byteLength: 7, text: 'y' },
        ],
        /out of order or overlaps/,
      ],
      [[{ byteOffset: 10, byteLength: 10, text: 'x' }], /past the end of the file/],
      [[{ byteOffset: -1, byteLength: 1, text: 'x' }], /invalid range/],
      [[{ byteOffset: 0.5, byteLength: 1, text: 'x' }], /invalid range/],
    ];
    for (const [replacements, message] of cases) {
      await assert.rejects(writeEditedFile({ source: file, destination: file, replacements }), message);
    }
    assert.deepEqual(fs.readFileSync(file), content);
    assert.deepEqual(leftovers(dir), []);
  });

  it('names what is wrong with a replacement: a negative or fractional length, no text, an overlap by one byte', async () => {
    const content = Buffer.from('{"a":1}\n{"b":2}\n');
    const file = write('data.jsonl', content);
    const cases: [Replacement[], string][] = [
      [[{ byteOffset: 2, byteLength: -1, text: 'x' }], 'Replacement 0 has an invalid range (offset 2, length -1).'],
      [[{ byteOffset: 2, byteLength: 1.5, text: 'x' }], 'Replacement 0 has an invalid range (offset 2, length 1.5).'],
      [[{ byteOffset: Number.NaN, byteLength: 1, text: 'x' }], 'Replacement 0 has an invalid range (offset NaN, length 1).'],
      [[{ byteOffset: 0, byteLength: 1, text: 'x' }, { byteOffset: 3, byteLength: 1 } as Replacement], 'Replacement 1 has no text.'],
      [
        [
          { byteOffset: 0, byteLength: 8, text: 'x' },
          { byteOffset: 7, byteLength: 1, text: 'y' },
        ],
        'Replacement 1 (at byte 7) is out of order or overlaps the one before it (which ends at byte 8).',
      ],
      [[{ byteOffset: 16, byteLength: 1, text: 'x' }], 'Replacement 0 ends at byte 17, past the end of the file (16 bytes).'],
    ];
    for (const [replacements, message] of cases) {
      await assert.rejects(writeEditedFile({ source: file, destination: file, replacements }), { message });
    }
    assert.deepEqual(fs.readFileSync(file), content);
    assert.deepEqual(leftovers(dir), []);
    // Touching ranges, an empty text and a replacement that ends exactly at the end of the file are all fine.
    const replacements = [
      { byteOffset: 0, byteLength: 8, text: '' },
      { byteOffset: 8, byteLength: 8, text: 'Z' },
    ];
    const result = await writeEditedFile({ source: file, destination: file, replacements });
    assert.equal(fs.readFileSync(file, 'utf8'), 'Z');
    assert.deepEqual(result.replaced, [
      { byteOffset: 0, oldLength: 8, newLength: 0 },
      { byteOffset: 8, oldLength: 8, newLength: 1 },
    ]);
  });

  it('refuses a chunk size that is not a positive integer, before touching anything', async () => {
    const file = write('data.jsonl', '{"a":1}\n');
    for (const chunkSize of [0, -4, 1.5, Number.POSITIVE_INFINITY]) {
      await assert.rejects(writeEditedFile({ source: file, destination: file, replacements: [], chunkSize }), { message: `Invalid chunk size: ${chunkSize}.` });
    }
    assert.deepEqual(leftovers(dir), []);
    const result = await writeEditedFile({ source: file, destination: file, replacements: [{ byteOffset: 0, byteLength: 7, text: '{}' }], chunkSize: 1 });
    assert.equal(result.bytes, 3);
    assert.equal(fs.readFileSync(file, 'utf8'), '{}\n');
  });

  it('an abort half-way leaves the destination untouched and no temp file', async () => {
    const content = Buffer.alloc(64 * 1024, 'x');
    const file = write('big.txt', content);
    const controller = new AbortController();
    let chunks = 0;
    await assert.rejects(
      writeEditedFile({
        source: file,
        destination: file,
        replacements: [{ byteOffset: 10, byteLength: 1, text: 'y' }],
        chunkSize: 4096,
        signal: controller.signal,
        hooks: {
          afterChunk: () => {
            if (++chunks === 3) controller.abort(new Error('user cancelled'));
          },
        },
      }),
      /user cancelled/,
    );
    assert.equal(chunks, 3);
    assert.deepEqual(fs.readFileSync(file), content);
    assert.deepEqual(leftovers(dir), []);
    // An already aborted signal never starts.
    await assert.rejects(writeEditedFile({ source: file, destination: file, replacements: [], signal: AbortSignal.abort() }), { name: 'AbortError' });
  });

  it('a failing beforeRename leaves the destination byte-identical and no temp file', async () => {
    const content = Buffer.from('{"a":1}\n{"b":2}\n');
    const file = write('data.jsonl', content);
    let seen: string | undefined;
    await assert.rejects(
      writeEditedFile({
        source: file,
        destination: file,
        replacements: [{ byteOffset: 0, byteLength: 7, text: '{"a":2}' }],
        hooks: {
          beforeRename: (temp) => {
            seen = temp;
            // The temp file is complete by now, beside the destination.
            assert.equal(fs.readFileSync(temp, 'utf8'), '{"a":2}\n{"b":2}\n');
            throw new Error('simulated crash');
          },
        },
      }),
      /simulated crash/,
    );
    assert.ok(seen);
    assert.equal(path.dirname(seen), fs.realpathSync(dir));
    assert.match(path.basename(seen), /^\.data\.jsonl\.rewatch-save-\d+-[0-9a-f]+\.tmp$/);
    assert.deepEqual(fs.readFileSync(file), content);
    assert.deepEqual(leftovers(dir), []);
  });

  it('a real crash of the saving process (before the rename, and mid-copy) leaves the destination byte-identical', function () {
    this.timeout(20_000);
    const content = Buffer.from('{"a":1}\n'.repeat(10_000));
    const file = write('data.jsonl', content);
    const script = path.join(dir, 'crash.js');
    fs.writeFileSync(
      script,
      `const { writeEditedFile } = require(${JSON.stringify(MODULE)});
const [file, when] = process.argv.slice(2);
writeEditedFile({
  source: file,
  destination: file,
  replacements: [{ byteOffset: 0, byteLength: 7, text: '{"a":"crashed"}' }],
  chunkSize: 4096,
  hooks: {
    beforeRename: () => { if (when === 'rename') process.exit(1); },
    afterChunk: (offset) => { if (when === 'copy' && offset >= 40000) process.exit(1); },
  },
}).then(() => process.exit(0), (e) => { console.error(e); process.exit(2); });
`,
    );
    for (const when of ['rename', 'copy']) {
      const child = spawnSync(process.execPath, [script, file, when], { encoding: 'utf8' });
      assert.equal(child.status, 1, child.stderr);
      assert.deepEqual(fs.readFileSync(file), content, `crash during ${when}`);
    }
    // The crashed runs leave their temp files (nothing ran to delete them); the destination never saw them.
    assert.equal(leftovers(dir).length, 2);
    const ok = spawnSync(process.execPath, [script, file, 'none'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.ok(fs.readFileSync(file, 'utf8').startsWith('{"a":"crashed"}\n{"a":1}\n'));
  });

  it('saving through a symlink replaces the file it points at and keeps the link', async function () {
    if (process.platform === 'win32') this.skip();
    const real = write('real.jsonl', '{"a":1}\n');
    const link = path.join(dir, 'link.jsonl');
    fs.symlinkSync(real, link);
    await writeEditedFile({ source: link, destination: link, replacements: [{ byteOffset: 0, byteLength: 7, text: '{"a":2}' }] });
    assert.equal(fs.lstatSync(link).isSymbolicLink(), true);
    assert.equal(fs.readFileSync(real, 'utf8'), '{"a":2}\n');
  });

  it('keeps the file mode', async function () {
    if (process.platform === 'win32') this.skip();
    const file = write('mode.jsonl', '{"a":1}\n');
    fs.chmodSync(file, 0o640);
    await writeEditedFile({ source: file, destination: file, replacements: [{ byteOffset: 0, byteLength: 7, text: '{"a":2}' }] });
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    fs.chmodSync(file, 0o755);
    await writeEditedFile({ source: file, destination: path.join(dir, 'other.jsonl'), replacements: [] });
    assert.equal(fs.statSync(path.join(dir, 'other.jsonl')).mode & 0o777, 0o755);
  });

  it('saves a 64 MiB file with memory far below its size', async function () {
    this.timeout(60_000);
    const file = path.join(dir, 'big.jsonl');
    const line = Buffer.from(`{"id": 0, "text": "${'lorem ipsum '.repeat(40)}"}\n`);
    const block = Buffer.concat(Array.from({ length: Math.floor((1 << 20) / line.length) }, () => line));
    const fd = fs.openSync(file, 'w');
    let size = 0;
    while (size < 64 * 1024 * 1024) size += fs.writeSync(fd, block);
    fs.closeSync(fd);
    const replacements: Replacement[] = [];
    for (let i = 1; i <= 50; i++) {
      const at = Math.floor((size / 51) * i);
      const start = at - (at % line.length);
      replacements.push({ byteOffset: start, byteLength: line.length - 1, text: `{"id": ${i}, "edited": "é"}` });
    }
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const result = await writeEditedFile({
      source: file,
      destination: file,
      replacements,
      hooks: { afterChunk: () => void (peak = Math.max(peak, process.memoryUsage().rss)) },
    });
    peak = Math.max(peak, process.memoryUsage().rss);
    const growth = peak - before;
    assert.ok(growth < 32 * 1024 * 1024, `RSS grew by ${(growth / 1024 / 1024).toFixed(1)} MiB`);
    assert.equal(fs.statSync(file).size, result.bytes);
    // Spot-check: a replaced record and its neighbours.
    const r = replacements[10];
    const fdr = fs.openSync(file, 'r');
    const shift = result.replaced.slice(0, 10).reduce((n, x) => n + x.newLength - x.oldLength, 0);
    const around = Buffer.alloc(line.length * 3);
    fs.readSync(fdr, around, 0, around.length, r.byteOffset + shift - line.length);
    fs.closeSync(fdr);
    const lines = around.toString('utf8').split('\n');
    assert.equal(lines[0], line.toString().trimEnd());
    assert.equal(lines[1], '{"id": 11, "edited": "é"}');
    assert.equal(lines[2], line.toString().trimEnd());
  });
});
