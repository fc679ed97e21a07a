import * as assert from 'node:assert/strict';
import type { FieldRole } from '../../../shared/records/fieldMapping';
import { detectProfile, recordKind } from '../../../src/core/records/detectProfile';

/**
 * Every key name the detector knows per role, best first (the documented mapping), with a value that fits the role
 * by its name only (no video extension, no chain tags: content alone would not find them).
 */
const KNOWN: { role: FieldRole; keys: string[]; value: unknown }[] = [
  { role: 'id', keys: ['id', 'qid', 'question_id', 'problem_id', 'sample_id', 'idx', 'index', 'key', 'uid'], value: 'r-1' },
  { role: 'video', keys: ['video_path', 'video', 'path', 'videos', 'video_file', 'video_name', 'video_id', 'vid'], value: 'clip-0001' },
  { role: 'source', keys: ['source', 'data_source', 'dataset', 'origin'], value: 'Vript' },
  { role: 'duration', keys: ['duration', 'video_duration', 'duration_sec', 'duration_s', 'length'], value: 12.5 },
  { role: 'question', keys: ['question', 'problem', 'query', 'prompt', 'instruction'], value: 'What does he drink from?' },
  { role: 'questionType', keys: ['problem_type', 'question_format', 'qa_type', 'answer_type', 'question_type', 'type'], value: 'multiple choice' },
  { role: 'category', keys: ['question_type', 'category', 'task_type', 'task', 'qtype', 'type'], value: 'Counting' },
  { role: 'options', keys: ['options', 'choices', 'candidates', 'option'], value: ['A. a cup', 'B. a bottle'] },
  { role: 'answer', keys: ['answer', 'solution', 'gt', 'ground_truth', 'gt_answer', 'correct_answer', 'label', 'target'], value: 'B' },
  {
    role: 'chain',
    keys: ['cot', 'chain', 'reasoning', 'process', 'rationale', 'thinking', 'response', 'completion', 'output'],
    value: 'He drinks from a bottle, so B.',
  },
  { role: 'caption', keys: ['caption', 'captions', 'dense_caption', 'description'], value: '[00:00-00:07] A cyclist rides along a road.' },
  { role: 'completions', keys: ['rollouts', 'completions', 'responses', 'outputs', 'samples', 'generations'], value: ['<answer>A</answer>', { text: 'B' }] },
  { role: 'promptId', keys: ['prompt_id', 'group_id', 'prompt_uid', 'prompt_idx', 'uid', 'group'], value: 'p-7' },
  { role: 'rewards', keys: ['rewards', 'reward_components', 'reward_breakdown', 'scores', 'reward_info', 'reward', 'score'], value: { acc: 1, note: 'ok' } },
  { role: 'advantage', keys: ['advantage', 'advantages', 'adv'], value: -0.5 },
];

