import { strict as assert } from 'node:assert';
import { detectRecordStyle, quoteJsonString, serializeValue } from '../../../src/core/edit/recordStyle';
import { reserializeRecord } from '../../../src/core/edit/reserializeRecord';

type Json = Record<string, unknown>;

/** Parses `text`, lets `change` edit the value, and re-serializes it; checks the parse invariant on the way. */
function edit(text: string, change: (value: Json) => void): string {
  const value = JSON.parse(text) as Json;
  assert.equal(reserializeRecord(text, JSON.parse(text)), text, 'an unchanged value gives the text back');
  change(value);
  const out = reserializeRecord(text, value);
  assert.deepEqual(JSON.parse(out), value);
  return out;
}

// Python's json.dumps(obj) (ensure_ascii=True, separators (', ', ': ')), as a reference for its escapes.
const PY_STRING = '"caf\\u00e9 \\ud83d\\ude00 \\u4e2d\\u6587 \\"q\\" \\\\ \\n\\t\\b\\f\\r \\u0001 \\u007f /"';
const PY_VALUE = 'café 😀 中文 "q" \\ \n\t\b\f\r \u0001 \u007f /';

describe('detectRecordStyle', () => {
  it('tells compact from Python separators', () => {
    assert.deepEqual(pick(detectRecordStyle('{"a":1,"b":[1,2]}')), { colon: ':', comma: ',', asciiOnly: false, indentUnit: null });
    assert.deepEqual(pick(detectRecordStyle('{"a": 1, "b": [1, 2]}')), { colon: ': ', comma: ', ', asciiOnly: true, indentUnit: null });
    assert.deepEqual(pick(detectRecordStyle('{"a": "é", "b": 2}')), { colon: ': ', comma: ', ', asciiOnly: false, indentUnit: null });
    assert.deepEqual(pick(detectRecordStyle('{"a":"\\u00e9","b":2}')), { colon: ':', comma: ',', asciiOnly: true, indentUnit: null });
    // A lone surrogate escape is what JSON.stringify writes too: not evidence of ensure_ascii.
    assert.equal(detectRecordStyle('{"a":"\\ud800","b":2}').asciiOnly, false);
    assert.equal(detectRecordStyle('{"a":"\\ud83d\\ude00"}').asciiOnly, true);
  });

  it('reads the indent unit and base indent of a pretty-printed element', () => {
    const style = detectRecordStyle('{\n    "a": 1,\n    "b": {\n      "c": 2\n    }\n  }');
    assert.equal(style.indentUnit, '  ');
    assert.equal(style.baseIndent, '  ');
    assert.equal(style.colon, ': ');
    assert.equal(detectRecordStyle('{\n    "a": [\n        1\n    ]\n}').indentUnit, '    ');
    assert.equal(detectRecordStyle('{\n\t"a": 1\n}').indentUnit, '\t');
    assert.equal(detectRecordStyle('{\r\n  "a": 1\r\n}').newline, '\r\n');
  });

  it('spots escaped slashes', () => {
    assert.equal(detectRecordStyle('{"u":"http:\\/\\/x"}').escapeSlash, true);
    assert.equal(detectRecordStyle('{"u":"http://x"}').escapeSlash, false);
  });
});

function pick(style: ReturnType<typeof detectRecordStyle>): Json {
  return { colon: style.colon, comma: style.comma, asciiOnly: style.asciiOnly, indentUnit: style.indentUnit };
}

describe('quoteJsonString', () => {
  it('escapes like Python with ensure_ascii', () => {
    assert.equal(quoteJsonString(PY_VALUE, { asciiOnly: true, escapeSlash: false }), PY_STRING);
  });

  it('escapes like JSON.stringify without it', () => {
    for (const s of [PY_VALUE, 'plain', '', '\ud800 lone', 'x\udc00', '\u2028\u2029']) {
      assert.equal(quoteJsonString(s, { asciiOnly: false, escapeSlash: false }), JSON.stringify(s));
    }
  });

  it('escapes slashes when asked', () => {
    assert.equal(quoteJsonString('a/b', { asciiOnly: false, escapeSlash: true }), '"a\\/b"');
  });
});

