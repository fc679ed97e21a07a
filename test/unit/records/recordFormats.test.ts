import * as assert from 'node:assert/strict';
import { CHAIN } from '../helpers/chains';
import { DatasetRecord } from '../../../shared/records/datasetRecord';
import type { FileProfile, Sidecar } from '../../../shared/records/fieldMapping';
import type { RecordKind } from '../../../shared/records/recordSummary';
import { FileProfile as FileProfileSchema } from '../../../shared/records/fieldMapping';
import { detectProfile, recordKind } from '../../../src/core/records/detectProfile';
import { extractRecord } from '../../../src/core/records/extractRecord';
import { classifyRewardName, collectRewards } from '../../../src/core/records/storedRewards';

/** Detects a profile from the samples and checks it against its schema. */
function profileOf(samples: readonly unknown[], override?: Sidecar): FileProfile {
  return FileProfileSchema.parse(detectProfile(samples, override));
}

/** Extracts one record and validates it with the zod schema of the normalized records. */
function read(value: unknown, profile: FileProfile, forced?: RecordKind): DatasetRecord {
  return DatasetRecord.parse(extractRecord(value, profile, forced));
}

function as<K extends DatasetRecord['kind']>(record: DatasetRecord, kind: K): Extract<DatasetRecord, { kind: K }> {
  assert.equal(record.kind, kind);
  return record as Extract<DatasetRecord, { kind: K }>;
}

const captionRecord = (i: number) => ({
  source: 'Vript',
  video_path: `ubgB1yelZMY/4985${i}.19.mp4`,
  caption: '[00:00-00:07] A cyclist rides along a coastal road.\n[00:07-00:15] A red van passes him.\n[00:15-00:22] He stops and drinks from a green bottle.',
});

const mcRecord = (i: number) => ({
  id: `qa-${i}`,
  source: 'VideoEspresso',
  video_path: `clips/${i}.mp4`,
  question: 'What does the cyclist drink from at [00:15-00:22]?',
  options: ['A: A cup', 'B: A green bottle', 'C: A can', 'D: Nothing'],
  answer: 'B',
  question_type: 'Object Recognition',
});

const openRecord = (i: number) => ({
  id: `qa-open-${i}`,
  source: 'MiraData',
  video_path: `mira/${i}.mp4`,
  question: 'How many vehicles pass the cyclist between [00:00-00:22]?',
  answer: 'One red van',
  question_type: 'Counting',
});

const cotRecord = (i: number) => ({
  id: `cot-${i}`,
  video_path: `clips/${i}.mp4`,
  source: 'Video-R1',
  question: 'What does the cyclist drink from?\nA: A cup\nB: A green bottle\nC: A can\nD: Nothing',
  answer: 'B',
  question_type: 'Cause and Effect',
  cot: CHAIN,
});

describe('record formats: ReWatch captions', () => {
  it('detects a caption file and extracts source, video and caption', () => {
    const samples = [captionRecord(1), captionRecord(2), captionRecord(3)];
    const profile = profileOf(samples);
    assert.equal(profile.kind, 'caption');
    assert.equal(profile.dialect, 'rewatch');
    assert.equal(profile.sampled, 3);
    assert.deepEqual(profile.fields, { caption: 'caption', video: 'video_path', source: 'source' });
    const record = as(read(samples[0], profile), 'caption');
    assert.equal(record.source, 'Vript');
    assert.equal(record.video, 'ubgB1yelZMY/49851.19.mp4');
    assert.match(record.caption, /^\[00:00-00:07\] A cyclist/);
    assert.deepEqual(record.unknownFields, []);
  });

  it('finds a caption under an unusual key by its [MM:SS-MM:SS] lines', () => {
    const samples = [1, 2].map((i) => ({ src: 'Vript', clip: `v/${i}.mkv`, events_text: captionRecord(i).caption }));
    const profile = profileOf(samples);
    assert.equal(profile.kind, 'caption');
    assert.equal(profile.fields.caption, 'events_text');
    assert.equal(profile.fields.video, 'clip', 'a string naming a video file is the video');
    const record = as(read(samples[1], profile), 'caption');
    assert.equal(record.video, 'v/2.mkv');
    assert.deepEqual(record.unknownFields, ['src']);
  });

  it('accepts H:MM:SS caption lines', () => {
    const profile = profileOf([{ video_path: 'long.mp4', caption: '[0:59:50-1:00:10] A goal.\n[1:00:10-1:02:00] Celebration.' }]);
    assert.equal(profile.kind, 'caption');
  });
});

