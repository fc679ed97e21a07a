/**
 * The property test of editing: random dataset files (JSONL or a pretty-printed JSON array; LF or CRLF;
 * with or without a BOM, blank and malformed lines, a trailing newline), random edits through an EditLog
 * with undo and redo in between, saved with reserializeRecord + writeEditedFile, twice. After each save the
 * file must be the original with exactly the pending records swapped, every edited record must parse to
 * the value last set, and the BOM, the line endings and the record count must be kept.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EditLog } from '../../../src/core/save/editLog';
import { reserializeRecord } from '../../../src/core/edit/reserializeRecord';
import { Replacement, detectEol, writeEditedFile } from '../../../src/core/save/writeEditedFile';
import { scanJsonArrayElements } from '../../../src/core/reader/jsonArrayScanner';
import { scanJsonlLines } from '../../../src/core/reader/jsonlScanner';
import { RawRecord } from '../../../src/core/reader/rawRecord';
import { isBlankRecord } from '../../../src/core/records/parseRecord';
import { mulberry32 } from '../../../bench/syntheticDataset';

const ITERATIONS = 200;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

// --- Random JSON, written the way different tools write it ------------------------------------------

/** A generated value that remembers how its numbers are spelled (1.0, 1e-05…). */
type Gen = { t: 'lit'; text: string } | { t: 'str'; s: string } | { t: 'arr'; items: Gen[] } | { t: 'obj'; members: [string, Gen][] };

const NUMBERS = ['0', '1', '-3', '42', '1.0', '0.5', '-0.0', '1e-05', '2.5e-07', '3.14159', '1E+20', '12345678901234567890', '100.00'];
const STRINGS = [
  'x',
  'hello world',
  'café',
  'été',
  '😀 emoji',
  '中文字符',
  'a/b/c',
  'quote " here',
  'back\\slash',
  'tab\there',
  'line\nbreak',
  '\u0001ctl',
  'del\u007f',
  '\u2028sep',
  '<action>look</action>',
  '',
  'Ünïcödé 🎉 日本',
  'lone \ud800 surrogate',
];
const KEYS = ['id', 'text', 'a', 'b', 'meta', 'reward', 'score', 'é-key', '1', '10', '2', 'k/x', '日本', 'video_path', 'completions'];

function genValue(rng: Rng, depth: number): Gen {
  const roll = rng.int(depth > 2 ? 3 : 5);
  if (roll === 0) return { t: 'lit', text: rng.pick(NUMBERS) };
  if (roll === 1) return { t: 'str', s: rng.pick(STRINGS) };
  if (roll === 2) return { t: 'lit', text: rng.pick(['true', 'false', 'null']) };
  if (roll === 3) return { t: 'arr', items: Array.from({ length: rng.int(4) }, () => genValue(rng, depth + 1)) };
  return genObject(rng, depth + 1, rng.int(4));
}

function genObject(rng: Rng, depth: number, size: number): Gen {
  const members: [string, Gen][] = [];
  const used = new Set<string>();
  for (let i = 0; i < size; i++) {
    let key = rng.pick(KEYS);
    if (used.has(key)) key = `${key}_${i}`;
    used.add(key);
    members.push([key, genValue(rng, depth)]);
  }
  return { t: 'obj', members };
}

function toValue(g: Gen): unknown {
  switch (g.t) {
    case 'lit':
      return JSON.parse(g.text) as unknown;
    case 'str':
      return g.s;
    case 'arr':
      return g.items.map(toValue);
    case 'obj':
      return Object.fromEntries(g.members.map(([k, v]) => [k, toValue(v)]));
  }
}

interface WriteStyle {
  colon: string;
  comma: string;
  ascii: boolean;
  slash: boolean;
  /** Indent unit for pretty printing; undefined: one line. */
  indent?: string;
}

