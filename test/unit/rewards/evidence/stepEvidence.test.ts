import { strict as assert } from 'node:assert';
import { parseCaption } from '../../../../shared/chain/captions';
import { parseChain } from '../../../../shared/chain/parseChain';
import type { Interval } from '../../../../shared/chain/timeRefs';
import { Evidence } from '../../../../shared/rewards/scores';
import { CaptionIndex } from '../../../../src/core/rewards/evidence/captionIndex';
import { evidenceFor, evidenceInputs, type EvidenceInput } from '../../../../src/core/rewards/evidence/stepEvidence';
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
  support: number | null;
  note: RegExp | null;
}

const rows: Row[] = [
  {
    name: 'a faithful observation',
    step: { observation: 'He stops and drinks from a green bottle.', intervals: [iv(15, 22)] },
    inside: true,
    segments: [1, 2, 3],
    support: 1,
    note: null,
  },
  {
    name: 'a hallucinated observation',
    step: { observation: 'He eats a blue sandwich.', intervals: [iv(15, 22)] },
    inside: true,
    segments: [1, 2, 3],
    support: 0,
    note: /^not in the overlapping caption segments: eats, blue, sandwich\.$/,
  },
  {
    name: 'the right count',
    step: { observation: 'Two dogs run.', intervals: [iv(24, 28)] },
    inside: true,
    segments: [3],
    support: 1,
    note: null,
  },
  {
    name: 'a count in digits meets the word',
    step: { observation: '2 dogs run.', intervals: [iv(24, 28)] },
    inside: true,
    segments: [3],
    support: 1,
    note: null,
  },
  {
    // three (3) unsupported, dogs and run (1 + 1) supported: 2 / 5.
    name: 'a wrong count weighs more than a word',
    step: { observation: 'Three dogs run.', intervals: [iv(24, 28)] },
    inside: true,
    segments: [3],
    support: 2 / 5,
    note: /: three\.$/,
  },
  {
    // blue (2) unsupported, van and passes (1 + 1) supported: 2 / 4.
    name: 'a wrong colour weighs more than a word',
    step: { observation: 'A blue van passes.', intervals: [iv(9, 13)] },
    inside: true,
    segments: [1],
    support: 2 / 4,
    note: /: blue\.$/,
  },
  {
    name: 'time references in the observation are no words',
    step: { observation: 'At 00:17, from 00:17 to 00:19, he drinks from a green bottle for 2.5s.', intervals: [iv(17, 19)] },
    inside: true,
    segments: [2],
    support: 1,
    note: null,
  },
  {
    name: 'no time cited: the whole caption',
    step: { observation: 'A red van passes.', intervals: [] },
    duration: 30,
    inside: null,
    segments: [],
    support: 1,
    note: /^the step cites no time: checked against the whole caption\.$/,
  },
  {
    name: 'no time cited and unsupported',
    step: { observation: 'A purple elephant dances.', intervals: [] },
    inside: null,
    segments: [],
    support: 0,
    note: /whole caption; not in the caption: purple, elephant, dances\.$/,
  },
  {
    name: 'outside the video',
    step: { observation: 'Two dogs run.', intervals: [iv(40, 45)] },
    duration: 30,
    inside: false,
    segments: [],
    support: 0,
    note: /^00:40–00:45 lies outside the video \(00:00–00:30\); no caption segment overlaps 00:40–00:45\.$/,
  },
  {
    name: 'within the end tolerance',
    step: { observation: 'Two dogs run.', intervals: [iv(29, 30.4)] },
    duration: 30,
    inside: true,
    segments: [3],
    support: 1,
    note: null,
  },
  {
    name: 'before the start',
    step: { observation: 'Two dogs run.', intervals: [iv(-3, 2)] },
    duration: 30,
    inside: false,
    segments: [0],
    support: 0,
    note: /lies outside the video/,
  },
  {
    name: 'duration unknown',
    step: { observation: 'Two dogs run.', intervals: [iv(24)] },
    duration: null,
    inside: null,
    segments: [3],
    support: 1,
    note: null,
  },
  {
    name: 'no caption',
    step: { observation: 'Two dogs run.', intervals: [iv(24)] },
    captions: null,
    duration: 30,
    inside: true,
    segments: [],
    support: null,
    note: /^no caption for this video\.$/,
  },
  {
    name: 'an empty caption',
    step: { observation: 'Two dogs run.', intervals: [iv(24)] },
    captions: new CaptionIndex([]),
    duration: null,
    inside: null,
    segments: [],
    support: null,
    note: /no caption/,
  },
  {
    name: 'no observation',
    step: { observation: null, intervals: [iv(24)] },
    inside: true,
    segments: [3],
    support: null,
    note: /^the step has no observation\.$/,
  },
  { name: 'a blank observation', step: { observation: '  ', intervals: [iv(24)] }, inside: true, segments: [3], support: null, note: /no observation/ },
  {
    name: 'no content words',
    step: { observation: 'It is there, at 00:24.', intervals: [iv(24)] },
    inside: true,
    segments: [3],
    support: null,
    note: /no content words/,
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
      assert.deepEqual(step.intervals, row.step.intervals);
    });
  }

  it('a faithful observation scores higher than a hallucinated one', () => {
    const evidence = evidenceFor(
      [
        { step: 0, observation: 'The cyclist drinks from a green bottle.', intervals: [iv(15, 22)] },
        { step: 1, observation: 'The cyclist eats a purple apple.', intervals: [iv(15, 22)] },
      ],
      captions,
      30,
    );
    const [faithful, hallucinated] = evidence.steps.map((s) => s.support ?? -1);
    assert.ok(faithful > 0.9 && hallucinated < 0.4, `${faithful} vs ${hallucinated}`);
  });

  it('matches name the supporting caption word', () => {
    const observation = 'He stops, then drinks from a GREEN bottle; a hat.';
    const [step] = evidenceFor([{ step: 3, observation, intervals: [iv(16, 20)] }], captions, 30).steps;
    assert.equal(step.step, 3);
    const shown = step.matches.map((m) => ({
      observed: observation.slice(m.from, m.to),
      weight: m.weight,
      caption: m.caption === null ? null : segments[m.caption.segment].text.slice(m.caption.from, m.caption.to),
      segment: m.caption?.segment ?? null,
    }));
    assert.deepEqual(shown, [
      { observed: 'stops', weight: 1, caption: 'stops', segment: 2 },
      { observed: 'drinks', weight: 1, caption: 'drinks', segment: 2 },
      { observed: 'GREEN', weight: 2, caption: 'green', segment: 2 },
      { observed: 'bottle', weight: 1, caption: 'bottle', segment: 2 },
      { observed: 'hat', weight: 1, caption: null, segment: null },
    ]);
    assert.equal(step.support, 5 / 6);
  });

  it('r_obs* is the mean of the judged steps', () => {
    const evidence = evidenceFor(
      [
        { step: 0, observation: 'Two dogs run.', intervals: [iv(24)] },
        { step: 1, observation: 'Three dogs run.', intervals: [iv(24)] },
        { step: 2, observation: null, intervals: [iv(24)] },
      ],
      captions,
      30,
    );
    assert.equal(evidence.captions, true);
    assert.ok(evidence.obsEstimate !== null && Math.abs(evidence.obsEstimate - (1 + 0.4) / 2) < 1e-12);
  });

  it('no step judged: r_obs* is null', () => {
    const evidence = evidenceFor([{ step: 0, observation: 'Two dogs run.', intervals: [iv(24)] }], null, 30);
    assert.equal(evidence.obsEstimate, null);
    assert.equal(evidence.captions, false);
    assert.deepEqual(evidenceFor([], captions, 30), { steps: [], obsEstimate: null, captions: true });
  });

  it('a note names each unsupported word once, at most six, then an ellipsis', () => {
    const note = (observation: string): string | null => evidenceFor([{ step: 0, observation, intervals: [iv(24)] }], captions, 30).steps[0].note;
    // "dogs" is in segment 3; the repeated "elephants" and "juggle" are named once.
    assert.equal(
      note('Elephants juggle, elephants juggle plates, dogs sing hymns'),
      'not in the overlapping caption segments: elephants, juggle, plates, sing, hymns.',
    );
    assert.equal(note('Elephants juggle plates, sing hymns, clap'), 'not in the overlapping caption segments: elephants, juggle, plates, sing, hymns, clap.');
    assert.equal(
      note('Elephants juggle plates, sing hymns, clap, bow'),
      'not in the overlapping caption segments: elephants, juggle, plates, sing, hymns, clap, ….',
    );
  });

  it('outside the video: points and ranges, reversed ones, every side of the tolerance', () => {
    const step = (intervals: Interval[], duration: number | null = 30) =>
      evidenceFor([{ step: 0, observation: 'Two dogs run.', intervals }], captions, duration).steps[0];
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

  it('a word is matched in the first candidate segment that holds it', () => {
    // "cyclist" is in segments 0, 1 and 2; the range 00:05–00:17 overlaps all three (and 3 is not a candidate).
    const [step] = evidenceFor([{ step: 0, observation: 'The cyclist waves.', intervals: [iv(5, 17)] }], captions, 30).steps;
    assert.deepEqual(step.segments, [0, 1, 2]);
    assert.deepEqual(
      step.matches.map((m) => [m.word, m.weight, m.caption?.segment ?? null]),
      [
        ['cyclist', 1, 0],
        ['waves', 1, null],
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
});