describe('record formats: ReWatch QA', () => {
  it('reads multiple-choice questions with lettered options and a letter answer', () => {
    const samples = [mcRecord(1), mcRecord(2)];
    const profile = profileOf(samples);
    assert.equal(profile.kind, 'qa');
    assert.equal(profile.dialect, 'rewatch');
    assert.equal(profile.fields.question, 'question');
    assert.equal(profile.fields.options, 'options');
    assert.equal(profile.fields.answer, 'answer');
    assert.equal(profile.fields.id, 'id');
    assert.equal(profile.fields.video, 'video_path');
    assert.equal(profile.fields.source, 'source');
    const record = as(read(samples[0], profile), 'qa');
    assert.equal(record.id, 'qa-1');
    assert.equal(record.questionType, 'multiple-choice');
    assert.deepEqual(record.options, [
      { letter: 'A', text: 'A cup' },
      { letter: 'B', text: 'A green bottle' },
      { letter: 'C', text: 'A can' },
      { letter: 'D', text: 'Nothing' },
    ]);
    assert.deepEqual(record.answer, { letter: 'B' });
  });

  it('reads open-ended questions with a text answer', () => {
    const profile = profileOf([openRecord(1), openRecord(2)]);
    assert.equal(profile.kind, 'qa');
    const record = as(read(openRecord(1), profile), 'qa');
    assert.equal(record.questionType, 'open-ended');
    assert.deepEqual(record.options, []);
    assert.deepEqual(record.answer, { text: 'One red van' });
  });

  it('takes ReWatch question types (topics like "Counting") as the category, not the question format', () => {
    const samples = [mcRecord(1), openRecord(2), { ...openRecord(3), question_type: 'Numerical Reasoning' }];
    const profile = profileOf(samples);
    assert.equal(profile.fields.category, 'question_type');
    assert.equal(profile.fields.questionType, undefined);
    const mc = as(read(samples[0], profile), 'qa');
    assert.equal(mc.category, 'Object Recognition');
    assert.equal(mc.questionType, 'multiple-choice');
    const open = as(read(samples[1], profile), 'qa');
    assert.equal(open.category, 'Counting');
    assert.equal(open.questionType, 'open-ended');
    assert.equal(as(read(samples[2], profile), 'qa').category, 'Numerical Reasoning');
  });

  it('takes a format-like question type ("open-ended") as the question format', () => {
    const samples = [{ question: 'Why?', answer: 'Because', qa_type: 'open-ended', task: 'Cause and Effect' }];
    const profile = profileOf(samples);
    assert.equal(profile.fields.questionType, 'qa_type');
    assert.equal(profile.fields.category, 'task');
    const record = as(read(samples[0], profile), 'qa');
    assert.equal(record.questionType, 'open-ended');
    assert.equal(record.category, 'Cause and Effect');
  });
});

