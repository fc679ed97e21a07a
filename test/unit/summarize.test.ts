import * as assert from 'node:assert/strict';
import { MAX_SUMMARY_TEXT, summarizeRecord } from '../../src/core/records/summarize';

describe('summarizeRecord', () => {
  it('reads a ReWatch CoT record', () => {
    assert.deepEqual(
      summarizeRecord({
        id: 'q1',
        video_path: 'ubgB1yelZMY/49850.19.mp4',
        question: 'What does he drink?',
        answer: 'B',
        cot: '<action>retrieve segments</action><observation>…</observation><answer>B</answer>',
      }),
      { kind: 'cot', id: 'q1', video: 'ubgB1yelZMY/49850.19.mp4', question: 'What does he drink?' },
    );
  });

  it('reads a Video-R1 record (problem, path, <think> process)', () => {
    const fields = summarizeRecord({
      problem_id: 3,
      problem: 'How many cups?',
      problem_type: 'multiple choice',
      options: ['A. 1', 'B. 2'],
      process: '<think>I count two.</think>',
      solution: '<answer>B</answer>',
      path: './Video-R1/clip.mp4',
    });
    assert.equal(fields.kind, 'cot');
    assert.equal(fields.video, './Video-R1/clip.mp4');
    assert.equal(fields.question, 'How many cups?');
  });

  it('reads a LongVideo-Reason record (videos list, plain reasoning)', () => {
    const fields = summarizeRecord({ videos: ['a.mp4'], problem: 'Why?', reasoning: 'Because.', answer: '<answer>A</answer>' });
    assert.equal(fields.kind, 'cot');
    assert.equal(fields.video, 'a.mp4');
  });

  it('reads a QA record without a chain', () => {
    assert.equal(summarizeRecord({ qid: 7, question: 'When?', answer: 'at 00:12' }).kind, 'qa');
    assert.equal(summarizeRecord({ qid: 7, question: 'When?' }).id, '7');
  });

  it('recognizes a caption record by its timestamped lines', () => {
    const fields = summarizeRecord({ source: 'Vript', video_path: 'v.mp4', caption: '[00:00-00:05] A man walks.\n[00:05-00:09] He sits.' });
    assert.equal(fields.kind, 'caption');
  });

  it('recognizes a rollout group', () => {
    assert.equal(summarizeRecord({ prompt_id: 'p', question: 'Q', rollouts: [{ text: 'x', reward: 1 }] }).kind, 'rollout');
  });

  it('clips long questions and flattens whitespace', () => {
    const question = summarizeRecord({ question: `line one\n\n${'x'.repeat(1000)}` }).question ?? '';
    assert.equal(question.length, MAX_SUMMARY_TEXT);
    assert.ok(question.startsWith('line one x'));
    assert.ok(question.endsWith('…'));
  });

  it('returns unknown for non-objects', () => {
    for (const value of [[1, 2], 'text', 3, null]) assert.equal(summarizeRecord(value).kind, 'unknown');
  });
});
