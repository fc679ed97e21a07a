import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CHAIN } from '../helpers/chains';
import { cleanTempFiles, tempFile } from '../helpers/tempFiles';
import { parseCaption, type CaptionSegment } from '../../../shared/chain/captions';
import type { DatasetRecord } from '../../../shared/records/datasetRecord';
import type { Problem, RecordSummary } from '../../../shared/records/recordSummary';
import { SampleDetail, type StepCard } from '../../../shared/sample/sample';
import { indexFile } from '../../../src/core/index/indexFile';
import { profileFile } from '../../../src/core/index/profileFile';
import { detectFormat } from '../../../src/core/reader/detectFormat';
import { loadRecord, type LoadedRecord } from '../../../src/core/records/readRecord';
import { NO_REWARDS } from '../../../src/core/records/storedRewards';
import { buildSample, type SampleInput } from '../../../src/core/sample/buildSample';

const SAMPLES = path.resolve(__dirname, '../../../../samples');

interface Indexed {
  loaded: LoadedRecord[];
  problemsOf: (position: number) => Problem[];
}

/** Indexes a dataset file with the real engine (format, profile, index) and loads every record. */
function indexed(filePath: string): Indexed {
  const format = detectFormat(filePath);
  const profile = profileFile(filePath, format);
  const summaries: RecordSummary[] = [];
  const problems: Problem[] = [];
  indexFile(filePath, { append: (batch) => (summaries.push(...batch.records), problems.push(...batch.problems)) }, { format, profile });
  return {
    loaded: summaries.map((s) => loadRecord(filePath, s, profile)),
    problemsOf: (position) => problems.filter((p) => p.position === position),
  };
}

function indexedLines(values: readonly unknown[]): Indexed {
  return indexed(tempFile('records.jsonl', values.map((v) => JSON.stringify(v)).join('\n')));
}

/** Builds and validates against the schema the webview checks. */
function build(input: Partial<SampleInput> & Pick<SampleInput, 'loaded'>): SampleDetail {
  const detail = buildSample({ problems: [], captions: null, videoDuration: null, ...input });
  return SampleDetail.parse(detail);
}

const kinds = (detail: SampleDetail): string[] => detail.cards.map((c) => c.kind);
const codes = (card: StepCard): string[] => card.warnings.map((w) => w.code);
const chipTexts = (card: StepCard): string[] => card.chips.map((c) => c.text);

/** A caption record's segments from samples/rewatch-captions.json. */
function sampleCaptions(video: string): CaptionSegment[] {
  const record = indexed(path.join(SAMPLES, 'rewatch-captions.json'))
    .loaded.map((l) => l.record)
    .find((r) => r?.video === video);
  assert.ok(record?.kind === 'caption');
  return parseCaption(record.caption).segments;
}

after(cleanTempFiles);

