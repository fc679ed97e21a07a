/**
 * Writes an edited record back "re-serialized from its parsed form with its original key order and
 * formatting style", changing only the bytes that must change. The original text is parsed into a tree
 * of spans (members, items and the whitespace/separators between them); for the new value every member
 * or item that is deep-equal to the original keeps its original bytes verbatim, a changed one is
 * rewritten (recursing into objects, and into arrays item by item after matching the unchanged ends), a
 * removed one goes with one adjacent separator, an added one is written in the record's own style before
 * the closing bracket. So a float written `1.0`, a `\u00e9` escape or a key's odd spacing in an untouched
 * field survives, and changing one completion's text leaves its siblings byte-identical.
 */
import { RecordStyle, detectRecordStyle, leadingIndent, quoteJsonString, serializeValue, skipSpace } from './recordStyle';

export { detectRecordStyle } from './recordStyle';
export type { RecordStyle } from './recordStyle';

/**
 * The record's new text for `value`: `originalText` with only the changed parts rewritten, in its
 * style. `JSON.parse` of the result deep-equals `value` (a JSON value), and
 * `reserializeRecord(t, JSON.parse(t)) === t` for any JSON text `t` without duplicate keys.
 * When `originalText` is not JSON, or its root is not the same kind of container as `value`, the whole
 * value is written in the detected style. `style` overrides the detection (e.g. a file-wide style).
 */
export function reserializeRecord(originalText: string, value: unknown, style: RecordStyle = detectRecordStyle(originalText)): string {
  let root: Node | undefined;
  try {
    root = new SpanParser(originalText).parseDocument();
  } catch {
    // Not strict JSON: root stays undefined and the value is written whole.
  }
  const multiLine = style.indentUnit !== null;
  if (root === undefined || root.kind === 'scalar' || (root.kind === 'object') !== isPlainObject(value) || (root.kind === 'array') !== Array.isArray(value)) {
    return serializeValue(value, style, style.baseIndent, multiLine);
  }
  try {
    const writer = new SpliceWriter(originalText, style);
    return originalText.slice(0, root.start) + writer.rewrite(root, value, multiLine) + originalText.slice(root.end);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // Nested too deeply for recursion: write it all.
    return JSON.stringify(value);
  }
}

// --- A strict JSON parser that keeps spans -----------------------------------------------------------

interface ScalarNode {
  kind: 'scalar';
  start: number;
  end: number;
  value: string | number | boolean | null;
}

interface Member {
  key: string;
  /** Offset of the key's opening quote. */
  start: number;
  /** Offset just after the key's closing quote. */
  keyEnd: number;
  value: Node;
}

interface ObjectNode {
  kind: 'object';
  start: number;
  end: number;
  members: Member[];
  /** The same key appears twice (JSON.parse keeps the last): such an object is never spliced. */
  duplicateKeys: boolean;
}

interface ArrayNode {
  kind: 'array';
  start: number;
  end: number;
  items: Node[];
}

