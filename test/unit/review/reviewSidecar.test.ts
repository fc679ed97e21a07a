import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatasetRecord } from '../../../shared/records/datasetRecord';
import type { ReviewEntry } from '../../../shared/review/review';
import { ReviewLog, reviewHash, reviewSidecarPath } from '../../../src/core/review/reviewSidecar';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

const record = (id: string | null, chain: string): DatasetRecord => ({
  kind: 'cot',
  id,
  video: 'videos/a.mp4',
  source: null,
  duration: null,
  fields: {},
  unknownFields: [],
  question: 'Which square is first?',
  questionType: 'multiple-choice',
  category: null,
  options: [{ letter: 'A', text: 'Red' }],
  answer: { letter: 'A' },
  chain,
  rewards: { acc: null, obs: null, rea: null, fmt: null, total: null, advantage: null, logged: {} },
});

const entry = (over: Partial<ReviewEntry>): ReviewEntry => ({ id: 'r1', hash: 'h', status: 'reviewed', note: '', time: '2026-11-24T10:00:00.000Z', ...over });

describe('Review sidecar (<file>.review.jsonl)', () => {
  after(cleanTempFiles);

  it('hashes the question, video and answer, not the chain or the id: a regenerated record keeps its mark', () => {
    assert.equal(reviewHash(record('a', 'chain one')), reviewHash(record('b', 'chain two')));
    assert.notEqual(reviewHash(record('a', 'x')), reviewHash({ ...record('a', 'x'), answer: { letter: 'B' } } as DatasetRecord));
    assert.match(reviewHash(record(null, '')), /^[0-9a-f]{16}$/);
  });

  it('appends one line per change; the last line wins, by id, else by hash; null status clears', () => {
    const file = reviewSidecarPath(path.join(tempDir(), 'data.jsonl'));
    const log = ReviewLog.read(file);
    assert.equal(log.entryFor('r1', 'h'), null);
    log.append(entry({ status: 'reviewed' }));
    log.append(entry({ status: 'fixed', note: 're-timed', time: '2026-11-24T10:01:00.000Z' }));
    log.append(entry({ id: null, hash: 'only-hash', status: 'rejected', time: '2026-11-24T10:02:00.000Z' }));
    assert.equal(fs.readFileSync(file, 'utf8').trim().split('\n').length, 3);
    const again = ReviewLog.read(file);
    assert.equal(again.entryFor('r1', 'other')?.status, 'fixed');
    assert.equal(again.entryFor(null, 'only-hash')?.status, 'rejected');
    assert.deepEqual(
      again.entries().map((e) => e.status),
      ['fixed', 'rejected'],
    );
    again.append(entry({ status: null, time: '2026-11-24T10:03:00.000Z' }));
    assert.equal(ReviewLog.read(file).entryFor('r1', 'h'), null);
  });

  it('keeps going past lines that are not entries, and appends after a last line without a newline', () => {
    const file = path.join(tempDir(), 'x.review.jsonl');
    fs.writeFileSync(file, `not json\n${JSON.stringify({ id: 'r1' })}\n${JSON.stringify(entry({}))}`);
    const log = ReviewLog.read(file);
    assert.deepEqual(log.badLines, [1, 2]);
    assert.equal(log.entryFor('r1', 'h')?.status, 'reviewed');
    log.append(entry({ status: 'fixed', time: '2026-11-24T11:00:00.000Z' }));
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.length, 5);
    assert.equal(lines[0], 'not json', 'bad lines are kept');
    assert.equal(ReviewLog.read(file).entryFor('r1', 'h')?.status, 'fixed');
  });
});
