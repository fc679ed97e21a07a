import * as assert from 'node:assert/strict';
import { associationMatches } from '../../../src/editor/editorAssociations';

describe('associationMatches (workbench.editorAssociations globs)', () => {
  const cases: [string, string, boolean][] = [
    ['*.jsonl', '/work/samples/rewatch-cot.jsonl', true],
    ['*.jsonl', '/work/samples/rewatch-cot.json', false],
    ['*.jsonl', '/work/samples/a.jsonl.bak', false],
    ['*.JSONL', '/work/samples/a.jsonl', true],
    ['rewatch-*.json', '/w/rewatch-captions.json', true],
    ['rewatch-*.json', '/w/other.json', false],
    ['**/samples/*.jsonl', '/work/samples/x.jsonl', true],
    ['**/samples/*.jsonl', '/work/other/x.jsonl', false],
    ['a?.jsonl', '/w/ab.jsonl', true],
    ['a?.jsonl', '/w/abc.jsonl', false],
    ['*.jsonl', 'C:\\data\\set.jsonl', true],
    ['(x).jsonl', '/w/(x).jsonl', true],
  ];
  for (const [pattern, file, expected] of cases)
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${file}`, () => assert.equal(associationMatches(pattern, file), expected));
});
