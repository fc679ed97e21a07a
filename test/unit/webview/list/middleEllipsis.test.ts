import * as assert from 'node:assert/strict';
import { idParts, middleEllipsis } from '../../../../webview/list/middleEllipsis';

describe('middleEllipsis', () => {
  // Expected strings written by hand: the start, "…", then the end (which gets the odd character).
  const cases: [text: string, max: number, expected: string][] = [
    ['rw-cot-000017', 13, 'rw-cot-000017'],
    ['rw-cot-000017', 20, 'rw-cot-000017'],
    ['rw-cot-000017', 12, 'rw-co…000017'],
    ['rw-cot-000017', 9, 'rw-c…0017'],
    ['rw-cot-000017', 8, 'rw-…0017'],
    ['rw-cot-000017', 2, '…7'],
    ['rw-cot-000017', 1, '…'],
    ['rw-cot-000017', 0, ''],
    ['', 3, ''],
    ['abcdef', 5, 'ab…ef'],
    // A surrogate pair counts as one character and is never split.
    ['😀abcd😀', 4, '😀…d😀'],
  ];
  for (const [text, max, expected] of cases) it(`"${text}" in ${max} → "${expected}"`, () => assert.equal(middleEllipsis(text, max), expected));

  it('never returns more than max characters', () => {
    for (let max = 0; max <= 15; max++) assert.ok([...middleEllipsis('rw-cot-000017', max)].length <= max, `max ${max}`);
  });
});

describe('idParts', () => {
  const cases: [id: string, tail: number | undefined, head: string, tailText: string][] = [
    // The last 8 characters by default…
    ['rw-cot-2025-000017', undefined, 'rw-cot-202', '5-000017'],
    // …but never more than half the id.
    ['rw-cot-000017', undefined, 'rw-cot-', '000017'],
    ['p-green-r2', undefined, 'p-gre', 'en-r2'],
    ['ab', undefined, 'a', 'b'],
    ['a', undefined, 'a', ''],
    ['', undefined, '', ''],
    ['sample-012', 3, 'sample-', '012'],
    ['sample-012', 0, 'sample-012', ''],
    ['😀😀😀😀', 2, '😀😀', '😀😀'],
  ];
  for (const [id, tail, head, tailText] of cases) {
    it(`"${id}" (tail ${tail ?? 'default'}) → "${head}" + "${tailText}"`, () => assert.deepEqual(idParts(id, tail), { head, tail: tailText }));
  }
});