describe('record formats: options and answers in every shape', () => {
  const base = { id: 'o', video: 'a.mp4', question: 'What does he drink from?' };
  const cases: [string, Record<string, unknown>, { letter: string; text: string }[], { letter?: string; text?: string }][] = [
    [
      '"A. x" list, letter answer',
      { options: ['A. A cup', 'B. A bottle'], answer: 'B' },
      [
        { letter: 'A', text: 'A cup' },
        { letter: 'B', text: 'A bottle' },
      ],
      { letter: 'B' },
    ],
    [
      '"A: x" list, tagged answer',
      { options: ['A: A cup', 'B: A bottle'], answer: '<answer>B</answer>' },
      [
        { letter: 'A', text: 'A cup' },
        { letter: 'B', text: 'A bottle' },
      ],
      { letter: 'B' },
    ],
    [
      'object keyed by letter, "B: text" answer',
      { options: { A: 'A cup', B: 'A bottle' }, answer: 'B: A bottle' },
      [
        { letter: 'A', text: 'A cup' },
        { letter: 'B', text: 'A bottle' },
      ],
      { letter: 'B', text: 'A bottle' },
    ],
    [
      'plain texts lettered in order, plain text answer',
      { choices: ['A cup', 'A bottle'], answer: 'a bottle' },
      [
        { letter: 'A', text: 'A cup' },
        { letter: 'B', text: 'A bottle' },
      ],
      { text: 'a bottle' },
    ],
    [
      '"(A) x" list, "(B)" answer',
      { options: ['(A) A cup', '(B) A bottle'], answer: '(B)' },
      [
        { letter: 'A', text: 'A cup' },
        { letter: 'B', text: 'A bottle' },
      ],
      { letter: 'B' },
    ],
  ];
  for (const [name, patch, options, answer] of cases) {
    it(name, () => {
      const value = { ...base, ...patch };
      const profile = profileOf([value]);
      assert.equal(profile.kind, 'qa');
      const record = as(read(value, profile), 'qa');
      assert.deepEqual(record.options, options);
      assert.deepEqual(record.answer, answer);
      assert.equal(record.questionType, 'multiple-choice');
    });
  }

  it('finds options written inside the question when there is no options field', () => {
    const value = { question: 'What does he drink from?\nA. A cup\nB. A green bottle\nC. A can', answer: 'C' };
    const profile = profileOf([value]);
    assert.equal(profile.fields.options, undefined);
    const record = as(read(value, profile), 'qa');
    assert.deepEqual(
      record.options.map((o) => o.letter),
      ['A', 'B', 'C'],
    );
    assert.equal(record.options[1].text, 'A green bottle');
    assert.equal(record.questionType, 'multiple-choice');
    assert.equal(record.question, value.question, 'the question is kept whole');
  });

  it('finds "(A) x (B) y" options on one line', () => {
    const value = { question: 'Which color is the van? (A) red (B) blue (C) green', answer: 'A' };
    const record = as(read(value, profileOf([value])), 'qa');
    assert.deepEqual(record.options, [
      { letter: 'A', text: 'red' },
      { letter: 'B', text: 'blue' },
      { letter: 'C', text: 'green' },
    ]);
  });

  it('reads a numeric answer as text and an empty answer as none', () => {
    const profile = profileOf([{ question: 'How many?', answer: 3 }]);
    assert.deepEqual(as(read({ question: 'How many?', answer: 3 }, profile), 'qa').answer, { text: '3' });
    assert.equal(as(read({ question: 'How many?', answer: '' }, profile), 'qa').answer, null);
    assert.equal(as(read({ question: 'How many?', answer: '<answer></answer>' }, profile), 'qa').answer, null);
    assert.equal(as(read({ question: 'How many?' }, profile), 'qa').answer, null);
  });
});

describe('record formats: ReWatch CoT', () => {
  it('reads the chain from `cot` with question, options, answer and category', () => {
    const samples = [cotRecord(1), cotRecord(2)];
    const profile = profileOf(samples);
    assert.equal(profile.kind, 'cot');
    assert.equal(profile.dialect, 'rewatch');
    assert.equal(profile.fields.chain, 'cot');
    assert.equal(profile.fields.question, 'question');
    assert.equal(profile.fields.answer, 'answer');
    assert.equal(profile.fields.category, 'question_type');
    const record = as(read(samples[0], profile), 'cot');
    assert.equal(record.chain, CHAIN);
    assert.equal(record.questionType, 'multiple-choice');
    assert.equal(record.options.length, 4);
    assert.deepEqual(record.answer, { letter: 'B' });
    assert.equal(record.category, 'Cause and Effect');
    assert.equal(record.rewards.total, null);
    assert.deepEqual(record.rewards.logged, {});
  });

  it('finds a chain under an unknown key by its <action> tags', () => {
    const samples = [1, 2, 3].map((i) => ({ qid: `t${i}`, video: `${i}.mp4`, question: 'What does he drink from?', answer: 'B', trace: CHAIN }));
    const profile = profileOf(samples);
    assert.equal(profile.kind, 'cot');
    assert.equal(profile.fields.chain, 'trace');
    assert.equal(profile.fields.id, 'qid');
    const record = as(read(samples[2], profile), 'cot');
    assert.equal(record.chain, CHAIN);
    assert.equal(record.id, 't3');
    assert.deepEqual(record.unknownFields, []);
  });

  it('does not take a prompt quoting the tags in its instructions for the chain', () => {
    const prompt =
      'Answer the question. Re-watch with <action>…</action>, report with <observation>…</observation>, end with <answer>X</answer>.\nWhat does he drink from?';
    const samples = [1, 2].map((i) => ({ prompt_id: `p${i}`, prompt, responses: [{ text: CHAIN, reward: 3 }] }));
    const profile = profileOf(samples);
    assert.equal(profile.kind, 'rollout');
    assert.equal(profile.fields.question, 'prompt');
    assert.equal(profile.fields.chain, undefined);
    const qa = { question: prompt, answer: 'B' };
    const qaProfile = profileOf([qa]);
    assert.equal(qaProfile.kind, 'qa');
    assert.equal(qaProfile.fields.question, 'question');
  });

  it('a record with a chain but no question is still a CoT', () => {
    const value = { id: 'x', cot: CHAIN };
    assert.equal(profileOf([value]).kind, 'cot');
    const record = as(read(value, profileOf([value])), 'cot');
    assert.equal(record.question, '');
    assert.equal(record.answer, null);
  });
});

