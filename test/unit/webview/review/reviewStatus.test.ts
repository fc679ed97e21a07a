import * as assert from 'node:assert/strict';
import { REVIEW_CHOICES, reviewKey, reviewTitle } from '../../../../webview/review/reviewStatus';

describe('review choices', () => {
  it('offers none, reviewed, fixed and rejected, in that order', () =>
    assert.deepEqual(
      REVIEW_CHOICES.map((c) => c.key),
      ['none', 'reviewed', 'fixed', 'rejected'],
    ));
  it('keys match statuses', () => {
    for (const choice of REVIEW_CHOICES) assert.equal(reviewKey(choice.status), choice.key);
  });
  it('no status is none', () => {
    assert.equal(reviewKey(null), 'none');
    assert.equal(reviewKey(undefined), 'none');
  });
});

describe('reviewTitle', () => {
  it('never marked', () => assert.equal(reviewTitle(null), ''));
  it('a status with its time and note', () =>
    assert.equal(reviewTitle({ status: 'fixed', time: '2025-03-04T14:05:09.123Z', note: 'retimed step 2' }), 'Fixed on 2025-03-04 14:05 UTC — retimed step 2'));
  it('a status without a note', () =>
    assert.equal(reviewTitle({ status: 'rejected', time: '2025-03-04T14:05:09Z', note: '' }), 'Rejected on 2025-03-04 14:05 UTC'));
  it('an odd time is left out', () => assert.equal(reviewTitle({ status: 'reviewed', time: 'yesterday', note: '' }), 'Reviewed'));
  it('a cleared status keeps its note', () =>
    assert.equal(reviewTitle({ status: null, time: '2025-03-04T14:05:09Z', note: 'look again' }), 'Note: look again'));
  it('a cleared status without a note', () => assert.equal(reviewTitle({ status: null, time: '2025-03-04T14:05:09Z', note: '' }), ''));
});
