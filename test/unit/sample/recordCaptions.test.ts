import * as assert from 'node:assert/strict';
import { detectProfile } from '../../../src/core/records/detectProfile';
import { recordCaptions } from '../../../src/core/sample/recordCaptions';

const record = {
  id: 'inline-001',
  video_path: 'videos/nowhere.mp4',
  question: 'What colour is the square?',
  answer: 'A',
  cot: '<action>query the segment from 00:02 to 00:04</action><observation>A red square.</observation><answer>A</answer>',
  caption: '[00:00-00:02] A black screen.\n[00:02-00:05] A red square in the centre.',
};

describe('recordCaptions (captions stored in the record)', () => {
  it('gives the record’s segments, times in seconds, from “this record”', () => {
    const found = recordCaptions(record, detectProfile([record]));
    assert.deepEqual(
      found?.segments.map((s) => [s.start, s.end, s.text]),
      [
        [0, 2, 'A black screen.'],
        [2, 5, 'A red square in the centre.'],
      ],
    );
    assert.equal(found?.origin, 'this record');
  });

  it('null without a caption field, with an empty one, or for a malformed record', () => {
    const { caption: _omitted, ...bare } = record;
    void _omitted;
    assert.equal(recordCaptions(bare, detectProfile([bare])), null);
    assert.equal(recordCaptions({ ...record, caption: '' }, detectProfile([record])), null);
    assert.equal(recordCaptions(undefined, detectProfile([record])), null);
    assert.equal(recordCaptions(record, undefined), null);
  });
});
