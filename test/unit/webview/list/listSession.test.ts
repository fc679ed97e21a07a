import * as assert from 'node:assert/strict';
import type { IndexProgress } from '../../../../shared/records/recordSummary';
import { ListSession, steppedRow } from '../../../../webview/list/listSession';

const progress = (done: boolean): IndexProgress => ({
  records: 10,
  malformed: 0,
  bytesRead: done ? 100 : 40,
  totalBytes: 100,
  done,
  cancelled: false,
  searchReady: done,
});

describe('ListSession', () => {
  describe('filter', () => {
    it('adds the search text in force', () => {
      const session = new ListSession();
      session.applySearch('dog', true);
      assert.deepEqual(session.filter({ kinds: ['cot'] }), { kinds: ['cot'], text: 'dog' });
    });
    it('drops a stale text when no search is in force, and leaves the saved filter alone', () => {
      const session = new ListSession();
      const saved = { kinds: ['cot' as const], text: 'old' };
      assert.deepEqual(session.filter(saved), { kinds: ['cot'] });
      assert.deepEqual(saved, { kinds: ['cot'], text: 'old' });
    });
  });

  describe('start', () => {
    it('search ready: the saved search applies and the list starts at the saved row', () => {
      const session = new ListSession();
      assert.equal(session.start({ search: 'cat', listTop: 42 }, true), 42);
      assert.equal(session.started, true);
      assert.equal(session.appliedSearch, 'cat');
    });
    it('search not ready yet: the list starts at the top, the saved row waits for the search', () => {
      const session = new ListSession();
      assert.equal(session.start({ search: 'cat', listTop: 42 }, false), 0);
      assert.equal(session.appliedSearch, '');
      // The search becomes ready: it applies, and the list goes back to the saved row, once.
      assert.equal(session.applySearch('cat', true), 42);
      assert.equal(session.appliedSearch, 'cat');
      assert.equal(session.applySearch('cats', true), 0);
    });
    it('no saved search: the saved row at once', () => {
      const session = new ListSession();
      assert.equal(session.start({ search: '', listTop: 7.5 }, false), 7.5);
      assert.equal(session.applySearch('x', true), 0);
    });
  });

  describe('applySearch', () => {
    it('a search typed before search is ready is not in force', () => {
      const session = new ListSession();
      assert.equal(session.applySearch('dog', false), 0);
      assert.equal(session.appliedSearch, '');
    });
  });

  describe('progress', () => {
    it('waits until the list is built, keeping the latest', () => {
      const session = new ListSession();
      const first = progress(false);
      const second = progress(true);
      assert.equal(session.progress(first), 'waiting');
      assert.equal(session.progress(second), 'waiting');
      assert.equal(session.latest, second);
    });
    it('indexing, then finished once, then finished before', () => {
      const session = new ListSession();
      session.start({ search: '', listTop: 0 }, false);
      assert.equal(session.progress(progress(false)), 'indexing');
      assert.equal(session.progress(progress(false)), 'indexing');
      assert.equal(session.progress(progress(true)), 'finished');
      assert.equal(session.progress(progress(true)), 'finishedBefore');
    });
    it('a finish seen before the list was built is acted on once it is', () => {
      const session = new ListSession();
      const done = progress(true);
      assert.equal(session.progress(done), 'waiting');
      session.start({ search: '', listTop: 0 }, true);
      assert.equal(session.progress(done), 'finished');
      assert.equal(session.progress(done), 'finishedBefore');
    });
  });
});

describe('steppedRow', () => {
  it('from nothing selected: the first row going down, the last going up', () => {
    assert.equal(steppedRow(undefined, 5, 1), 0);
    assert.equal(steppedRow(undefined, 5, -1), 4);
  });
  it('one row on', () => {
    assert.equal(steppedRow(2, 5, 1), 3);
    assert.equal(steppedRow(2, 5, -1), 1);
  });
  it('stays at the ends', () => {
    assert.equal(steppedRow(4, 5, 1), 4);
    assert.equal(steppedRow(0, 5, -1), 0);
  });
  it('a rank past the end (the list shrank) comes back to the last row', () => assert.equal(steppedRow(9, 5, -1), 4));
});