/** A string literal, independent of the code under test: JSON.stringify, then the style's extra escapes. */
function quote(s: string, style: WriteStyle): string {
  let out = JSON.stringify(s);
  if (style.ascii) out = out.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (style.slash) out = out.replace(/\//g, '\\/');
  return out;
}

function writeGen(g: Gen, style: WriteStyle, indent: string, nl: string): string {
  switch (g.t) {
    case 'lit':
      return g.text;
    case 'str':
      return quote(g.s, style);
    case 'arr':
    case 'obj': {
      const parts =
        g.t === 'arr'
          ? g.items.map((item) => writeGen(item, style, indent + (style.indent ?? ''), nl))
          : g.members.map(([k, v]) => quote(k, style) + style.colon + writeGen(v, style, indent + (style.indent ?? ''), nl));
      const [open, close] = g.t === 'arr' ? ['[', ']'] : ['{', '}'];
      if (parts.length === 0) return open + close;
      if (style.indent === undefined) return open + parts.join(style.comma) + close;
      const inner = indent + style.indent;
      return open + nl + inner + parts.join(',' + nl + inner) + nl + indent + close;
    }
  }
}

function randomStyle(rng: Rng, pretty: boolean): WriteStyle {
  const python = rng.chance(0.5);
  return {
    colon: python || pretty ? ': ' : ':',
    comma: python ? ', ' : ',',
    ascii: rng.chance(python ? 0.7 : 0.2),
    slash: rng.chance(0.15),
    indent: pretty ? rng.pick(['  ', '    ', '\t']) : undefined,
  };
}

const MALFORMED = ['{"a": 1,', 'not json at all', '{"x": "unterminated}', '{"k" 1}', '[1, 2', '{"a":1}}'];

interface Dataset {
  kind: 'jsonl' | 'array';
  content: Buffer;
  eol: '\n' | '\r\n';
  bom: boolean;
}

function genDataset(rng: Rng): Dataset {
  const eol = rng.chance(0.4) ? '\r\n' : '\n';
  const bom = rng.chance(0.3);
  const kind = rng.chance(0.3) ? 'array' : 'jsonl';
  const count = 1 + rng.int(12);
  let text: string;
  if (kind === 'jsonl') {
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      while (rng.chance(0.15)) lines.push(rng.pick(['', '   ', '\t']));
      if (rng.chance(0.1)) lines.push(rng.pick(MALFORMED));
      else if (rng.chance(0.05)) lines.push(rng.pick(['[1, 2, 3]', '"just a string"', '42']));
      else lines.push(writeGen(genObject(rng, 0, 1 + rng.int(5)), randomStyle(rng, false), '', eol));
    }
    text = lines.join(eol) + (rng.chance(0.7) ? eol : '');
  } else {
    const unit = rng.pick(['  ', '    ']);
    const elements: string[] = [];
    for (let i = 0; i < count; i++) {
      const pretty = rng.chance(0.8);
      elements.push(unit + writeGen(genObject(rng, 0, 1 + rng.int(5)), randomStyle(rng, pretty), unit, eol));
    }
    text = '[' + eol + elements.join(',' + eol) + eol + ']' + (rng.chance(0.7) ? eol : '');
  }
  const body = Buffer.from(text, 'utf8');
  return { kind, content: bom ? Buffer.concat([BOM, body]) : body, eol, bom };
}

// --- Scanning, editing, saving ---------------------------------------------------------------------

interface Span {
  byteOffset: number;
  byteLength: number;
  text: string;
}

function scan(file: string, kind: Dataset['kind']): Span[] {
  const spans: Span[] = [];
  const sink = (r: RawRecord): void => {
    if (!isBlankRecord(r.bytes)) spans.push({ byteOffset: r.byteOffset, byteLength: r.bytes.length, text: r.bytes.toString('utf8') });
  };
  const completed = kind === 'jsonl' ? scanJsonlLines(file, sink, { chunkSize: 64 }) : scanJsonArrayElements(file, sink, { chunkSize: 64 });
  assert.equal(completed, true);
  return spans;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A random change somewhere inside a (copied) record value. */
function mutate(rng: Rng, value: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(value);
  // Walk down to a random container.
  let container: Record<string, unknown> | unknown[] = copy;
  for (let depth = 0; depth < 4 && rng.chance(0.6); depth++) {
    const children: (Record<string, unknown> | unknown[])[] = (Array.isArray(container) ? container : Object.values(container)).filter(
      (v): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null,
    );
    if (children.length === 0) break;
    container = rng.pick(children);
  }
  const fresh = (): unknown => (rng.chance(0.5) ? rng.pick(STRINGS) + rng.pick(STRINGS) : toValue(genValue(rng, 1)));
  const op = rng.int(3);
  if (Array.isArray(container)) {
    if (op === 0 || container.length === 0) container.splice(rng.int(container.length + 1), 0, fresh());
    else if (op === 1) container.splice(rng.int(container.length), 1);
    else container[rng.int(container.length)] = fresh();
  } else {
    const keys = Object.keys(container);
    if (op === 0 || keys.length === 0) container[rng.chance(0.3) ? rng.pick(KEYS) : `new_${rng.int(1000)}`] = fresh();
    else if (op === 1) delete container[rng.pick(keys)];
    else container[rng.pick(keys)] = fresh();
  }
  return copy;
}

/** An independent model of the edit history: which value each record has after the applied edits. */
class Model {
  private entries: { position: number; value: unknown }[] = [];
  private applied = 0;
  constructor(private readonly original: Map<number, unknown>) {}
  push(position: number, value: unknown): void {
    this.entries.length = this.applied;
    this.entries.push({ position, value });
    this.applied++;
  }
  undo(): number | undefined {
    return this.applied > 0 ? this.entries[--this.applied].position : undefined;
  }
  redo(): number | undefined {
    return this.applied < this.entries.length ? this.entries[this.applied++].position : undefined;
  }
  valueOf(position: number): unknown {
    for (let i = this.applied - 1; i >= 0; i--) if (this.entries[i].position === position) return this.entries[i].value;
    return this.original.get(position);
  }
  touched(): number[] {
    return [...new Set(this.entries.map((e) => e.position))];
  }
}

/** The saved file as it must be: the source with the replacements swapped in. */
function spliced(source: Buffer, replacements: Replacement[], eol: '\n' | '\r\n'): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const r of replacements) {
    parts.push(source.subarray(at, r.byteOffset), Buffer.from(eol === '\r\n' ? r.text.replace(/\r?\n/g, '\r\n') : r.text));
    at = r.byteOffset + r.byteLength;
  }
  parts.push(source.subarray(at));
  return Buffer.concat(parts);
}