describe('record formats: rollouts', () => {
  const completion = (i: number) => {
    const acc = i % 2;
    const obs = i / 8;
    const rea = i % 3 === 0 ? 1 : 0;
    return { text: CHAIN, reward: acc * (1 + obs + rea) + 1, rewards: { acc, obs, rea, fmt: 1 }, advantage: (i - 3.5) / 2.3 };
  };
  const grouped = (p: number) => ({
    prompt_id: `p${p}`,
    question: 'What does he drink from?\nA: A cup\nB: A green bottle',
    answer: 'B',
    responses: Array.from({ length: 8 }, (_, i) => completion(i)),
  });

  it('reads a grouped rollout: G=8 completions with their reward components and advantages', () => {
    const samples = [grouped(1), grouped(2)];
    const profile = profileOf(samples);
    assert.equal(profile.kind, 'rollout');
    assert.equal(profile.fields.completions, 'responses');
    assert.equal(profile.fields.promptId, 'prompt_id');
    assert.equal(profile.fields.question, 'question');
    const record = as(read(samples[0], profile), 'rollout');
    assert.equal(record.promptId, 'p1');
    assert.equal(record.completions.length, 8);
    assert.equal(record.question, samples[0].question);
    assert.deepEqual(record.answer, { letter: 'B' });
    record.completions.forEach((c, i) => {
      const stored = completion(i);
      assert.equal(c.text, CHAIN);
      assert.equal(c.rewards.total, stored.reward);
      assert.equal(c.rewards.acc, stored.rewards.acc);
      assert.equal(c.rewards.obs, stored.rewards.obs);
      assert.equal(c.rewards.rea, stored.rewards.rea);
      assert.equal(c.rewards.fmt, 1);
      assert.equal(c.rewards.advantage, stored.advantage);
      assert.deepEqual(c.rewards.logged, { ...stored.rewards, reward: stored.reward, advantage: stored.advantage });
    });
  });

  it('takes a grouped rollout’s own id as its prompt id when there is no prompt id field', () => {
    const value = { id: 'g7', question: 'Q?', completions: ['<answer>A</answer>', '<answer>B</answer>'] };
    const profile = profileOf([value]);
    assert.equal(profile.fields.promptId, 'id');
    const record = as(read(value, profile), 'rollout');
    assert.equal(record.promptId, 'g7');
    assert.deepEqual(
      record.completions.map((c) => c.text),
      value.completions,
    );
  });

  it('reads flat rollouts, one completion a line', () => {
    const samples = Array.from({ length: 8 }, (_, i) => ({
      prompt_id: 'p1',
      response: CHAIN,
      reward: i % 2 === 0 ? 2 : 1,
      advantage: i % 2 === 0 ? 1 : -1,
      acc_reward: i % 2 === 0 ? 1 : 0,
      format_reward: 1,
    }));
    const profile = profileOf(samples);
    assert.equal(profile.kind, 'rollout');
    assert.equal(profile.fields.chain, 'response');
    assert.equal(profile.fields.promptId, 'prompt_id');
    assert.equal(profile.fields.rewards, 'reward');
    assert.equal(profile.fields.advantage, 'advantage');
    const record = as(read(samples[0], profile), 'rollout');
    assert.equal(record.promptId, 'p1');
    assert.equal(record.question, null);
    assert.equal(record.completions.length, 1);
    assert.equal(record.completions[0].text, CHAIN);
    const rewards = record.completions[0].rewards;
    assert.deepEqual([rewards.total, rewards.acc, rewards.fmt, rewards.advantage, rewards.obs, rewards.rea], [2, 1, 1, 1, null, null]);
    assert.deepEqual(rewards.logged, { reward: 2, advantage: 1, acc_reward: 1, format_reward: 1 });
    assert.deepEqual(record.rewards, rewards);
    assert.deepEqual(record.unknownFields, ['acc_reward', 'format_reward'], 'reward fields no role claims are still listed');
  });

  it('reads verl-like rollouts (uid, prompt, response, score): uid groups the completions', () => {
    const samples = [0, 1, 2, 3].map((i) => ({ uid: `u${i >> 1}`, prompt: 'What does he drink from?', response: CHAIN, score: i % 2 }));
    const profile = profileOf(samples);
    assert.equal(profile.kind, 'rollout');
    assert.equal(profile.fields.question, 'prompt');
    assert.equal(profile.fields.chain, 'response');
    assert.equal(profile.fields.rewards, 'score');
    assert.equal(profile.fields.promptId, 'uid');
    const record = as(read(samples[3], profile), 'rollout');
    assert.equal(record.promptId, 'u1');
    assert.equal(record.question, 'What does he drink from?');
    assert.equal(record.completions[0].rewards.total, 1);
    assert.deepEqual(record.completions[0].rewards.logged, { score: 1 });
  });

  it('a scored chain is a rollout when it belongs to a prompt group, else a CoT with stored rewards', () => {
    const flat = { prompt_id: 'p1', response: CHAIN, reward: 3 };
    assert.equal(profileOf([flat]).kind, 'rollout');
    const scored = { ...cotRecord(1), rewards: { acc: 1, obs: 0.5, rea: 1, fmt: 1, total: 3.5 } };
    const profile = profileOf([scored, cotRecord(2)]);
    assert.equal(profile.kind, 'cot');
    assert.equal(profile.fields.rewards, 'rewards');
    const record = as(read(scored, profile), 'cot');
    assert.deepEqual(record.rewards, { total: 3.5, acc: 1, obs: 0.5, rea: 1, fmt: 1, advantage: null, logged: scored.rewards });
    assert.equal(read(cotRecord(2), profile).kind, 'cot');
  });

  it('names O&R components from logged names', () => {
    const names: [string, string | undefined][] = [
      ['acc_reward', 'acc'],
      ['accuracy', 'acc'],
      ['r_obs', 'obs'],
      ['observation_reward', 'obs'],
      ['rea', 'rea'],
      ['reasoning_reward', 'rea'],
      ['format_reward', 'fmt'],
      ['fmt', 'fmt'],
      ['reward', 'total'],
      ['score', 'total'],
      ['total', 'total'],
      ['advantage', 'advantage'],
      ['adv', 'advantage'],
      ['kl', undefined],
    ];
    for (const [name, component] of names) assert.equal(classifyRewardName(name), component, name);
    const rewards = collectRewards({ rewards: { acc: 1, obs: 0.5, rea: 0, fmt: 1, note: 'x' }, advantage: -0.3, kl_penalty: 0.1 }, 'rewards', 'advantage');
    assert.deepEqual(
      { total: rewards.total, acc: rewards.acc, obs: rewards.obs, rea: rewards.rea, fmt: rewards.fmt, advantage: rewards.advantage },
      { total: null, acc: 1, obs: 0.5, rea: 0, fmt: 1, advantage: -0.3 },
    );
    assert.deepEqual(rewards.logged, { acc: 1, obs: 0.5, rea: 0, fmt: 1, advantage: -0.3 });
  });
});