type Node = ScalarNode | ObjectNode | ArrayNode;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class SpanParser {
  private i = 0;

  constructor(private readonly text: string) {}

  parseDocument(): Node {
    // A BOM (a file's first record) stays in front of the value, like leading whitespace.
    this.i = skipSpace(this.text, this.text.charCodeAt(0) === 0xfeff ? 1 : 0);
    const node = this.parseValue();
    // Stryker disable next-line StringLiteral: the parser's messages are never shown (any SyntaxError only means "write the value whole")
    if (skipSpace(this.text, this.i) !== this.text.length) throw new SyntaxError('extra text after the value');
    return node;
  }

  private parseValue(): Node {
    const text = this.text;
    const start = this.i;
    const c = text.charCodeAt(start);
    if (c === 0x7b /* { */) return this.parseObject();
    if (c === 0x5b /* [ */) return this.parseArray();
    if (c === 0x22 /* " */) {
      const end = this.stringEnd(start);
      this.i = end;
      return { kind: 'scalar', start, end, value: JSON.parse(text.slice(start, end)) as string };
    }
    for (const [word, value] of LITERALS) {
      if (text.startsWith(word, start)) {
        this.i = start + word.length;
        return { kind: 'scalar', start, end: this.i, value };
      }
    }
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(text);
    // Stryker disable next-line StringLiteral,ConditionalExpression: NUMBER never matches an empty string (it needs a digit); the parser's messages are never shown (any SyntaxError only means "write the value whole")
    if (!match || match[0].length === 0) throw new SyntaxError(`unexpected character at ${start}`);
    this.i = start + match[0].length;
    return { kind: 'scalar', start, end: this.i, value: Number(match[0]) };
  }

  /** The offset after the string starting at `start`; throws on a raw control character or no closing quote. */
  private stringEnd(start: number): number {
    const text = this.text;
    // Stryker disable next-line EqualityOperator: at j = length charCodeAt is NaN, which matches no case, so the loop ends and throws the same
    for (let j = start + 1; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x22) return j + 1;
      if (c === 0x5c) {
        j++;
        continue;
      }
      // Stryker disable next-line ConditionalExpression,StringLiteral: without the check JSON.parse of the string's slice rejects the raw control character just the same; the parser's messages are never shown
      if (c < 0x20) throw new SyntaxError(`control character in a string at ${j}`);
    }
    // Stryker disable next-line StringLiteral: the parser's messages are never shown (any SyntaxError only means "write the value whole")
    throw new SyntaxError('unterminated string');
  }

  private parseObject(): ObjectNode {
    const text = this.text;
    const start = this.i;
    const members: Member[] = [];
    const seen = new Set<string>();
    let duplicateKeys = false;
    this.i = skipSpace(text, start + 1);
    if (text.charCodeAt(this.i) === 0x7d /* } */) {
      this.i++;
      return { kind: 'object', start, end: this.i, members, duplicateKeys };
    }
    for (;;) {
      const keyStart = this.i;
      // Stryker disable next-line ConditionalExpression,StringLiteral: without the check a non-quote key start still fails: JSON.parse of a slice that starts with no quote and ends with one throws; messages are never shown
      if (text.charCodeAt(keyStart) !== 0x22) throw new SyntaxError(`a key was expected at ${keyStart}`);
      const keyEnd = this.stringEnd(keyStart);
      const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
      if (seen.has(key)) duplicateKeys = true;
      seen.add(key);
      this.i = skipSpace(text, keyEnd);
      // Stryker disable next-line StringLiteral: the parser's messages are never shown (any SyntaxError only means "write the value whole")
      if (text.charCodeAt(this.i) !== 0x3a /* : */) throw new SyntaxError(`':' was expected at ${this.i}`);
      this.i = skipSpace(text, this.i + 1);
      const value = this.parseValue();
      members.push({ key, start: keyStart, keyEnd, value });
      this.i = skipSpace(text, this.i);
      const c = text.charCodeAt(this.i);
      if (c === 0x7d) {
        this.i++;
        return { kind: 'object', start, end: this.i, members, duplicateKeys };
      }
      // Stryker disable next-line StringLiteral: the parser's messages are never shown (any SyntaxError only means "write the value whole")
      if (c !== 0x2c /* , */) throw new SyntaxError(`',' or '}' was expected at ${this.i}`);
      this.i = skipSpace(text, this.i + 1);
    }
  }

  private parseArray(): ArrayNode {
    const text = this.text;
    const start = this.i;
    const items: Node[] = [];
    this.i = skipSpace(text, start + 1);
    if (text.charCodeAt(this.i) === 0x5d /* ] */) {
      this.i++;
      return { kind: 'array', start, end: this.i, items };
    }
    for (;;) {
      items.push(this.parseValue());
      this.i = skipSpace(text, this.i);
      const c = text.charCodeAt(this.i);
      if (c === 0x5d) {
        this.i++;
        return { kind: 'array', start, end: this.i, items };
      }
      // Stryker disable next-line StringLiteral: the parser's messages are never shown (any SyntaxError only means "write the value whole")
      if (c !== 0x2c) throw new SyntaxError(`',' or ']' was expected at ${this.i}`);
      this.i = skipSpace(text, this.i + 1);
    }
  }
}

