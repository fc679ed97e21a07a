import * as assert from 'node:assert/strict';
import { countTexts } from '../../../../webview/app/countText';

describe('countTexts (the status header says what it counts)', () => {
  it('30 well-formed records and 3 malformed lines: the index counts 33 records', () => {
    assert.deepEqual(countTexts({ records: 33, malformed: 3 }), { records: '30 records', malformed: '3 malformed lines' });
  });
  it('singular and zero', () => {
    assert.deepEqual(countTexts({ records: 2, malformed: 1 }), { records: '1 record', malformed: '1 malformed line' });
    assert.deepEqual(countTexts({ records: 0, malformed: 0 }), { records: '0 records', malformed: '0 malformed lines' });
  });
  it('thousands are grouped', () => {
    assert.deepEqual(countTexts({ records: 1_234_567, malformed: 1_000 }), { records: '1,233,567 records', malformed: '1,000 malformed lines' });
  });
});