describe('record formats: peers', () => {
  const videoR1 = (i: number, patch: Record<string, unknown> = {}) => ({
    problem_id: i,
    problem: 'What is the man doing after he opens the door?',
    data_type: 'video',
    problem_type: 'multiple choice',
    options: ['A. Sitting down', 'B. Picking up a box', 'C. Waving', 'D. Leaving'],
    process: '<think>He opens the door at the start, then bends and lifts something. That is a box.</think>',
    solution: '<answer>B</answer>',
    path: `./Video-R1-data/LLaVA-Video-178K/${i}.mp4`,
    data_source: 'LLaVA-Video-178K',
    ...patch,
  });

  it('reads Video-R1 / VideoRFT records as CoT in the video-r1 dialect', () => {
    const samples = [videoR1(1), videoR1(2), videoR1(3)];
    const profile = profileOf(samples);
    assert.equal(profile.dialect, 'video-r1');
    assert.equal(profile.kind, 'cot');
    assert.deepEqual(profile.fields, {
      chain: 'process',
      video: 'path',
      options: 'options',
      question: 'problem',
      answer: 'solution',
      questionType: 'problem_type',
      id: 'problem_id',
      source: 'data_source',
    });
    const record = as(read(samples[0], profile), 'cot');
    assert.equal(record.id, '1');
    assert.equal(record.video, './Video-R1-data/LLaVA-Video-178K/1.mp4');
    assert.equal(record.source, 'LLaVA-Video-178K');
    assert.equal(record.questionType, 'multiple-choice');
    assert.equal(record.category, null);
    assert.deepEqual(record.options[1], { letter: 'B', text: 'Picking up a box' });
    assert.deepEqual(record.answer, { letter: 'B' });
    assert.match(record.chain, /^<think>/);
    assert.deepEqual(record.unknownFields, ['data_type']);
  });

  it('keeps options when open questions of a Video-R1 file hold `options: []`', () => {
    const numerical = (i: number) => videoR1(i, { problem: 'How many boxes?', problem_type: 'numerical', options: [], solution: '<answer>3</answer>' });
    const samples = [videoR1(1), numerical(2), numerical(3), numerical(4)];
    const profile = profileOf(samples);
    assert.equal(profile.fields.options, 'options');
    assert.equal(as(read(samples[0], profile), 'cot').options.length, 4);
    const open = as(read(samples[1], profile), 'cot');
    assert.equal(open.questionType, 'open-ended');
    assert.deepEqual(open.options, []);
    assert.deepEqual(open.answer, { text: '3' });
  });

  it('reads Video-R1 records without a process as QA', () => {
    const value = videoR1(1);
    delete (value as Partial<typeof value>).process;
    const profile = profileOf([value]);
    assert.equal(profile.dialect, 'video-r1');
    assert.equal(profile.kind, 'qa');
  });

  it('reads LongVideo-Reason records: videos list, inline options, plain reasoning, tagged answer', () => {
    const lvr = (i: number) => ({
      videos: [`longvideo/${i}.mp4`],
      problem: 'Why does the team celebrate at the end?\nA. They won the match\nB. It started raining\nC. A player scored\nD. The coach left',
      reasoning: 'The scoreboard shows a late goal and the players run towards the striker, so a player scored.',
      answer: '<answer>C</answer>',
    });
    const samples = [lvr(1), lvr(2)];
    const profile = profileOf(samples);
    assert.equal(profile.dialect, 'longvideo-reason');
    assert.equal(profile.kind, 'cot');
    assert.deepEqual(profile.fields, { chain: 'reasoning', video: 'videos', question: 'problem', answer: 'answer' });
    const record = as(read(samples[1], profile), 'cot');
    assert.equal(record.video, 'longvideo/2.mp4');
    assert.equal(record.questionType, 'multiple-choice');
    assert.deepEqual(
      record.options.map((o) => `${o.letter}:${o.text}`),
      ['A:They won the match', 'B:It started raining', 'C:A player scored', 'D:The coach left'],
    );
    assert.deepEqual(record.answer, { letter: 'C' });
    assert.match(record.chain, /^The scoreboard/);
  });
});