describe('buildSample: the sample CoT records', () => {
  const cot = indexed(path.join(SAMPLES, 'rewatch-cot.jsonl'));
  const byId = (id: string): LoadedRecord => {
    const found = cot.loaded.find((l) => l.record?.id === id);
    assert.ok(found, id);
    return found;
  };

  it('builds every record, malformed ones included', () => {
    assert.equal(cot.loaded.length, 13);
    for (const loaded of cot.loaded) build({ loaded, problems: cot.problemsOf(loaded.summary.position), videoDuration: 30 });
  });

  it('sample-001: question, options, answer, prediction and cards', () => {
    const detail = build({ loaded: byId('sample-001') });
    assert.equal(detail.kind, 'cot');
    assert.equal(detail.id, 'sample-001');
    assert.equal(detail.question, 'Which coloured square appears first in the video?');
    assert.deepEqual(
      detail.options.map((o) => `${o.letter}: ${o.text}`),
      ['A: Blue', 'B: Green', 'C: Red', 'D: Yellow'],
    );
    assert.deepEqual(detail.answer, { letter: 'C' });
    assert.equal(detail.correctLetter, 'C');
    assert.equal(detail.predicted, 'C: Red');
    assert.equal(detail.correct, true);
    assert.deepEqual([detail.completion, detail.completions], [0, 1]);
    assert.deepEqual(detail.rewards, NO_REWARDS);
    assert.equal(detail.duration, null);
    assert.equal(detail.captions, null);
    assert.deepEqual(kinds(detail), ['reasoning', 'action', 'observation', 'reasoning', 'answer']);
    const [, action, observation, , answer] = detail.cards;
    assert.deepEqual([action.step, observation.step, answer.step, detail.cards[0].step], [0, 0, null, null]);
    assert.equal(action.actionKind, 'retrieve');
    assert.equal(observation.actionKind, null);
    assert.deepEqual(chipTexts(observation), ['00:05 and 00:12', '00:15 to 00:22', '00:24 to 00:28']);
    assert.deepEqual(observation.intervals, [
      { start: 5, end: 12 },
      { start: 15, end: 22 },
      { start: 24, end: 28 },
    ]);
    for (const chip of observation.chips) assert.equal(observation.text.slice(chip.from, chip.to), chip.text, 'chip offsets index the card text');
    assert.ok(detail.cards.every((c) => c.closed && c.warnings.length === 0));
    detail.cards.forEach((c, i) => assert.equal(c.index, i));
  });

  it('sample-003: a query action and the question citing a range', () => {
    const detail = build({ loaded: byId('sample-003') });
    const action = detail.cards.find((c) => c.kind === 'action');
    assert.equal(action?.actionKind, 'query');
    assert.deepEqual(action?.intervals, [{ start: 24, end: 28 }]);
    assert.equal(detail.question, 'Where is the blue square shown [00:24-00:28]?');
    assert.equal(detail.correct, true);
  });

  it('sample-004: an observation whose action cites a time is fine when it cites one too', () => {
    const detail = build({ loaded: byId('sample-004'), videoDuration: 30 });
    assert.ok(detail.cards.every((c) => c.warnings.length === 0));
  });

  it('sample-007: the observation cites no time although its action did', () => {
    const detail = build({ loaded: byId('sample-007') });
    const observation = detail.cards.find((c) => c.kind === 'observation');
    assert.ok(observation);
    assert.deepEqual(codes(observation), ['observation-without-time']);
  });

  it('sample-005: an open-ended answer', () => {
    const detail = build({ loaded: byId('sample-005') });
    assert.deepEqual(detail.options, []);
    assert.deepEqual(detail.answer, { text: '3' });
    assert.equal(detail.correctLetter, null);
    assert.equal(detail.predicted, '3');
    assert.equal(detail.correct, true);
  });

  it('sample-012 (a hallucinated observation) builds, its wrong answer marked', () => {
    const detail = build({ loaded: byId('sample-012'), videoDuration: 30 });
    assert.equal(detail.correctLetter, 'D');
    assert.equal(detail.predicted, 'A');
    assert.equal(detail.correct, false);
    assert.deepEqual(kinds(detail), ['action', 'observation', 'reasoning', 'answer']);
  });

  it('a malformed record: its kind from the summary, no cards, its problems', () => {
    const loaded = cot.loaded[12];
    assert.equal(loaded.record, undefined);
    const problems = cot.problemsOf(loaded.summary.position);
    assert.ok(problems.length > 0);
    const detail = build({ loaded, problems, videoDuration: 12 });
    assert.equal(detail.kind, loaded.summary.kind);
    assert.equal(detail.id, null);
    assert.deepEqual(detail.cards, []);
    assert.deepEqual(detail.problems, problems);
    assert.equal(detail.question, null);
    assert.equal(detail.duration, 12);
    assert.deepEqual(detail.unknownFields, []);
  });

  it('caption coverage with the coloured-squares caption', () => {
    const segments = sampleCaptions('videos/coloured-squares.mp4');
    assert.equal(segments.length, 7);
    const loaded = byId('sample-001');
    const detail = build({ loaded, captions: { segments, origin: 'rewatch-captions.json' }, videoDuration: 30 });
    assert.ok(
      detail.cards.every((c) => c.warnings.length === 0),
      'every cited interval is captioned',
    );
    assert.equal(detail.captions?.origin, 'rewatch-captions.json');
    assert.deepEqual(detail.captions?.segments[1], { start: 5, end: 12, text: 'A red square is shown in the upper middle of the frame.', line: 2 });

    // Same video, a chain citing past the caption's end.
    const chain =
      '<action>query the segment from 00:28 to 00:29</action><observation>At 00:45 a purple square; from 00:31 to 00:35 nothing.</observation><answer>D</answer>';
    const patched = { ...loaded, record: { ...(loaded.record as Extract<DatasetRecord, { kind: 'cot' }>), chain } };
    const late = build({ loaded: patched, captions: { segments, origin: 'rewatch-captions.json' }, videoDuration: 30 });
    const observation = late.cards[1];
    assert.deepEqual(codes(late.cards[0]), []);
    assert.deepEqual(
      observation.warnings.map((w) => [w.code, w.start, w.end]),
      [
        ['past-end', 45, 45],
        ['past-end', 31, 35],
      ],
      'past the end is one warning, not also "uncovered"',
    );
  });
});