describe('detectProfile: the field mapping', () => {
  for (const { role, keys, value } of KNOWN) {
    it(`maps each known ${role} key on its own: ${keys.join(', ')}`, () => {
      for (const key of keys) {
        // `uid` is an id first; it is the prompt id when the id is already another key.
        const override = role === 'promptId' && key === 'uid' ? { fields: { id: 'row' } } : {};
        const { fields } = detectProfile([{ [key]: value }, { [key]: value }], override);
        assert.deepEqual(fields, { ...override.fields, [role]: key }, key);
      }
    });

    it(`takes the first known ${role} key when several fit: ${keys[0]}`, () => {
      const record = Object.fromEntries(keys.map((k) => [k, value]));
      assert.equal(detectProfile([record]).fields[role], keys[0]);
    });
  }

  it('a key whose values mostly do not fit the role is not taken', () => {
    // One number out of two is no majority; two out of three is.
    assert.equal(detectProfile([{ duration: 5 }, { duration: 'long' }]).fields.duration, undefined);
    assert.equal(detectProfile([{ duration: 5 }, { duration: 6 }, { duration: 'long' }]).fields.duration, 'duration');
    // The key that fits more records wins over a better-named one.
    assert.equal(detectProfile([{ id: 'a', qid: 'q1' }, { qid: 'q2' }]).fields.id, 'qid');
  });

  it('empty values say nothing about a key', () => {
    // Two empty and one fitting value: 1 of 1 present fits.
    for (const empty of [[], {}, '  ', null]) {
      assert.equal(detectProfile([{ options: empty }, { options: empty }, { options: ['a', 'b'] }]).fields.options, 'options', JSON.stringify(empty));
    }
  });

  it('what fits each role', () => {
    const fits = (role: FieldRole, key: string, value: unknown): boolean => detectProfile([{ [key]: value }]).fields[role] === key;
    const rows: [FieldRole, string, unknown, boolean][] = [
      ['duration', 'duration', 0, true],
      ['duration', 'duration', -1, false],
      ['duration', 'duration', '12', false],
      ['id', 'id', 7, true],
      ['id', 'id', true, false],
      ['answer', 'answer', 0, true],
      ['answer', 'answer', ['B'], false],
      ['video', 'videos', ['a.mp4', 'b.mp4'], true],
      ['video', 'videos', ['a.mp4', 3], false],
      ['video', 'video', 42, false],
      ['options', 'options', { A: 'a cup' }, true],
      ['options', 'options', 'A or B', false],
      ['completions', 'completions', [1, 2], false],
      ['completions', 'completions', ['x', ' '], false],
      ['rewards', 'rewards', 0.5, true],
      ['rewards', 'rewards', { acc: 'yes' }, false],
      ['rewards', 'rewards', [1], false],
      ['advantage', 'advantage', '0.5', false],
      ['caption', 'caption', 'A cyclist rides along a road.', false],
      ['caption', 'caption', '[0:00:05-0:00:09] he stops', true],
      ['questionType', 'problem_type', 'Open-ended', true],
      ['questionType', 'problem_type', 'yes/no', true],
      ['questionType', 'problem_type', 'Counting', false],
      ['category', 'category', 'numerical', false],
      ['question', 'question', '   ', false],
      ['source', 'source', 3, false],
    ];
    for (const [role, key, value, expected] of rows) assert.equal(fits(role, key, value), expected, `${role} ← ${key}: ${JSON.stringify(value)}`);
  });

  it('question formats are told from topics by their whole name', () => {
    const formats = ['multiple choice', 'Multiple-Choice', 'multiple_choices', 'multiplechoice', 'MC', 'mcq', 'open', 'open ended', 'Open-Ended', 'openended'];
    formats.push('free form', 'free_form', 'freeform', 'numerical', 'OCR', 'regression', 'yes/no', 'Yes-No', 'yesno', 'boolean', 'true/false', 'TrueFalse');
    const topics = ['multiple choice questions', 'a mcq', 'multiple  choice', 'multiple.choice', 'multiple choicess', 'choice', 'mcqs', 'm', 'opened'];
    topics.push('open.ended', 'ended', 'free.form', 'form', 'numeric', 'yes.no', 'yes', 'no', 'true.false', 'false', 'Counting', 'ocr text');
    for (const value of formats) assert.equal(detectProfile([{ qa_type: value }]).fields.questionType, 'qa_type', value);
    for (const value of topics) assert.equal(detectProfile([{ qa_type: value }]).fields.questionType, undefined, value);
  });

  it('caption lines: [MM:SS-MM:SS] at a line start, with hours, decimals and any dash', () => {
    const lines = [
      '[00:00-00:05] a',
      '  [1:02-1:09] a',
      '[100:00-101:30] a',
      '[0:00:05-0:00:09] a',
      '[00:00.5-00:05.25] a',
      '[00:00 – 00:05] a',
      '[00:00—00:05] a',
    ];
    const notLines = [
      '(00:00-00:05) a',
      '[00:00-00:05 a',
      '[0000-00:05] a',
      '[00:0-00:05] a',
      '[1000:00-1001:00] a',
      'x [00:00-00:05] a',
      '[00:00~00:05] a',
      '[00:00-00:05.] a',
    ];
    for (const line of lines) assert.equal(detectProfile([{ caption: line }]).fields.caption, 'caption', line);
    for (const line of notLines) assert.equal(detectProfile([{ caption: line }]).fields.caption, undefined, line);
    // By content it takes two lines, each at the start of a line.
    assert.equal(detectProfile([{ notes: '[00:00-00:05] a\n[00:05-00:09] b' }]).fields.caption, 'notes');
    assert.equal(detectProfile([{ notes: '[00:00-00:05] a [00:05-00:09] b' }]).fields.caption, undefined);
  });

  it('video files by extension, in any case, at the end of the name', () => {
    for (const name of ['a.mp4', 'a.MKV', 'a.webm', 'a.avi', 'a.mov', 'a.m4v', 'a.flv', 'a.mpg', 'a.mpeg', 'a.MPEG']) {
      assert.equal(detectProfile([{ clip: name }]).fields.video, 'clip', name);
    }
    for (const name of ['a.mp4.txt', 'amp4', 'a.mp3', 'a.mpeeg', 'mp4']) assert.equal(detectProfile([{ clip: name }]).fields.video, undefined, name);
  });

  it('a chain is found by its action, observation or think tags', () => {
    for (const text of ['x <action>a</action>', '<OBSERVATION>', 'a </think>', '<Think>b']) {
      assert.equal(detectProfile([{ trace: text }]).fields.chain, 'trace', text);
    }
    for (const text of ['<answer>B</answer>', '<action', 'action: look', '< action>', '<thinking>']) {
      assert.equal(detectProfile([{ trace: text }]).fields.chain, undefined, text);
    }
  });

  it('chain, caption and video are found under unknown keys by their content', () => {
    const TWO_LINES = '[00:00-00:05] a dog\n[00:05-00:09] a cat';
    assert.deepEqual(detectProfile([{ trace: '<action>look</action>' }]).fields, { chain: 'trace' });
    assert.deepEqual(detectProfile([{ notes: TWO_LINES }]).fields, { caption: 'notes' });
    // One caption line is not enough when the key is not named like a caption.
    assert.deepEqual(detectProfile([{ notes: '[00:00-00:05] a dog' }]).fields, {});
    assert.deepEqual(detectProfile([{ clip: 'a/b.MKV' }]).fields, { video: 'clip' });
    assert.deepEqual(detectProfile([{ clip: 'a/b.mp4.txt' }]).fields, {});
    // The key with the most hits wins, the first one on a tie.
    assert.equal(detectProfile([{ a: 'x.mp4', b: 'y.mp4' }, { b: 'z.mp4' }]).fields.video, 'b');
    assert.equal(detectProfile([{ a: 'x.mp4', b: 'y.mp4' }]).fields.video, 'a');
    // A key another role is named by is never taken by content (a `label` holding a path stays the answer's).
    assert.deepEqual(detectProfile([{ label: 'x.mp4' }]).fields, { answer: 'label' });
  });

  it('an empty completions list does not make a rollout', () => {
    const fields = { completions: 'completions', question: 'question' };
    assert.equal(recordKind({ completions: [], question: 'What?' }, fields), 'qa');
    assert.equal(recordKind({ completions: ['B'], question: 'What?' }, fields), 'rollout');
  });

  it('the majority kind wins, the first seen on a tie; non-objects are not sampled', () => {
    const qa = { question: 'What?', answer: 'B' };
    const caption = { caption: '[00:00-00:05] a dog' };
    const profile = detectProfile([qa, 1, 'x', null, [qa], caption, caption]);
    assert.equal(profile.kind, 'caption');
    assert.equal(profile.sampled, 3);
    assert.equal(detectProfile([qa, caption]).kind, 'qa');
    assert.equal(detectProfile([caption, qa]).kind, 'caption');
    assert.equal(detectProfile([]).kind, 'unknown');
  });

  it('a sidecar’s fields and kind are kept and reported as overridden', () => {
    const profile = detectProfile([{ q: 'What?', id: 'a' }], { fields: { question: 'q' }, kind: 'cot' });
    assert.deepEqual(profile.fields, { question: 'q', id: 'id' });
    assert.deepEqual(profile.overridden, ['question']);
    assert.equal(profile.kind, 'cot');
    assert.equal(profile.kindOverridden, true);
    const plain = detectProfile([{ q: 'What?', id: 'a' }]);
    assert.deepEqual(plain.overridden, []);
    assert.equal(plain.kindOverridden, false);
  });
});
