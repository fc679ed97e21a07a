import * as assert from 'node:assert/strict';
import { PageCache, pagesFor, pagesToDrop } from '../../../../webview/list/pageCache';

describe('pagesFor', () => {
  const cases: { name: string; first: number; last: number; pageSize: number; expected: number[] }[] = [
    { name: 'one page', first: 0, last: 49, pageSize: 50, expected: [0] },
    { name: 'a range crossing a page boundary', first: 45, last: 55, pageSize: 50, expected: [0, 1] },
    { name: 'the last rank of a page and the first of the next', first: 49, last: 50, pageSize: 50, expected: [0, 1] },
    { name: 'several pages', first: 120, last: 480, pageSize: 100, expected: [1, 2, 3, 4] },
    { name: 'a single rank', first: 777, last: 777, pageSize: 100, expected: [7] },
    { name: 'deep in a huge list', first: 4_999_990, last: 5_000_010, pageSize: 100, expected: [49_999, 50_000] },
    { name: 'page size 1', first: 3, last: 5, pageSize: 1, expected: [3, 4, 5] },
    { name: 'an empty range (last < first)', first: 0, last: -1, pageSize: 50, expected: [] },
    { name: 'a reversed range', first: 100, last: 10, pageSize: 50, expected: [] },
    { name: 'a zero page size', first: 0, last: 10, pageSize: 0, expected: [] },
    { name: 'a negative page size', first: 0, last: 10, pageSize: -5, expected: [] },
    { name: 'NaN bounds', first: NaN, last: 10, pageSize: 50, expected: [] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(pagesFor(c.first, c.last, c.pageSize), c.expected));
});

describe('pagesToDrop', () => {
  const cases: { name: string; cached: number[]; center: number; max: number; expected: number[] }[] = [
    { name: 'nothing while within the limit', cached: [1, 2, 3], center: 2, max: 3, expected: [] },
    { name: 'nothing for an empty cache', cached: [], center: 0, max: 0, expected: [] },
    { name: 'the farthest page first', cached: [0, 1, 2, 3, 10], center: 2, max: 4, expected: [10] },
    { name: 'several, farthest first', cached: [0, 1, 2, 3, 4, 5, 6], center: 1, max: 3, expected: [6, 5, 4, 3] },
    { name: 'equal distances: the higher page first', cached: [3, 5, 7], center: 5, max: 1, expected: [7, 3] },
    { name: 'a center outside the cached pages', cached: [10, 11, 12], center: 0, max: 1, expected: [12, 11] },
    { name: 'everything when the limit is 0', cached: [4, 2], center: 3, max: 0, expected: [4, 2] },
    { name: 'the order of the input does not matter', cached: [9, 0, 5, 1], center: 0, max: 2, expected: [9, 5] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(pagesToDrop(c.cached, c.center, c.max), c.expected));

  it('leaves its input alone', () => {
    const cached = [5, 1, 9];
    pagesToDrop(cached, 0, 1);
    assert.deepEqual(cached, [5, 1, 9]);
  });
});

describe('PageCache', () => {
  const rows = (page: number, size: number): string[] => Array.from({ length: size }, (_, i) => `r${page * size + i}`);

  it('starts empty at generation 0', () => {
    const cache = new PageCache<string>(10);
    assert.equal(cache.generation, 0);
    assert.equal(cache.row(0), undefined);
    assert.deepEqual([...cache.entries()], []);
    assert.deepEqual(cache.needed([0, 1]), [0, 1]);
  });

  it('stores a fetched page and serves its rows by rank', () => {
    const cache = new PageCache<string>(10);
    const generation = cache.startFetch(2);
    assert.equal(cache.fill(2, generation, rows(2, 10)), true);
    assert.equal(cache.row(20), 'r20');
    assert.equal(cache.row(29), 'r29');
    assert.equal(cache.row(19), undefined);
    assert.equal(cache.row(30), undefined);
    assert.deepEqual(
      [...cache.entries()].map(([rank]) => rank),
      [20, 21, 22, 23, 24, 25, 26, 27, 28, 29],
    );
  });

  it('serves a short last page', () => {
    const cache = new PageCache<string>(10);
    cache.fill(3, cache.startFetch(3), ['a', 'b']);
    assert.equal(cache.row(31), 'b');
    assert.equal(cache.row(32), undefined);
    assert.deepEqual(
      [...cache.entries()],
      [
        [30, 'a'],
        [31, 'b'],
      ],
    );
  });

  it('does not ask twice for a page being fetched', () => {
    const cache = new PageCache<string>(10);
    assert.deepEqual(cache.needed([0, 1, 2]), [0, 1, 2]);
    cache.startFetch(1);
    assert.deepEqual(cache.needed([0, 1, 2]), [0, 2]);
    cache.fill(1, cache.generation, rows(1, 10));
    assert.deepEqual(cache.needed([0, 1, 2]), [0, 2]);
  });

  it('drops stale replies once the query changes', () => {
    const cache = new PageCache<string>(10);
    const old = cache.startFetch(0);
    assert.equal(cache.reset(), 1);
    assert.equal(cache.generation, 1);
    assert.equal(cache.fill(0, old, rows(0, 10)), false);
    assert.equal(cache.row(0), undefined);
    assert.deepEqual(cache.needed([0]), [0]);

    const current = cache.startFetch(0);
    assert.equal(current, 1);
    assert.equal(cache.fill(0, current, ['new']), true);
    // A late reply of the old query still cannot overwrite the new rows.
    assert.equal(cache.fill(0, old, ['old']), false);
    assert.equal(cache.row(0), 'new');
  });

  it('forgets every page on reset', () => {
    const cache = new PageCache<string>(10);
    cache.fill(0, cache.startFetch(0), rows(0, 10));
    cache.fill(1, cache.startFetch(1), rows(1, 10));
    cache.reset();
    assert.deepEqual([...cache.entries()], []);
    assert.deepEqual(cache.needed([0, 1]), [0, 1]);
  });

  it('keeps stale rows on screen until the refetch lands', () => {
    const cache = new PageCache<string>(10);
    cache.fill(0, cache.startFetch(0), rows(0, 10));
    cache.markStale();
    assert.equal(cache.row(3), 'r3');
    assert.deepEqual(cache.needed([0]), [0]);
    const generation = cache.startFetch(0);
    assert.deepEqual(cache.needed([0]), [], 'not while the refetch is in flight');
    assert.equal(cache.row(3), 'r3');
    assert.equal(cache.fill(0, generation, ['fresh']), true);
    assert.deepEqual(cache.needed([0]), []);
    assert.equal(cache.row(0), 'fresh');
  });

  it('lets a failed fetch be asked again', () => {
    const cache = new PageCache<string>(10);
    const generation = cache.startFetch(4);
    cache.failed(4, generation);
    assert.deepEqual(cache.needed([4]), [4]);
    assert.deepEqual([...cache.entries()], []);
  });

  it('keeps the old rows when a stale refetch fails, and asks again', () => {
    const cache = new PageCache<string>(10);
    cache.fill(0, cache.startFetch(0), rows(0, 10));
    cache.markStale();
    cache.failed(0, cache.startFetch(0));
    assert.equal(cache.row(9), 'r9');
    assert.deepEqual(cache.needed([0]), [0]);
  });

  it('ignores the failure of a fetch from an older query', () => {
    const cache = new PageCache<string>(10);
    const old = cache.startFetch(0);
    cache.reset();
    const current = cache.startFetch(0);
    cache.failed(0, old);
    assert.deepEqual(cache.needed([0]), [], 'the current fetch is still in flight');
    assert.equal(cache.fill(0, current, ['x']), true);
  });

  it('ignores a failure for a page it does not hold', () => {
    const cache = new PageCache<string>(10);
    cache.failed(7, cache.generation);
    assert.deepEqual([...cache.entries()], []);
  });

  it('evicts the pages farthest from the centre beyond maxPages', () => {
    const cache = new PageCache<string>(10, 3);
    for (const page of [0, 1, 2, 3, 4, 5]) cache.fill(page, cache.startFetch(page), rows(page, 10));
    assert.deepEqual(cache.trim(4), [0, 1, 2]);
    assert.equal(cache.row(5), undefined);
    assert.equal(cache.row(30), 'r30');
    assert.equal(cache.row(59), 'r59');
    assert.deepEqual(cache.needed([0, 3, 4, 5]), [0]);
    assert.deepEqual(cache.trim(4), [], 'nothing more once within the limit');
  });

  it('counts pages still loading when trimming', () => {
    const cache = new PageCache<string>(10, 2);
    cache.fill(0, cache.startFetch(0), rows(0, 10));
    cache.startFetch(50);
    cache.startFetch(51);
    assert.deepEqual(cache.trim(50), [0]);
  });

  it('defaults to 30 pages', () => {
    const cache = new PageCache<string>(100);
    assert.equal(cache.maxPages, 30);
    for (let page = 0; page < 31; page++) cache.fill(page, cache.startFetch(page), [`p${page}`]);
    assert.deepEqual(cache.trim(0), [30]);
  });
});