describe('buildSample: other record kinds', () => {
  it('a caption record shows its own caption', () => {
    const captions = indexed(path.join(SAMPLES, 'rewatch-captions.json'));
    const detail = build({ loaded: captions.loaded[0], captions: { segments: [], origin: 'elsewhere' } });
    assert.equal(detail.kind, 'caption');
    assert.equal(detail.duration, 30, "the record's duration");
    assert.equal(detail.captions?.origin, 'this record');
    assert.equal(detail.captions?.segments.length, 7);
    assert.deepEqual(detail.captions?.segments[0], {
      start: 0,
      end: 5,
      text: 'A colour-bar test pattern with a moving diagonal band; a clock at the bottom counts up from 00:00:00.',
      line: 1,
    });
    assert.deepEqual(detail.cards, []);
    assert.equal(detail.question, null);
    assert.equal(detail.rewards, null);
  });

  it('a QA record: question without inline options, no cards', () => {
    const qa = {
      id: 'qa-1',
      video_path: 'clips/1.mp4',
      question: 'What does the cyclist drink from at [00:15-00:22]?\nA: A cup\nB: A green bottle\nC: A can',
      answer: 'A green bottle',
    };
    const { loaded } = indexedLines([qa, { ...qa, id: 'qa-2' }]);
    const detail = build({ loaded: loaded[0], videoDuration: 40 });
    assert.equal(detail.kind, 'qa');
    assert.equal(detail.question, 'What does the cyclist drink from at [00:15-00:22]?');
    assert.deepEqual(
      detail.options.map((o) => o.letter),
      ['A', 'B', 'C'],
    );
    assert.equal(detail.correctLetter, 'B', 'the option whose text is the answer');
    assert.deepEqual(detail.cards, []);
    assert.equal(detail.predicted, null);
    assert.equal(detail.correct, null);
    assert.equal(detail.rewards, null);
    assert.equal(detail.duration, 40, 'the probed duration');
  });

  describe('a rollout with 2 completions', () => {
    const wrong = CHAIN.replace('<answer>B: A green bottle</answer>', '<answer>A</answer>');
    const group = {
      prompt_id: 'p1',
      question: 'What does he drink from?\nA: A cup\nB: A green bottle',
      answer: 'B',
      duration: 25,
      responses: [
        { text: CHAIN, reward: 3.5, rewards: { acc: 1, obs: 0.5, rea: 1, fmt: 1 }, advantage: 1 },
        { text: wrong, reward: 1, rewards: { acc: 0, obs: 0, rea: 0, fmt: 1 }, advantage: -1 },
      ],
    };
    const { loaded } = indexedLines([group, { ...group, prompt_id: 'p2' }]);

    const cases: { name: string; completion: number | undefined; shown: number; predicted: string; correct: boolean; total: number }[] = [
      { name: 'the first by default', completion: undefined, shown: 0, predicted: 'B: A green bottle', correct: true, total: 3.5 },
      { name: 'the second', completion: 1, shown: 1, predicted: 'A', correct: false, total: 1 },
      { name: 'clamped to the last', completion: 7, shown: 1, predicted: 'A', correct: false, total: 1 },
      { name: 'clamped to the first', completion: -2, shown: 0, predicted: 'B: A green bottle', correct: true, total: 3.5 },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const detail = build({ loaded: loaded[0], completion: c.completion });
        assert.equal(detail.kind, 'rollout');
        assert.deepEqual([detail.completion, detail.completions], [c.shown, 2]);
        assert.equal(detail.predicted, c.predicted);
        assert.equal(detail.correct, c.correct);
        assert.equal(detail.rewards?.total, c.total);
        assert.equal(detail.correctLetter, 'B');
        assert.equal(detail.duration, 25);
        assert.deepEqual(kinds(detail), ['reasoning', 'action', 'observation', 'reasoning', 'action', 'observation', 'reasoning', 'answer']);
        assert.deepEqual(
          detail.cards.map((card) => card.step),
          [null, 0, 0, null, 1, 1, null, null],
        );
      });
    }
  });
});