const LITERALS: [string, boolean | null][] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

// --- Splicing ----------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function keysOf(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((k) => !isOmitted(value[k]));
}

const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

function isArrayIndex(key: string): boolean {
  return ARRAY_INDEX.test(key) && Number(key) < 4294967295;
}

/** The order a JS object gives keys inserted in this order: array indices ascending, then the rest as inserted. */
function jsKeyOrder(keys: string[]): string[] {
  const indices = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((k) => !isArrayIndex(k))];
}

function sameSequence(a: string[], b: string[]): boolean {
  // Stryker disable next-line ConditionalExpression: every caller compares lists of equal length (equals() checks the lengths first; spliceObject's kept + added is newKeys reordered)
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** One child of the rewritten container: its text and, when it stands for an original child, that child's index. */
interface Piece {
  text: string;
  original?: number;
}

interface Span {
  start: number;
  end: number;
}

interface Layout {
  /** Children on lines of their own. */
  multiLine: boolean;
  /** The indentation of a child's line (for new children). */
  childIndent: string;
}

class SpliceWriter {
  constructor(
    private readonly text: string,
    private readonly style: RecordStyle,
  ) {}

  /** The text for `value` at the place of `node`; `multiLine` says how the enclosing container is laid out. */
  rewrite(node: Node, value: unknown, multiLine: boolean): string {
    if (this.equals(node, value)) return this.text.slice(node.start, node.end);
    if (node.kind === 'object' && isPlainObject(value) && !node.duplicateKeys) return this.spliceObject(node, value);
    if (node.kind === 'array' && Array.isArray(value)) return this.spliceArray(node, value);
    return serializeValue(value, this.style, this.lineIndent(node.start), multiLine && this.style.indentUnit !== null);
  }

  /** Whether the original node parses to a value deep-equal to `value`, key order included. */
  private equals(node: Node, value: unknown): boolean {
    if (node.kind === 'scalar') return Object.is(node.value, value);
    if (node.kind === 'array') {
      if (!Array.isArray(value) || value.length !== node.items.length) return false;
      return node.items.every((item, i) => this.equals(item, isOmitted(value[i]) ? null : value[i]));
    }
    if (!isPlainObject(value) || node.duplicateKeys) return false;
    const keys = keysOf(value);
    // Stryker disable next-line ConditionalExpression: sameSequence below also tells lists of different lengths apart
    if (keys.length !== node.members.length) return false;
    if (!sameSequence(jsKeyOrder(node.members.map((m) => m.key)), keys)) return false;
    return node.members.every((m) => this.equals(m.value, value[m.key]));
  }

  private spliceObject(node: ObjectNode, value: Record<string, unknown>): string {
    const layout = this.layout(node, node.members);
    if (node.members.length === 0) return serializeValue(value, this.style, this.lineIndent(node.start), layout.multiLine);
    const newKeys = keysOf(value);
    if (newKeys.length === 0) return '{}';
    const byKey = new Map(node.members.map((m, i) => [m.key, i]));
    // Keep the original order when the new object's order is just what JS makes of it (array-index keys
    // always come first in a JS object) with added keys after; otherwise follow the new object's order.
    const kept = node.members.map((m) => m.key).filter((k) => Object.prototype.hasOwnProperty.call(value, k) && !isOmitted(value[k]));
    const added = newKeys.filter((k) => !byKey.has(k));
    const order = sameSequence(jsKeyOrder([...kept, ...added]), newKeys) ? [...kept, ...added] : newKeys;
    const first = node.members[0];
    const colon = this.text.slice(first.keyEnd, first.value.start);
    const pieces: Piece[] = order.map((key) => {
      const v = value[key];
      const index = byKey.get(key);
      if (index === undefined) return { text: quoteJsonString(key, this.style) + colon + serializeValue(v, this.style, layout.childIndent, layout.multiLine) };
      const member = node.members[index];
      return { text: this.text.slice(member.start, member.value.start) + this.rewrite(member.value, v, layout.multiLine), original: index };
    });
    return this.join(
      node,
      node.members.map((m) => ({ start: m.start, end: m.value.end })),
      pieces,
      layout,
    );
  }

  private spliceArray(node: ArrayNode, value: unknown[]): string {
    const layout = this.layout(node, node.items);
    if (node.items.length === 0) return serializeValue(value, this.style, this.lineIndent(node.start), layout.multiLine);
    if (value.length === 0) return '[]';
    const items = node.items;
    const at = (i: number): unknown => (isOmitted(value[i]) ? null : value[i]);
    // Unchanged ends stay as they are; the middle is paired item by item, the surplus added or removed.
    const shorter = Math.min(items.length, value.length);
    let head = 0;
    while (head < shorter && this.equals(items[head], at(head))) head++;
    let tail = 0;
    while (tail < shorter - head && this.equals(items[items.length - 1 - tail], at(value.length - 1 - tail))) tail++;
    const pieces: Piece[] = [];
    for (let i = 0; i < head; i++) pieces.push({ text: this.slice(items[i]), original: i });
    const oldMiddle = items.length - head - tail;
    const newMiddle = value.length - head - tail;
    for (let k = 0; k < newMiddle; k++) {
      const v = at(head + k);
      if (k < oldMiddle) pieces.push({ text: this.rewrite(items[head + k], v, layout.multiLine), original: head + k });
      else pieces.push({ text: serializeValue(v, this.style, layout.childIndent, layout.multiLine) });
    }
    for (let i = items.length - tail; i < items.length; i++) pieces.push({ text: this.slice(items[i]), original: i });
    return this.join(node, items, pieces, layout);
  }

  /** How a container lays out its children: on separate lines or not, and at which indent. */
  private layout(node: ObjectNode | ArrayNode, children: { start: number }[]): Layout {
    // Stryker disable next-line ArithmeticOperator: for an empty container, with or without a newline in what is read, multiLine comes out true and childIndent is not used
    const headEnd = children.length > 0 ? children[0].start : node.end - 1;
    const head = this.text.slice(node.start + 1, headEnd);
    const newline = head.lastIndexOf('\n');
    // Stryker disable next-line StringLiteral: with multiLine false an indent is never written
    if (this.style.indentUnit === null) return { multiLine: false, childIndent: '' };
    if (newline >= 0) return { multiLine: true, childIndent: leadingIndent(head, newline + 1) };
    // An empty container, or one written on one line inside a multi-line record.
    const multiLine = children.length === 0;
    return { multiLine, childIndent: this.lineIndent(node.start) + this.style.indentUnit };
  }

  /** The container's text: the original head and tail whitespace, the pieces joined by original separators where they can be. */
  private join(node: ObjectNode | ArrayNode, children: Span[], pieces: Piece[], layout: Layout): string {
    const text = this.text;
    const gap = (i: number): string => text.slice(children[i].end, children[i + 1].start);
    const n = children.length;
    const typical = n > 1 ? gap(0) : layout.multiLine ? ',' + this.style.newline + layout.childIndent : this.style.comma;
    let out = text.slice(node.start, children[0].start) + pieces[0].text;
    for (let k = 1; k < pieces.length; k++) {
      const previous = pieces[k - 1].original;
      const current = pieces[k].original;
      if (previous !== undefined && previous < n - 1) out += gap(previous);
      else if (current !== undefined && current > 0) out += gap(current - 1);
      else out += typical;
      out += pieces[k].text;
    }
    return out + text.slice(children[n - 1].end, node.end);
  }

  private slice(node: Node): string {
    return this.text.slice(node.start, node.end);
  }

  /** The indentation of the line `offset` is on (the record's first line has the base indent). */
  private lineIndent(offset: number): string {
    const newline = this.text.lastIndexOf('\n', offset - 1);
    return newline < 0 ? this.style.baseIndent : leadingIndent(this.text, newline + 1);
  }
}