describe('reserializeRecord', () => {
  it('compact JSONL: only the changed value changes', () => {
    assert.equal(
      edit('{"a":1,"b":"x"}', (v) => (v.b = 'y')),
      '{"a":1,"b":"y"}',
    );
    assert.equal(
      edit('{"a":1,"b":"x"}', (v) => (v.c = { d: [1, 'é'] })),
      '{"a":1,"b":"x","c":{"d":[1,"é"]}}',
    );
  });

  it('Python style: separators and ensure_ascii escapes', () => {
    const text = '{"a": 1, "b": "\\u00e9t\\u00e9", "c": [1, 2]}';
    assert.equal(
      edit(text, (v) => (v.b = 'hiver ❄ 😀')),
      '{"a": 1, "b": "hiver \\u2744 \\ud83d\\ude00", "c": [1, 2]}',
    );
    assert.equal(
      edit(text, (v) => (v.d = { e: 'ü', f: [true, null] })),
      '{"a": 1, "b": "\\u00e9t\\u00e9", "c": [1, 2], "d": {"e": "\\u00fc", "f": [true, null]}}',
    );
    assert.equal(
      edit(text, (v) => (v.c = [1, 2, 3])),
      '{"a": 1, "b": "\\u00e9t\\u00e9", "c": [1, 2, 3]}',
    );
  });

  it('raw UTF-8 stays raw: é, emoji, CJK', () => {
    const text = '{"q": "café", "e": "😀", "z": "中文"}';
    assert.equal(
      edit(text, (v) => (v.z = '日本語 ü 🎉')),
      '{"q": "café", "e": "😀", "z": "日本語 ü 🎉"}',
    );
  });

  it('escaped slashes stay escaped in new strings', () => {
    assert.equal(
      edit('{"url":"http:\\/\\/a\\/b","n":1}', (v) => (v.path = '/c/d')),
      '{"url":"http:\\/\\/a\\/b","n":1,"path":"\\/c\\/d"}',
    );
  });

  it('pretty-printed element of a JSON array (2 spaces, base indent 2), nested', () => {
    const text = '{\n    "id": "x",\n    "meta": {\n      "n": 1.0,\n      "tags": [\n        "a",\n        "b"\n      ]\n    },\n    "t": 1e-05\n  }';
    assert.equal(
      edit(text, (v) => ((v.meta as Json).tags = ['a', 'c'])),
      '{\n    "id": "x",\n    "meta": {\n      "n": 1.0,\n      "tags": [\n        "a",\n        "c"\n      ]\n    },\n    "t": 1e-05\n  }',
    );
    assert.equal(
      edit(text, (v) => ((v.meta as Json).extra = { k: [1, { z: 2 }], e: [] })),
      '{\n    "id": "x",\n    "meta": {\n      "n": 1.0,\n      "tags": [\n        "a",\n        "b"\n      ],\n      "extra": {\n        "k": [\n          1,\n          {\n            "z": 2\n          }\n        ],\n        "e": []\n      }\n    },\n    "t": 1e-05\n  }',
    );
  });

  it('pretty-printed with 4 spaces: removing and adding keys', () => {
    const text = '{\n    "a": 1,\n    "b": [\n        1,\n        2\n    ],\n    "c": "x"\n}';
    assert.equal(
      edit(text, (v) => delete v.c),
      '{\n    "a": 1,\n    "b": [\n        1,\n        2\n    ]\n}',
    );
    assert.equal(
      edit(text, (v) => delete v.a),
      '{\n    "b": [\n        1,\n        2\n    ],\n    "c": "x"\n}',
    );
    assert.equal(
      edit(text, (v) => delete v.b),
      '{\n    "a": 1,\n    "c": "x"\n}',
    );
    assert.equal(
      edit(text, (v) => (v.d = { e: 1 })),
      '{\n    "a": 1,\n    "b": [\n        1,\n        2\n    ],\n    "c": "x",\n    "d": {\n        "e": 1\n    }\n}',
    );
    assert.equal(
      edit(text, (v) => (v.b = [])),
      '{\n    "a": 1,\n    "b": [],\n    "c": "x"\n}',
    );
    assert.equal(
      edit('{\n    "a": [],\n    "b": {}\n}', (v) => ((v.a = [1]), (v.b = { c: 2 }))),
      '{\n    "a": [\n        1\n    ],\n    "b": {\n        "c": 2\n    }\n}',
    );
  });

  it('untouched floats and odd numbers stay byte-identical', () => {
    const text = '{"a": 1.0, "b": 1e-05, "c": 2.50, "d": 12345678901234567890, "e": -0, "f": 1E+2, "s": "x"}';
    assert.equal(
      edit(text, (v) => (v.s = 'y')),
      '{"a": 1.0, "b": 1e-05, "c": 2.50, "d": 12345678901234567890, "e": -0, "f": 1E+2, "s": "y"}',
    );
    // A number set to a new value is written as JSON.stringify writes it.
    assert.equal(
      edit(text, (v) => (v.a = 1.5)),
      '{"a": 1.5, "b": 1e-05, "c": 2.50, "d": 12345678901234567890, "e": -0, "f": 1E+2, "s": "x"}',
    );
  });

  it('a changed nested completion keeps its siblings byte-identical', () => {
    const completions = [
      '{"text": "<action>a</action>", "reward": 1.0}',
      '{"text": "\\u00e9t\\u00e9", "reward": 0.0}',
      '{"text": "old", "reward": 0.50, "meta": {"k": 1e-05}}',
      '{"text": "last", "reward": 1}',
    ];
    const text = `{"prompt": "Q?", "completions": [${completions.join(', ')}], "n": 4}`;
    const out = edit(text, (v) => (((v.completions as Json[])[2] as Json).text = 'new 😀'));
    assert.equal(
      out,
      `{"prompt": "Q?", "completions": [${completions[0]}, ${completions[1]}, {"text": "new \\ud83d\\ude00", "reward": 0.50, "meta": {"k": 1e-05}}, ${completions[3]}], "n": 4}`,
    );
    // Removing a completion from the middle keeps the others as they were.
    const removed = edit(text, (v) => (v.completions as Json[]).splice(1, 1));
    assert.equal(removed, `{"prompt": "Q?", "completions": [${completions[0]}, ${completions[2]}, ${completions[3]}], "n": 4}`);
    const inserted = edit(text, (v) => (v.completions as Json[]).splice(1, 0, { text: 'mid' }));
    assert.equal(
      inserted,
      `{"prompt": "Q?", "completions": [${completions[0]}, {"text": "mid"}, ${completions[1]}, ${completions[2]}, ${completions[3]}], "n": 4}`,
    );
  });

  it('keeps a leading BOM in front of the record', () => {
    assert.equal(reserializeRecord('\ufeff{"a":1,"b":2}', { a: 1, b: 3 }), '\ufeff{"a":1,"b":3}');
  });

  it('keeps odd spacing of untouched members and of the key it changes', () => {
    assert.equal(
      edit('{ "a" :1 ,\t"b":  "x"  }', (v) => (v.b = 'y')),
      '{ "a" :1 ,\t"b":  "y"  }',
    );
    assert.equal(
      edit('  {"a":1}  ', (v) => (v.a = 2)),
      '  {"a":2}  ',
    );
  });

  it('keeps the original key order when JS reorders integer-like keys', () => {
    assert.equal(
      edit('{"b":1,"10":2,"2":3}', (v) => (v.b = 4)),
      '{"b":4,"10":2,"2":3}',
    );
    assert.equal(
      edit('{"b":1,"10":2}', (v) => (v['3'] = 5)),
      '{"b":1,"10":2,"3":5}',
    );
  });

  it('follows a new key order when the caller chose one', () => {
    const text = '{"a":1,"b":2,"c":3}';
    const out = reserializeRecord(text, { c: 3, a: 1, b: 2 });
    assert.equal(out, '{"c":3,"a":1,"b":2}');
  });

  it('removes all members, or writes into an empty object', () => {
    assert.equal(
      edit('{"a": 1, "b": 2}', (v) => (delete v.a, delete v.b)),
      '{}',
    );
    assert.equal(
      edit('{}', (v) => (v.a = 'é')),
      '{"a":"é"}',
    );
  });

  it('falls back to full serialization when the original is not a JSON object', () => {
    assert.equal(reserializeRecord('{"a": 1, "b": ', { a: 1, b: 'é' }), '{"a": 1, "b": "\\u00e9"}');
    assert.equal(reserializeRecord('not json', { a: [1] }), '{"a":[1]}');
    assert.equal(reserializeRecord('{"a":1}', [1, 2]), '[1,2]');
    assert.equal(reserializeRecord('{"a": 1}', 'text'), '"text"');
    // Duplicate keys: that object is written whole (JSON.parse kept only the last).
    const dup = reserializeRecord('{"a":1,"a":2,"b":3}', { a: 2, b: 4 });
    assert.equal(dup, '{"a":2,"b":4}');
  });

  it('text that is not strict JSON is written whole, never spliced', () => {
    // Each original breaks one rule of JSON; splicing into it would carry the break into the saved file.
    const cases: [string, unknown][] = [
      ['{"a":1} x', { a: 2 }],
      ['{"a":"x\ty","b":1}', { a: 'x\ty', b: 2 }],
      ['{"a":"x', { a: 'y' }],
      ['{"a" 11}', { a: 2 }],
      ['{"a":1 "b":2}', { a: 1, b: 3 }],
      ['{"a":1,}', { a: 2 }],
      ['{a:1}', { a: 2 }],
      ['[1 2]', [1, 3]],
      ['[1,]', [2]],
      ['{"a":-}', { a: 1 }],
      ['{"a":01}', { a: 2 }],
      ['{"a":tru}', { a: 1 }],
      // Skipping the stray character instead of the missing ',' would read on as valid JSON here.
      ['{"a":1 x"b":2}', { a: 1, b: 3 }],
      ['[1 x2]', [1, 3]],
    ];
    for (const [text, value] of cases) assert.equal(reserializeRecord(text, value), JSON.stringify(value), text);
  });

  it('a scalar original, or a value of another kind than the original container, is written whole without the old spacing', () => {
    assert.equal(reserializeRecord(' 5 ', 6), '6');
    assert.equal(reserializeRecord(' "a" ', 'b'), '"b"');
    assert.equal(reserializeRecord(' [1] ', 5), '5');
    assert.equal(reserializeRecord(' {"a":1} ', 5), '5');
    assert.equal(reserializeRecord(' [1] ', { a: 1 }), '{"a":1}');
    assert.equal(reserializeRecord(' {"a":1} ', [1]), '[1]');
    assert.equal(reserializeRecord('[1, 2]', null), 'null');
  });

  it('values JSON leaves out (undefined, functions, symbols) count as absent members and as null items', () => {
    const f = (): number => 1;
    const sym = Symbol('s');
    assert.equal(reserializeRecord('{"a": 1.0}', { a: 1, b: undefined, c: f, d: sym }), '{"a": 1.0}');
    assert.equal(reserializeRecord('[1.0, null, null, null]', [1, undefined, f, sym]), '[1.0, null, null, null]');
    assert.equal(reserializeRecord('{"a": 1.0, "x": 1}', { a: 1, b: undefined, x: 2 }), '{"a": 1.0, "x": 2}');
  });

  it('a duplicate-key object is written whole; an exponent without a sign is still a number', () => {
    assert.equal(reserializeRecord('{"a":1.0,"a":2.0,"b":3}', { a: 2, b: 4 }), '{"a":2,"b":4}');
    assert.equal(reserializeRecord('{"a":1e5,"b":1}', { a: 1e5, b: 2 }), '{"a":1e5,"b":2}');
  });

  it('keeps the original order of keys JS would move, but only of real array-index keys', () => {
    assert.equal(reserializeRecord('{"x1":1,"10":2}', { 10: 3, x1: 1 }), '{"x1":1,"10":3}');
    assert.equal(reserializeRecord('{"1x":1,"10":2}', { 10: 3, '1x': 1 }), '{"1x":1,"10":3}');
  });

  it('treats number-like keys that are no array index as JS does: in insertion order', () => {
    // JS moves only canonical integers below 2^32 - 1 to the front: '10' here, never '-1', '01', '1.5'
    // or '4294967295'. So each new object's key order (shown in the comments) is what the original text
    // gives once '10' moves first, and the original order is kept.
    assert.deepEqual(Object.keys({ '-1': 1, '01': 1, 10: 3 }), ['10', '-1', '01']);
    assert.equal(reserializeRecord('{"-1":1,"01":1,"10":2}', { 10: 3, '-1': 1, '01': 1 }), '{"-1":1,"01":1,"10":3}');
    assert.equal(reserializeRecord('{"1.5":1,"10":2}', { 10: 3, '1.5': 1 }), '{"1.5":1,"10":3}'); // 10, 1.5
    assert.equal(reserializeRecord('{"s":1,"10":2,"4294967295":3}', { s: 1, 10: 4, '4294967295': 3 }), '{"s":1,"10":4,"4294967295":3}'); // 10, s, 4294967295
  });

  it('keeps the original key order when a key is removed, or set to a value JSON leaves out', () => {
    // The new objects' JS order is 10, b: the original order b, 10 is still what JS would make of it.
    assert.equal(reserializeRecord('{"b":1,"10":2,"c":3}', { b: 1, 10: 2 }), '{"b":1,"10":2}');
    assert.equal(reserializeRecord('{"b":1,"10":2,"c":3}', { b: 1, 10: 2, c: undefined }), '{"b":1,"10":2}');
  });

  it('removes an array item without disturbing the bytes of the items around it', () => {
    // The unchanged ends are matched first: [3.0, 4] is what goes, [5.0, 6] keeps its spelling.
    assert.equal(
      reserializeRecord('[[1.0, 2], [3.0, 4], [5.0, 6]]', [
        [1, 2],
        [5, 6],
      ]),
      '[[1.0, 2], [5.0, 6]]',
    );
    // Of two equal items the first is matched from the front and kept; the second is the one removed.
    assert.equal(reserializeRecord('[1.0, 1.00]', [1]), '[1.0]');
  });

  it('writes an inserted item in the record style, not in the spacing of the item it lands before', () => {
    assert.equal(reserializeRecord('[{"a": 1}, {"z" : 9}]', [{ a: 1 }, { b: 2 }, { z: 9 }]), '[{"a": 1}, {"b": 2}, {"z" : 9}]');
  });

  it('separates an added member like the existing members are separated', () => {
    assert.equal(
      edit('{"a": 1,  "b": 2}', (v) => (v.c = 3)),
      '{"a": 1,  "b": 2,  "c": 3}',
    );
  });

  it('in a multi-line record, keeps a one-line container on one line and writes a replaced member at its line indent', () => {
    const text = '{\n  "b": [1, 2],\n  "a": 1\n}';
    assert.equal(
      edit(text, (v) => (v.b as unknown[]).push({ c: 3 })),
      '{\n  "b": [1, 2, {"c": 3}],\n  "a": 1\n}',
    );
    assert.equal(
      edit(text, (v) => ((v.b as unknown[])[0] = { y: 2 })),
      '{\n  "b": [{"y": 2}, 2],\n  "a": 1\n}',
    );
    // "a" is on a line indented by 2: its new object opens there and closes at that indent.
    assert.equal(
      edit(text, (v) => (v.a = { x: [1] })),
      '{\n  "b": [1, 2],\n  "a": {\n    "x": [\n      1\n    ]\n  }\n}',
    );
  });

  it('writes a value of another kind than the multi-line original on several lines too', () => {
    assert.equal(reserializeRecord('{\n  "a": 1\n}', [1, 2]), '[\n  1,\n  2\n]');
  });

  it('writes a whole duplicate-key record at the indent of the line it starts on', () => {
    // A pretty-printed array element: its first line has the base indent (that of its last line, 2 spaces).
    assert.equal(reserializeRecord('{\n    "a": 1,\n    "a": 2\n  }', { a: 3 }), '{\n    "a": 3\n  }');
    // A text that starts with a newline: the object opens on the second line, which has no indent.
    assert.equal(reserializeRecord('\n{\n    "a": 1,\n    "a": 2\n  }', { a: 3 }), '\n{\n  "a": 3\n}');
  });

  it('reads escaped quotes and literals inside strings and arrays as JSON does', () => {
    assert.equal(
      edit('{"a":"say \\"hi\\" \\\\","b":[true,false,null],"c":1}', (v) => (v.c = 2)),
      '{"a":"say \\"hi\\" \\\\","b":[true,false,null],"c":2}',
    );
    assert.equal(
      edit('[ ]', (v) => v),
      '[ ]',
    );
    assert.equal(reserializeRecord('[ ]', [1]), '[1]');
    assert.equal(reserializeRecord('{ }', {}), '{ }');
  });

  it('serializes pretty values like JSON.stringify with an indent', () => {
    const value = { a: [1, { b: 'c', d: [] }], e: {}, f: 'x' };
    const style = detectRecordStyle('{\n  "z": 1\n}');
    assert.equal(serializeValue(value, style, ''), JSON.stringify(value, null, 2));
    assert.equal(serializeValue(value, detectRecordStyle('{"z":1}'), ''), JSON.stringify(value));
  });

  it('CRLF inside a multi-line record: new lines use CRLF too', () => {
    const text = '{\r\n  "a": 1\r\n}';
    assert.equal(
      edit(text, (v) => (v.b = [2])),
      '{\r\n  "a": 1,\r\n  "b": [\r\n    2\r\n  ]\r\n}',
    );
  });

  it('keeps both invariants on varied texts', () => {
    const texts = [
      '{"a":1,"b":"x"}',
      '{"a": 1.0, "b": "\\u00e9", "c": [1, [2, [3]], {"d": null}], "e": true, "f": false}',
      '{\n  "a": {\n    "b": [\n      {},\n      []\n    ]\n  }\n}',
      '{"s":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\uffff"}',
      '[1, 2, {"a": 3}]',
    ];
    const changes: ((v: unknown) => unknown)[] = [
      (v) => v,
      (v) => ({ ...(v as Json), added: ['ü', { deep: 1.25 }] }),
      () => ({ replaced: true }),
      (v) => (Array.isArray(v) ? [...v, 'x'] : { x: 'y', ...(v as Json) }),
    ];
    for (const text of texts) {
      assert.equal(reserializeRecord(text, JSON.parse(text)), text);
      for (const change of changes) {
        const value = change(JSON.parse(text));
        assert.deepEqual(JSON.parse(reserializeRecord(text, value)), value, `${text} → ${JSON.stringify(value)}`);
      }
    }
  });
});