describe('record formats: sidecar overrides and mapping', () => {
  it('a sidecar kind and field win over detection', () => {
    const samples = [{ prompt_text: 'What does he drink from?', question: 'unused', answer: 'B', cot: CHAIN }];
    const profile = profileOf(samples, { kind: 'qa', fields: { question: 'prompt_text' } });
    assert.equal(profile.kind, 'qa');
    assert.equal(profile.kindOverridden, true);
    assert.deepEqual(profile.overridden, ['question']);
    assert.equal(profile.fields.question, 'prompt_text');
    assert.equal(profile.fields.chain, 'cot', 'other roles are still detected');
    const record = as(read(samples[0], profile), 'qa');
    assert.equal(record.question, 'What does he drink from?');
    assert.ok(record.unknownFields.includes('question'), 'the displaced key is still listed');
    assert.equal(recordKind(samples[0], profile.fields), 'cot', 'without the forced kind the record would be a CoT');
  });

  it('maps nested dot paths like meta.video', () => {
    const samples = [{ meta: { video: 'nested/a.mp4', fps: 2 }, question: 'Q?', answer: 'x' }];
    const profile = profileOf(samples, { fields: { video: 'meta.video' } });
    const record = as(read(samples[0], profile), 'qa');
    assert.equal(record.video, 'nested/a.mp4');
    assert.deepEqual(record.unknownFields, []);
    assert.deepEqual(record.fields, profile.fields);
  });

  it('prefers a key literally named with a dot over a nested path', () => {
    const value = { 'meta.video': 'flat.mp4', meta: { video: 'nested.mp4' }, question: 'Q?', answer: 'x' };
    const profile = profileOf([value], { fields: { video: 'meta.video' } });
    assert.equal(read(value, profile).video, 'flat.mp4');
  });

  it('lists unknown fields and never drops them', () => {
    const value = { ...mcRecord(1), annotator: 'bob', difficulty: 3, extra: { nested: true } };
    const profile = profileOf([value]);
    const record = as(read(value, profile), 'qa');
    assert.deepEqual(record.unknownFields, ['annotator', 'difficulty', 'extra']);
    for (const key of Object.keys(value)) {
      assert.ok(record.unknownFields.includes(key) || Object.values(record.fields).some((k) => k.split('.')[0] === key), key);
    }
  });
});