describe('buildSample: grounding in a chain', () => {
  const cotWith = (chain: string, duration: number | null = 30): LoadedRecord => {
    const value = { id: 'g1', question: 'Q?', answer: 'B', cot: chain, ...(duration === null ? {} : { duration }) };
    return indexedLines([value]).loaded[0];
  };

  it('flags a reversed range and a time past a 30 s video', () => {
    const chain = [
      'First. <action>query the segment [00:15-00:07]</action>',
      '<observation>At 00:45 the van leaves; by 01:12 it is gone.</observation>',
      '<answer>B</answer>',
    ].join('\n');
    const detail = build({ loaded: cotWith(chain) });
    const [, action, observation] = detail.cards;
    assert.deepEqual(action.chips, [{ start: 7, end: 15, from: 18, to: 31, text: '[00:15-00:07]', kind: 'range', reversed: true }]);
    assert.equal(action.text.slice(18, 31), '[00:15-00:07]');
    assert.deepEqual(
      action.warnings.map((w) => [w.code, w.message]),
      [['reversed-interval', 'Written end first: 00:15-00:07']],
    );
    assert.deepEqual(
      observation.warnings.map((w) => [w.code, w.message]),
      [
        ['past-end', "Cites 00:45, past the video's end (00:30)"],
        ['past-end', "Cites 01:12, past the video's end (00:30)"],
      ],
    );
    assert.deepEqual(
      observation.chips.map((c) => c.reversed),
      [false, false],
    );
  });

  it("takes the probed duration when the record has none, the record's when it has one", () => {
    const chain = '<action>query the segment from 00:20 to 00:40</action><observation>Seen at 00:39.</observation><answer>B</answer>';
    const probedOnly = build({ loaded: cotWith(chain, null), videoDuration: 30 });
    assert.equal(probedOnly.duration, 30);
    assert.deepEqual(codes(probedOnly.cards[0]), ['past-end']);
    const recorded = build({ loaded: cotWith(chain, 60), videoDuration: 30 });
    assert.equal(recorded.duration, 60);
    assert.ok(recorded.cards.every((c) => c.warnings.length === 0));
    const unknown = build({ loaded: cotWith(chain, null) });
    assert.equal(unknown.duration, null);
    assert.ok(unknown.cards.every((c) => c.warnings.length === 0));
  });

  it('keeps unclosed segments, marked as such', () => {
    const detail = build({ loaded: cotWith('<action>query 00:01-00:02</action><observation>At 00:01 a cup') });
    assert.deepEqual(
      detail.cards.map((c) => [c.kind, c.closed]),
      [
        ['action', true],
        ['observation', false],
      ],
    );
    assert.equal(detail.predicted, null);
    assert.equal(detail.correct, null);
  });

  // Its speed is measured in bench/sample.bench.ts, against a baseline of the same run.
  it('builds every card of a 2 MB chain, with the warning for a time past the video', () => {
    // A runaway rollout: long reasoning between ~1,500 steps, every observation citing times (one past the end).
    const prose = 'The cyclist keeps riding along the coast while the camera pans slowly; nothing else changes in the frame, so I keep reading it. ';
    const clock = (t: number): string => `00:${String(t).padStart(2, '0')}`;
    const step = (i: number): string => {
      const t = i % 28;
      return `${prose.repeat(8)}<action>query the segment from ${clock(t)} to ${clock(t + 2)}</action>\n<observation>${prose.repeat(4)}At ${clock(t + 1)} a square, nothing at 0:40.</observation> `;
    };
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 2_000_000; i++) {
      parts.push(step(i));
      size += parts[parts.length - 1].length;
    }
    const chain = `${parts.join('')}<answer>B</answer>`;
    const base = cotWith(CHAIN);
    const loaded = { ...base, record: { ...(base.record as Extract<DatasetRecord, { kind: 'cot' }>), chain } };
    const segments = sampleCaptions('videos/coloured-squares.mp4');
    const input: SampleInput = { loaded, problems: [], captions: { segments, origin: 'captions' }, videoDuration: 30 };
    const detail = buildSample(input);
    // One reasoning card before each action, then the action and the observation; the answer last.
    const steps = parts.length;
    assert.equal(detail.cards.length, 3 * steps + 1);
    assert.equal(detail.cards.filter((c) => c.kind === 'action').length, steps);
    assert.equal(detail.cards[detail.cards.length - 1].kind, 'answer');
    // Every observation cites 0:40, past the 30 s video.
    assert.equal(detail.cards.filter((c) => c.warnings.some((w) => w.code === 'past-end')).length, steps);
    SampleDetail.parse(detail);
  });
});
