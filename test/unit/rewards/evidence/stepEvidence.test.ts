import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCaption } from '../../../../shared/chain/captions';
import { parseChain } from '../../../../shared/chain/parseChain';
import type { Interval } from '../../../../shared/chain/timeRefs';
import { Evidence } from '../../../../shared/rewards/scores';
import { CaptionIndex } from '../../../../src/core/rewards/evidence/captionIndex';
import { citedWindows, clip, coveredSeconds, measure, mergeSpans } from '../../../../src/core/rewards/evidence/citedTime';
import { evidenceFor, evidenceInputs, type EvidenceInput } from '../../../../src/core/rewards/evidence/stepEvidence';
import { BAD_BELOW, scoreLevel } from '../../../../webview/rewards/scoreColour';
import { CHAIN } from '../../helpers/chains';

const CAPTION = [
  '[00:00-00:07] A cyclist rides along a quiet road.',
  '[00:07-00:15] A red van passes the cyclist.',
  '[00:15-00:22] The cyclist stops and drinks from a green bottle.',
  '[00:22-00:30] Two dogs run across the street.',
].join('\n');
const segments = parseCaption(CAPTION).segments;
const captions = new CaptionIndex(segments);

const iv = (start: number, end = start): Interval => ({ start, end });

describe('CaptionIndex', () => {
  const unsorted = new CaptionIndex([
    { start: 12, end: 15, text: 'c' },
    { start: 0, end: 5, text: 'a' },
    { start: 5, end: 10, text: 'b' },
    { start: 40, end: 30, text: 'reversed' },
  ]);
  const rows: { name: string; intervals: Interval[]; padding?: number; expected: number[] }[] = [
    { name: 'a point matches segments within ±1 s', intervals: [iv(11)], expected: [0, 2] },
    { name: 'a point well inside one segment', intervals: [iv(8)], expected: [2] },
    { name: 'without padding, touching boundaries count', intervals: [iv(5)], padding: 0, expected: [1, 2] },
    { name: 'without padding, a gap matches nothing', intervals: [iv(11)], padding: 0, expected: [] },
    { name: 'a range across segments', intervals: [iv(3, 13)], expected: [0, 1, 2] },
    { name: 'several intervals, each segment once', intervals: [iv(1, 2), iv(2, 3), iv(14)], expected: [0, 1] },
    { name: 'a reversed interval', intervals: [iv(13, 3)], expected: [0, 1, 2] },
    { name: 'a reversed segment', intervals: [iv(35)], expected: [3] },
    { name: 'past every segment', intervals: [iv(100)], expected: [] },
    { name: 'before every segment', intervals: [iv(-5)], expected: [] },
    { name: 'no interval', intervals: [], expected: [] },
  ];
  for (const row of rows) {
    it(`${row.name}: ${JSON.stringify(row.intervals)}`, () => assert.deepEqual(unsorted.overlapping(row.intervals, row.padding), row.expected));
  }

  it('a long caption: overlap agrees with a linear scan', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ start: (i * 37) % 400, end: ((i * 37) % 400) + (i % 7) * 3, text: `e${i}` }));
    const index = new CaptionIndex(many);
    for (const t of [0, 13.5, 99, 200, 398, 420]) {
      const expected = many.flatMap((s, i) => (s.end >= t - 1 && s.start <= t + 1 ? [i] : []));
      assert.deepEqual(index.overlapping([iv(t)]), expected, `at ${t}`);
    }
  });

  it('tokenizes a segment once', () => {
    const index = new CaptionIndex(segments);
    const first = index.tokens(2);
    assert.equal(index.tokens(2), first);
    assert.deepEqual(
      first.map((t) => t.stem),
      ['cyclist', 'stop', 'drink', 'green', 'bottl'],
    );
    assert.equal(index.stems(2).get('green')?.word, 'green');
  });

  it('size', () => {
    assert.equal(captions.size, 4);
    assert.equal(new CaptionIndex([]).size, 0);
  });
});

interface Row {
  name: string;
  step: Omit<EvidenceInput, 'step'>;
  captions?: CaptionIndex | null;
  duration?: number | null;
  inside: boolean | null;
  segments: number[];
  /** Each segment's share of the captioned cited time, when the row checks it. */
  coverage?: number[];
  support: number | null;
  note: RegExp | null;
  /** The intervals judged against, when not the observation's own. */
  judged?: Interval[];
}

