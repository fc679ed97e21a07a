import * as assert from 'node:assert/strict';
import { chipPastEnd, pastEndLabel } from '../../../../webview/cards/pastEnd';

describe('past-the-end marks', () => {
  it('names the video’s end as a clock', () => {
    assert.equal(pastEndLabel(30), 'past the end (00:30)');
    assert.equal(pastEndLabel(75), 'past the end (01:15)');
  });

  it('marks a chip whose end passes the duration by more than 0.5 s, whichever way it was written', () => {
    // 30 s video: 00:40–00:45 and 00:25–00:45 pass it; 00:30.4 is within the tolerance; 00:30.6 is not.
    assert.equal(chipPastEnd({ start: 40, end: 45 }, 30), 'past the end (00:30)');
    assert.equal(chipPastEnd({ start: 25, end: 45 }, 30), 'past the end (00:30)');
    assert.equal(chipPastEnd({ start: 45, end: 40 }, 30), 'past the end (00:30)');
    assert.equal(chipPastEnd({ start: 30.6, end: 30.6 }, 30), 'past the end (00:30)');
    assert.equal(chipPastEnd({ start: 30.4, end: 30.4 }, 30), null);
    assert.equal(chipPastEnd({ start: 5, end: 12 }, 30), null);
  });

  it('marks nothing while the duration is unknown', () => {
    assert.equal(chipPastEnd({ start: 40, end: 45 }, null), null);
    assert.equal(chipPastEnd({ start: 40, end: 45 }, undefined), null);
  });
});