describe('record formats: odd input', () => {
  const odd: unknown[] = [[1, 2, 3], 42, null, 'text', true, {}, { nothing: 'here' }];

  it('detects nothing from non-objects and never throws', () => {
    const profile = profileOf(odd.slice(0, 5));
    assert.equal(profile.kind, 'unknown');
    assert.equal(profile.sampled, 0);
    assert.deepEqual(profile.fields, {});
    assert.equal(profileOf([]).kind, 'unknown');
  });

  it('extracts odd values as unknown records', () => {
    const profile = profileOf([cotRecord(1)]);
    for (const value of odd) {
      const record = read(value, profile);
      assert.equal(record.kind, 'unknown', JSON.stringify(value));
      assert.equal(record.id, null);
    }
    assert.deepEqual(read({ nothing: 'here' }, profile).unknownFields, ['nothing']);
  });

  it('reads records whose values have unexpected types without throwing', () => {
    const profile = profileOf([{ ...mcRecord(1), cot: CHAIN }]);
    assert.equal(profile.fields.options, 'options');
    const weird = { id: { x: 1 }, video_path: 7, question: ['a', 'b'], options: 'A. x\nB. y', answer: ['C'], cot: 12 };
    const record = read(weird, profile);
    assert.equal(record.kind, 'unknown', 'a list is no question, a number no chain');
    assert.equal(record.video, '7');
    const qa = as(read(weird, profile, 'qa'), 'qa');
    assert.equal(qa.id, null);
    assert.equal(qa.video, '7');
    assert.equal(qa.question, 'a');
    assert.deepEqual(
      qa.options.map((o) => o.letter),
      ['A', 'B'],
    );
    assert.deepEqual(qa.answer, { letter: 'C' });
  });

  it('reads a mixed file by its majority kind, each record by its own', () => {
    const samples = [cotRecord(1), cotRecord(2), mcRecord(3), null, 5];
    const profile = profileOf(samples);
    assert.equal(profile.kind, 'cot');
    assert.equal(profile.sampled, 3);
    assert.equal(read(samples[2], profile).kind, 'qa');
  });
});