async function runIteration(seed: number, dir: string): Promise<{ edits: number; saved: number }> {
  const rng = new Rng(seed);
  const data = genDataset(rng);
  const file = path.join(dir, `data-${seed}.${data.kind === 'jsonl' ? 'jsonl' : 'json'}`);
  fs.writeFileSync(file, data.content);
  let spans = scan(file, data.kind);
  const recordCount = spans.length;
  const original = new Map<number, unknown>();
  spans.forEach((s, i) => {
    const value = tryParse(s.text);
    if (isPlainObject(value)) original.set(i, value);
  });
  const editable = [...original.keys()];
  const log = new EditLog();
  const model = new Model(original);
  let edits = 0;
  let saved = 0;

  const currentText = (position: number): string => log.textOf(position) ?? spans[position].text;

  const play = (steps: number): void => {
    for (let step = 0; step < steps; step++) {
      const roll = rng.int(10);
      if (roll < 6 && editable.length > 0) {
        const position = rng.pick(editable);
        const value = mutate(rng, model.valueOf(position) as Record<string, unknown>);
        const before = currentText(position);
        assert.equal(reserializeRecord(before, JSON.parse(before)), before, `seed ${seed}: the unchanged value must give the text back`);
        const after = reserializeRecord(before, value);
        assert.deepEqual(JSON.parse(after), value, `seed ${seed}: ${after}`);
        log.push({ position, before, after, label: 'edit' });
        model.push(position, value);
        edits++;
      } else if (roll < 8) {
        assert.equal(log.undo()?.position, model.undo(), `seed ${seed}: undo`);
      } else {
        assert.equal(log.redo()?.position, model.redo(), `seed ${seed}: redo`);
      }
    }
  };

  const save = async (): Promise<void> => {
    const source = fs.readFileSync(file);
    const pending = log.pending();
    const replacements = pending.map((p) => ({ byteOffset: spans[p.position].byteOffset, byteLength: spans[p.position].byteLength, text: p.text }));
    const eol = detectEol(source.subarray(0, 64 * 1024));
    assert.equal(eol, data.content.includes('\n') ? data.eol : '\n', `seed ${seed}: detected line ending`);
    await writeEditedFile({ source: file, destination: file, replacements, eol, chunkSize: 1 + rng.int(256) });
    const result = fs.readFileSync(file);

    // Everything outside the replaced ranges is byte-identical, and the replaced ranges hold the new texts.
    assert.ok(result.equals(spliced(source, replacements, eol)), `seed ${seed}: the saved file is not the source with the edits swapped in`);
    assert.equal(result.subarray(0, 3).equals(BOM), data.bom, `seed ${seed}: BOM`);
    const asText = result.toString('latin1');
    if (data.eol === '\r\n') assert.doesNotMatch(asText, /[^\r]\n|^\n/, `seed ${seed}: a bare LF in a CRLF file`);
    else assert.doesNotMatch(asText, /\r/, `seed ${seed}: a CR in an LF file`);

    const after = scan(file, data.kind);
    assert.equal(after.length, recordCount, `seed ${seed}: record count`);
    const pendingAt = new Map(pending.map((p) => [p.position, p.text]));
    after.forEach((span, i) => {
      const text = pendingAt.get(i);
      if (text === undefined) assert.equal(span.text, spans[i].text, `seed ${seed}: unedited record ${i} changed`);
      else assert.equal(span.text, text, `seed ${seed}: edited record ${i}`);
    });
    for (const position of model.touched()) {
      assert.deepEqual(JSON.parse(after[position].text), model.valueOf(position), `seed ${seed}: record ${position} is not the value last set`);
    }
    spans = after;
    log.markSaved();
    assert.equal(log.dirty, false);
    saved++;
  };

  play(1 + rng.int(15));
  await save();
  if (rng.chance(0.6)) {
    // Keep going from the saved file: undo past the save point makes records pending again.
    play(1 + rng.int(15));
    await save();
  }
  return { edits, saved };
}

describe('editing property: random files, random edits, save', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-edit-property-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps every unedited byte and writes every edited record as last set (${ITERATIONS} seeded files)`, async function () {
    this.timeout(300_000);
    let edits = 0;
    let saves = 0;
    for (let seed = 1; seed <= ITERATIONS; seed++) {
      const result = await runIteration(seed, dir);
      edits += result.edits;
      saves += result.saved;
    }
    // The run must have exercised something.
    assert.ok(edits > ITERATIONS * 2, `only ${edits} edits`);
    assert.ok(saves > ITERATIONS, `only ${saves} saves`);
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.includes('.rewatch-save-')),
      [],
    );
  });
});