const rows: Row[] = [
  {
    name: 'a faithful observation',
    step: { observation: 'He stops and drinks from a green bottle.', observationIntervals: [iv(15, 22)], actionIntervals: [] },
    inside: true,
    segments: [2],
    support: 1,
    note: null,
  },
  {
    name: 'a hallucinated observation',
    step: { observation: 'He eats a blue sandwich.', observationIntervals: [iv(15, 22)], actionIntervals: [] },
    inside: true,
    segments: [2],
    support: 0,
    note: /^not in the caption segments the observation cites: eats, blue, sandwich\.$/,
  },
  {
    name: 'the right count',
    step: { observation: 'Two dogs run.', observationIntervals: [iv(24, 28)], actionIntervals: [] },
    inside: true,
    segments: [3],
    support: 1,
    note: null,
  },
  {
    name: 'a count in digits meets the word',
    step: { observation: '2 dogs run.', observationIntervals: [iv(24, 28)], actionIntervals: [] },
    inside: true,
    segments: [3],
    support: 1,
    note: null,
  },
  {
    // three (3) unsupported, dogs and run (1 + 1) supported: 2 / 5.
    name: 'a wrong count weighs more than a word',
    step: { observation: 'Three dogs run.', observationIntervals: [iv(24, 28)], actionIntervals: [] },
    inside: true,
    segments: [3],
    support: 2 / 5,
    note: /: three\.$/,
  },
  {
    // blue (2) unsupported, van and passes (1 + 1) supported: 2 / 4.
    name: 'a wrong colour weighs more than a word',
    step: { observation: 'A blue van passes.', observationIntervals: [iv(9, 13)], actionIntervals: [] },
    inside: true,
    segments: [1],
    support: 2 / 4,
    note: /: blue\.$/,
  },
  {
    name: 'time references in the observation are no words',
    step: { observation: 'At 00:17, from 00:17 to 00:19, he drinks from a green bottle for 2.5s.', observationIntervals: [iv(17, 19)], actionIntervals: [] },
    inside: true,
    segments: [2],
    support: 1,
    note: null,
  },
  {
    name: 'no time cited: the whole caption',
    step: { observation: 'A red van passes.', observationIntervals: [], actionIntervals: [] },
    duration: 30,
    inside: null,
    segments: [],
    support: 1,
    note: /^the step cites no time: checked against the whole caption\.$/,
  },
  {
    name: 'no time cited and unsupported',
    step: { observation: 'A purple elephant dances.', observationIntervals: [], actionIntervals: [] },
    inside: null,
    segments: [],
    support: 0,
    note: /whole caption; not in the caption: purple, elephant, dances\.$/,
  },
  {
    name: 'outside the video',
    step: { observation: 'Two dogs run.', observationIntervals: [iv(40, 45)], actionIntervals: [] },
    duration: 30,
    inside: false,
    segments: [],
    support: 0,
    note: /^00:40–00:45 lies outside the video \(00:00–00:30\); no caption segment overlaps 00:40–00:45\.$/,
  },
  {
    name: 'within the end tolerance',
    step: { observation: 'Two dogs run.', observationIntervals: [iv(29, 30.4)], actionIntervals: [] },
    duration: 30,
    inside: true,
    segments: [3],
    support: 1,
    note: null,
  },
  {
    name: 'before the start',
    step: { observation: 'Two dogs run.', observationIntervals: [iv(-3, 2)], actionIntervals: [] },
    duration: 30,
    inside: false,
    segments: [0],
    support: 0,
    note: /lies outside the video/,
  },
  {
    name: 'duration unknown',
    step: { observation: 'Two dogs run.', observationIntervals: [iv(24)], actionIntervals: [] },
    duration: null,
    inside: null,
    segments: [3],
    support: 1,
    note: null,
  },
  {
    name: 'no caption',
    step: { observation: 'Two dogs run.', observationIntervals: [iv(24)], actionIntervals: [] },
    captions: null,
    duration: 30,
    inside: true,
    segments: [],
    support: null,
    note: /^no caption for this video\.$/,
  },
  {
    name: 'an empty caption',
    step: { observation: 'Two dogs run.', observationIntervals: [iv(24)], actionIntervals: [] },
    captions: new CaptionIndex([]),
    duration: null,
    inside: null,
    segments: [],
    support: null,
    note: /no caption/,
  },
  {
    name: 'no observation',
    step: { observation: null, observationIntervals: [iv(24)], actionIntervals: [] },
    inside: true,
    segments: [3],
    support: null,
    note: /^the step has no observation\.$/,
  },
  {
    name: 'a blank observation',
    step: { observation: '  ', observationIntervals: [iv(24)], actionIntervals: [] },
    inside: true,
    segments: [3],
    support: null,
    note: /no observation/,
  },
  {
    name: 'no content words',
    step: { observation: 'It is there, at 00:24.', observationIntervals: [iv(24)], actionIntervals: [] },
    inside: true,
    segments: [3],
    support: null,
    note: /no content words/,
  },
  {
    name: "no time in the observation: judged against its action's",
    step: { observation: 'Two dogs run.', observationIntervals: [], actionIntervals: [iv(24, 28)] },
    inside: true,
    segments: [3],
    coverage: [1],
    support: 1,
    note: null,
    judged: [iv(24, 28)],
  },
  {
    // Its own point 00:25 (00:24–00:26) lies in segment 3 only: red, van, passes are not there.
    name: "the observation's own time wins over a broad action interval",
    step: { observation: 'A red van passes.', observationIntervals: [iv(25)], actionIntervals: [iv(0, 30)] },
    inside: true,
    segments: [3],
    coverage: [1],
    support: 0,
    note: /^not in the caption segments the observation cites: red, van, passes\.$/,
  },
  {
    // 00:00–00:30 is 30 captioned seconds; segment 1 (00:07–00:15), which has every word, is 8 of them.
    name: 'a broad action interval weighs each segment by its share of the time',
    step: { observation: 'A red van passes.', observationIntervals: [], actionIntervals: [iv(0, 30)] },
    inside: true,
    segments: [0, 1, 2, 3],
    coverage: [7 / 30, 8 / 30, 7 / 30, 8 / 30],
    support: 8 / 30,
    note: /^in only part of the cited time: red \(27%\), van \(27%\), passes \(27%\)\.$/,
    judged: [iv(0, 30)],
  },
  {
    // 00:15 stands for 00:14–00:16: one second of segment 1, one of segment 2.
    name: 'a point on a segment boundary: half from each side',
    step: { observation: 'A red van passes.', observationIntervals: [iv(15)], actionIntervals: [] },
    inside: true,
    segments: [1, 2],
    coverage: [0.5, 0.5],
    support: 0.5,
    note: null,
  },
  {
    // Apart, each window is filled by the segment that has its words; as one 00:08–00:21 window the van's words would count 6/13.
    name: 'several cited intervals: each word judged in the window where it fares best',
    step: {
      observation: 'A red van passes; the cyclist drinks from a green bottle.',
      observationIntervals: [iv(8, 14), iv(16, 21)],
      actionIntervals: [],
    },
    inside: true,
    segments: [1, 2],
    coverage: [1, 1],
    support: 1,
    note: null,
  },
  {
    name: 'a time both the action and the observation cite outside the video is named once',
    step: { observation: 'Two dogs run.', observationIntervals: [iv(40)], actionIntervals: [iv(40), iv(10, 20)] },
    inside: false,
    segments: [],
    coverage: [],
    support: 0,
    note: /^00:40 lies outside the video \(00:00–00:30\); no caption segment overlaps 00:40\.$/,
  },
  {
    // 00:40–00:45 lies past the caption: that window weighs nothing, 00:24–00:28 decides.
    name: 'one cited window with captions, one without',
    step: { observation: 'Two dogs run.', observationIntervals: [iv(24, 28), iv(40, 45)], actionIntervals: [] },
    duration: 50,
    inside: true,
    segments: [3],
    coverage: [1],
    support: 1,
    note: null,
  },
  {
    name: 'a gap in the caption does not count against the observation',
    step: { observation: 'A red ball.', observationIntervals: [iv(5, 15)], actionIntervals: [] },
    captions: new CaptionIndex([
      { start: 0, end: 10, text: 'A red ball rolls.' },
      { start: 20, end: 30, text: 'A blue cup.' },
    ]),
    inside: true,
    segments: [0],
    coverage: [1],
    support: 1,
    note: null,
  },
  {
    name: 'overlapping segments: each covers all the cited time',
    step: { observation: 'A red ball in a park.', observationIntervals: [iv(2, 8)], actionIntervals: [] },
    captions: new CaptionIndex([
      { start: 0, end: 10, text: 'A red ball rolls.' },
      { start: 0, end: 10, text: 'The place is a park.' },
    ]),
    inside: true,
    segments: [0, 1],
    coverage: [1, 1],
    support: 1,
    note: null,
  },
];

