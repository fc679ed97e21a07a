import * as assert from 'node:assert/strict';
import type { IndexProgress } from '../../../../shared/records/recordSummary';
import { formatBytes, formatReward, indexStateText } from '../../../../webview/app/format';

describe('formatBytes', () => {
  const KB = 1024;
  const MB = KB * KB;
  const GB = MB * KB;
  const TB = GB * KB;
  const cases: [number, string][] = [
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [10 * KB + 100, '10.1 KB'],
    [MB, '1.0 MB'],
    [2.25 * MB, '2.3 MB'],
    [GB, '1.0 GB'],
    [1.5 * GB, '1.5 GB'],
    [TB, '1.0 TB'],
    [1024 * TB, '1024.0 TB'],
    [5e6 * TB, '5000000.0 TB'],
    [1.4, '1 B'],
    [-5000, '-5000 B'],
  ];
  for (const [bytes, expected] of cases) it(`${bytes} → ${expected}`, () => assert.equal(formatBytes(bytes), expected));

  it('NaN', () => assert.equal(formatBytes(NaN), 'NaN B'));

  // Regression (fixed): formatBytes picks the unit before rounding, so a value just under the next unit rounds up to
  // "1024.0" of the smaller one: formatBytes(1024 * 1024 - 1) is "1024.0 KB" (expected "1.0 MB"), and
  // formatBytes(1024 ** 3 - 1) is "1024.0 MB" (expected "1.0 GB").
  it('never shows 1024.0 of a unit below TB', () => {
    assert.equal(formatBytes(MB - 1), '1.0 MB');
    assert.equal(formatBytes(GB - 1), '1.0 GB');
    assert.equal(formatBytes(MB - 40), '1.0 MB');
  });
});

describe('indexStateText', () => {
  const progress = (patch: Partial<IndexProgress>): IndexProgress => ({
    records: 10,
    malformed: 0,
    bytesRead: 0,
    totalBytes: 1000,
    done: false,
    searchReady: false,
    cancelled: false,
    ...patch,
  });
  const cases: { name: string; patch: Partial<IndexProgress>; expected: string }[] = [
    { name: 'just started', patch: { bytesRead: 0 }, expected: 'indexing… 0%' },
    { name: 'halfway', patch: { bytesRead: 420 }, expected: 'indexing… 42%' },
    { name: 'rounds the percentage', patch: { bytesRead: 425 }, expected: 'indexing… 43%' },
    { name: 'rounds down below .5', patch: { bytesRead: 424 }, expected: 'indexing… 42%' },
    { name: 'all bytes read but not done', patch: { bytesRead: 1000 }, expected: 'indexing… 100%' },
    { name: 'an empty file still indexing', patch: { totalBytes: 0 }, expected: 'indexing… 100%' },
    { name: 'a huge file', patch: { bytesRead: 123_456_789_012, totalBytes: 1_000_000_000_000 }, expected: 'indexing… 12%' },
    { name: 'done, search still building', patch: { bytesRead: 1000, done: true }, expected: 'indexed (building search…)' },
    { name: 'done on a host without FTS5', patch: { bytesRead: 1000, done: true, searchUnavailable: 'no FTS5' }, expected: 'indexed (no full-text search)' },
    { name: 'still indexing on a host without FTS5', patch: { bytesRead: 500, searchUnavailable: 'no FTS5' }, expected: 'indexing… 50%' },
    { name: 'done with search', patch: { bytesRead: 1000, done: true, searchReady: true }, expected: 'indexed' },
    { name: 'an empty file, done', patch: { totalBytes: 0, done: true, searchReady: true }, expected: 'indexed' },
    { name: 'cancelled', patch: { bytesRead: 420, cancelled: true }, expected: 'indexing cancelled at 42%' },
    { name: 'cancelled at the start', patch: { cancelled: true }, expected: 'indexing cancelled at 0%' },
    { name: 'failed', patch: { bytesRead: 420, error: 'ENOENT: file vanished' }, expected: 'indexing failed: ENOENT: file vanished' },
    { name: 'the error wins over cancelled and done', patch: { error: 'read failed', cancelled: true, done: true }, expected: 'indexing failed: read failed' },
    { name: 'cancelled wins over done', patch: { cancelled: true, done: true, bytesRead: 1000 }, expected: 'indexing cancelled at 100%' },
    { name: 'an empty error is no error', patch: { error: '', bytesRead: 500 }, expected: 'indexing… 50%' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(indexStateText(progress(c.patch)), c.expected));
});

describe('formatReward', () => {
  const cases: [number, string][] = [
    [2.5, '2.5'],
    [1, '1'],
    [0.33333, '0.333'],
    [0.6666, '0.667'],
    [1234.56789, '1234.568'],
    [123456.789, '123456.789'],
    [0, '0'],
    [-0, '0'],
    [-1.25, '-1.25'],
    [-0.33333, '-0.333'],
    [0.0004, '0'],
    [-0.0004, '0'],
    [0.0005, '0.001'],
    [1e-9, '0'],
    [0.1 + 0.2, '0.3'],
    [1e21, '1e+21'],
    [1e305, '1e+305'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ];
  for (const [value, expected] of cases) it(`${value} → ${expected}`, () => assert.equal(formatReward(value), expected));

  // Regression (fixed): formatReward multiplies by 1000 before rounding, which overflows to Infinity for finite values
  // above ~1.8e305: formatReward(1e306) is "Infinity", formatReward(Number.MAX_VALUE) is "Infinity",
  // formatReward(-1e306) is "-Infinity". A finite reward should never read as infinite.
  it('keeps huge finite values finite', () => {
    assert.equal(formatReward(1e306), '1e+306');
    assert.equal(formatReward(-1e306), '-1e+306');
    assert.equal(formatReward(Number.MAX_VALUE), String(Number.MAX_VALUE));
  });
});