describe('evidenceFor', () => {
  for (const row of rows) {
    it(row.name, () => {
      const evidence = evidenceFor(
        [{ step: 0, ...row.step }],
        row.captions === undefined ? captions : row.captions,
        row.duration === undefined ? 30 : row.duration,
      );
      Evidence.parse(evidence);
      const [step] = evidence.steps;
      assert.equal(step.inside, row.inside, 'inside');
      assert.deepEqual(step.segments, row.segments, 'segments');
      if (row.support === null) assert.equal(step.support, null);
      else assert.ok(step.support !== null && Math.abs(step.support - row.support) < 1e-12, `support ${step.support} ≈ ${row.support}`);
      if (row.note === null) assert.equal(step.note, null);
      else assert.match(step.note ?? '', row.note);
      if (row.coverage !== undefined) {
        assert.equal(step.coverage?.length, row.coverage.length, 'coverage');
        row.coverage.forEach((share, i) => assert.ok(Math.abs((step.coverage?.[i] ?? -1) - share) < 1e-12, `coverage ${step.coverage} ≈ ${row.coverage}`));
      }
      assert.deepEqual(step.intervals, row.judged ?? row.step.observationIntervals);
      const { observationIntervals, actionIntervals } = row.step;
      assert.equal(step.judgedAgainst, observationIntervals.length > 0 ? 'observation' : actionIntervals.length > 0 ? 'action' : 'none');
    });
  }

  it('any captions and citations (seeded random): a valid score, support and shares within 0..1', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const words = ['red', 'van', 'two', 'dogs', 'green', 'bottle', 'cyclist', 'road'];
    const text = () => Array.from({ length: 1 + Math.floor(next() * 4) }, () => words[Math.floor(next() * words.length)]).join(' ');
    const span = (): Interval => {
      const start = Math.round(next() * 60) - 5;
      return next() < 0.3 ? iv(start) : iv(start, start + Math.round(next() * 20) - 3);
    };
    for (let run = 0; run < 300; run++) {
      const index = new CaptionIndex(Array.from({ length: Math.floor(next() * 6) }, () => ({ ...span(), text: text() })));
      const many = () => Array.from({ length: Math.floor(next() * 3) }, span);
      const evidence = evidenceFor([{ step: 0, observation: text(), observationIntervals: many(), actionIntervals: many() }], index, 50);
      Evidence.parse(evidence);
      const [step] = evidence.steps;
      assert.equal(step.coverage?.length, step.segments.length);
      for (const m of step.matches) assert.equal(m.caption === null, m.share === 0, `run ${run}`);
    }
  });

  it('a faithful observation scores higher than a hallucinated one', () => {
    const evidence = evidenceFor(
      [
        { step: 0, observation: 'The cyclist drinks from a green bottle.', observationIntervals: [iv(15, 22)], actionIntervals: [] },
        { step: 1, observation: 'The cyclist eats a purple apple.', observationIntervals: [iv(15, 22)], actionIntervals: [] },
      ],
      captions,
      30,
    );
    const [faithful, hallucinated] = evidence.steps.map((s) => s.support ?? -1);
    assert.ok(faithful > 0.9 && hallucinated < 0.4, `${faithful} vs ${hallucinated}`);
  });

  it('matches name the supporting caption word', () => {
    const observation = 'He stops, then drinks from a GREEN bottle; a hat.';
    const [step] = evidenceFor([{ step: 3, observation, observationIntervals: [iv(16, 20)], actionIntervals: [] }], captions, 30).steps;
    assert.equal(step.step, 3);
    const shown = step.matches.map((m) => ({
      observed: observation.slice(m.from, m.to),
      weight: m.weight,
      share: m.share,
      caption: m.caption === null ? null : segments[m.caption.segment].text.slice(m.caption.from, m.caption.to),
      segment: m.caption?.segment ?? null,
    }));
    assert.deepEqual(shown, [
      { observed: 'stops', weight: 1, share: 1, caption: 'stops', segment: 2 },
      { observed: 'drinks', weight: 1, share: 1, caption: 'drinks', segment: 2 },
      { observed: 'GREEN', weight: 2, share: 1, caption: 'green', segment: 2 },
      { observed: 'bottle', weight: 1, share: 1, caption: 'bottle', segment: 2 },
      { observed: 'hat', weight: 1, share: 0, caption: null, segment: null },
    ]);
    assert.equal(step.support, 5 / 6);
  });

  it('r_obs* is the mean of the judged steps', () => {
    const evidence = evidenceFor(
      [
        { step: 0, observation: 'Two dogs run.', observationIntervals: [iv(24)], actionIntervals: [] },
        { step: 1, observation: 'Three dogs run.', observationIntervals: [iv(24)], actionIntervals: [] },
        { step: 2, observation: null, observationIntervals: [iv(24)], actionIntervals: [] },
      ],
      captions,
      30,
    );
    assert.equal(evidence.captions, true);
    assert.ok(evidence.obsEstimate !== null && Math.abs(evidence.obsEstimate - (1 + 0.4) / 2) < 1e-12);
  });

  it('no step judged: r_obs* is null', () => {
    const evidence = evidenceFor([{ step: 0, observation: 'Two dogs run.', observationIntervals: [iv(24)], actionIntervals: [] }], null, 30);
    assert.equal(evidence.obsEstimate, null);
    assert.equal(evidence.captions, false);
    assert.deepEqual(evidenceFor([], captions, 30), { steps: [], obsEstimate: null, captions: true });
  });

  it('a note names each unsupported word once, at most six, then an ellipsis', () => {
    const note = (observation: string): string | null =>
      evidenceFor([{ step: 0, observation, observationIntervals: [iv(24)], actionIntervals: [] }], captions, 30).steps[0].note;
    // 00:24 stands for 00:23–00:25, in segment 3 only. "dogs" is there; the repeated "elephants" and "juggle" are named once.
    assert.equal(
      note('Elephants juggle, elephants juggle plates, dogs sing hymns'),
      'not in the caption segments the observation cites: elephants, juggle, plates, sing, hymns.',
    );
    assert.equal(
      note('Elephants juggle plates, sing hymns, clap'),
      'not in the caption segments the observation cites: elephants, juggle, plates, sing, hymns, clap.',
    );
    assert.equal(
      note('Elephants juggle plates, sing hymns, clap, bow'),
      'not in the caption segments the observation cites: elephants, juggle, plates, sing, hymns, clap, ….',
    );
  });

  it('outside the video: points and ranges, reversed ones, every side of the tolerance', () => {
    const step = (intervals: Interval[], duration: number | null = 30) =>
      evidenceFor([{ step: 0, observation: 'Two dogs run.', observationIntervals: intervals, actionIntervals: [] }], captions, duration).steps[0];
    const far = step([iv(40), iv(50, 55)]);
    assert.equal(far.inside, false);
    assert.equal(far.note, '00:40, 00:50–00:55 lies outside the video (00:00–00:30); no caption segment overlaps 00:40, 00:50–00:55.');
    // Only the intervals outside are named; a reversed one is outside by either end.
    assert.match(step([iv(24), iv(45, 29)]).note ?? '', /^00:45–00:29 lies outside the video/);
    assert.match(step([iv(2, -3)]).note ?? '', /^00:02–-00:03 lies outside the video/);
    // 0 and duration + 0.5 s are inside, just past them is not.
    assert.equal(step([iv(0, 5)]).inside, true);
    assert.equal(step([iv(25, 30.5)]).inside, true);
    assert.equal(step([iv(25, 30.51)]).inside, false);
    assert.equal(step([iv(-0.01, 5)]).inside, false);
    // A duration that is no number says nothing about the times.
    assert.equal(step([iv(24)], Number.NaN).inside, null);
    assert.equal(step([iv(24)], Number.POSITIVE_INFINITY).inside, null);
  });

  it('a word is matched in the segment that holds it for most of the cited time', () => {
    // "cyclist" is in segments 0, 1 and 2; 00:05–00:17 spends 2 s in segment 0, 8 s in 1 and 2 s in 2 (3 only touches nothing).
    const [step] = evidenceFor([{ step: 0, observation: 'The cyclist waves.', observationIntervals: [iv(5, 17)], actionIntervals: [] }], captions, 30).steps;
    assert.deepEqual(step.segments, [0, 1, 2]);
    assert.deepEqual(step.coverage, [2 / 12, 8 / 12, 2 / 12]);
    assert.deepEqual(
      step.matches.map((m) => [m.word, m.weight, m.share, m.caption?.segment ?? null]),
      [
        ['cyclist', 1, 1, 1],
        ['waves', 1, 0, null],
      ],
    );
    assert.equal(step.support, 1 / 2);
  });

  it('the docs example chain against its caption', () => {
    const evidence = evidenceFor(evidenceInputs(parseChain(CHAIN)), captions, 30);
    assert.deepEqual(
      evidence.steps.map((s) => [s.step, s.inside, s.support]),
      [
        // "It passes between 00:07 and 00:15": passes is in segment 1.
        [0, true, 1],
        // "He stops and drinks from a green bottle."
        [1, true, 1],
      ],
    );
  });

  it("splits a step's citations into the observation's and the action's", () => {
    assert.deepEqual(
      evidenceInputs(parseChain(CHAIN)).map((i) => [i.observationIntervals, i.actionIntervals]),
      [
        [[iv(7, 15)], []],
        [[], [iv(15, 22)]],
      ],
    );
  });

  it('samples/rewatch-cot.jsonl sample-012 (a purple square at 00:29, action 00:00–00:30) shows red', () => {
    const root = join(__dirname, '..', '..', '..', '..', '..');
    const record = readFileSync(join(root, 'samples', 'rewatch-cot.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"sample-012"'))
      .map((line) => JSON.parse(line) as { cot: string; video_path: string })[0];
    const caption = (JSON.parse(readFileSync(join(root, 'samples', 'rewatch-captions.json'), 'utf8')) as { video_path: string; caption: string }[]).find(
      (c) => c.video_path === record.video_path,
    );
    const evidence = evidenceFor(evidenceInputs(parseChain(record.cot)), new CaptionIndex(parseCaption(caption?.caption ?? '').segments), 30);
    // 00:29 stands for 00:28–00:30: only "Only the test pattern is visible until the end." (segment 7) covers it.
    assert.deepEqual(evidence.steps[0].segments, [6]);
    assert.equal(evidence.steps[0].support, 0);
    assert.equal(evidence.obsEstimate, 0);
    assert.equal(scoreLevel(evidence.obsEstimate), 'bad');
    assert.ok((evidence.obsEstimate ?? 1) < BAD_BELOW, 'below the red threshold');
  });
});

describe('citedTime', () => {
  it('widens points and short spans by 1 s, keeps longer spans, merges and sorts', () => {
    assert.deepEqual(citedWindows([iv(29), iv(12, 12.5), iv(20, 10), iv(0, 2), iv(Number.NaN, 3)]), [
      { start: 0, end: 2 },
      { start: 10, end: 20 },
      { start: 28, end: 30 },
    ]);
  });
  it('measures a union once and clips spans to windows', () => {
    assert.equal(measure([iv(0, 10), iv(5, 12), iv(20, 21)]), 13);
    assert.deepEqual(clip(iv(5, 25), [iv(0, 10), iv(20, 30)]), [iv(5, 10), iv(20, 25)]);
    assert.equal(coveredSeconds([iv(0, 10), iv(8, 12)], [iv(9, 11), iv(30, 40)]), 2);
    assert.deepEqual(mergeSpans([iv(3, 3), iv(5, 6), iv(1, 5)]), [iv(1, 6)]);
  });
});
