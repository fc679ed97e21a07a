import { strict as assert } from 'node:assert';
import { buildPrompt, formatDurationRange, PROMPT_TEMPLATE } from '../../../src/core/inference/prompt';
import type { PromptInput } from '../../../src/core/inference/prompt';

const OPTIONS = [
  { letter: 'A', text: 'A red bottle' },
  { letter: 'B', text: 'A green bottle' },
  { letter: 'c', text: '  A blue cup \n with a lid ' },
];

function mc(overrides: Partial<PromptInput> = {}): PromptInput {
  return { question: 'What does the cyclist drink from?', options: OPTIONS, duration: 600, questionType: 'multiple-choice', ...overrides };
}

describe('inference prompt', () => {
  describe('formatDurationRange', () => {
    const table: [number, string][] = [
      [0, '00:00-00:00'],
      [59, '00:00-00:59'],
      [59.4, '00:00-01:00'],
      [60.0000001, '00:00-01:00'],
      [600, '00:00-10:00'],
      [754.2, '00:00-12:35'],
      [3599.5, '00:00-1:00:00'],
      [3720, '00:00-1:02:00'],
      [3723.01, '00:00-1:02:04'],
      [36000, '00:00-10:00:00'],
      [-3, '00:00-00:00'],
    ];
    for (const [seconds, expected] of table) {
      it(`${seconds} s → ${expected}`, () => assert.equal(formatDurationRange(seconds), expected));
    }
    it('rejects a value that is not finite', () => {
      assert.throws(() => formatDurationRange(Number.NaN), RangeError);
      assert.throws(() => formatDurationRange(Infinity), RangeError);
    });
  });

  describe('buildPrompt', () => {
    it('states the duration as MM:SS-MM:SS, the question and the options as "A. text" lines', () => {
      const { user } = buildPrompt(mc());
      assert.equal(
        user,
        [
          'The video lasts 00:00-10:00.',
          '',
          'Question: What does the cyclist drink from?',
          'Options:',
          'A. A red bottle',
          'B. A green bottle',
          'C. A blue cup with a lid',
          '',
          PROMPT_TEMPLATE.answerReminders['multiple-choice'],
        ].join('\n'),
      );
    });

    it('explains the action/observation steps, MM:SS times and a letter answer for multiple choice', () => {
      const { system } = buildPrompt(mc());
      for (const part of ['<action>', '<observation>', '<answer>', 'retrieve segments where', 'query the segment from MM:SS to MM:SS, focusing on', 'MM:SS']) {
        assert.ok(system.includes(part), `system prompt lacks ${part}`);
      }
      assert.match(system, /letter of the one correct option/);
      assert.doesNotMatch(system, /\{\{\w+\}\}/, 'no placeholder left');
    });

    it('asks an open-ended question for a short answer, with no options', () => {
      const { system, user } = buildPrompt(mc({ questionType: 'open-ended', question: 'How many cups are on the table?' }));
      assert.doesNotMatch(user, /Options:/);
      assert.doesNotMatch(user, /^A\. /m);
      assert.match(user, /^Question: How many cups are on the table\?$/m);
      assert.match(system, /short answer/);
      assert.doesNotMatch(system, /letter/);
      assert.ok(user.endsWith(PROMPT_TEMPLATE.answerReminders['open-ended']));
    });

    it('says the duration is unknown when it is null, NaN or zero', () => {
      for (const duration of [null, Number.NaN, 0]) {
        const { user } = buildPrompt(mc({ duration }));
        assert.ok(user.startsWith(PROMPT_TEMPLATE.durationUnknown), `duration ${String(duration)}`);
        assert.doesNotMatch(user, /lasts/);
      }
    });

    it('states hours past one hour and rounds a partial second up', () => {
      assert.match(buildPrompt(mc({ duration: 3723.2 })).user, /^The video lasts 00:00-1:02:04\.$/m);
      assert.match(buildPrompt(mc({ duration: 59.4 })).user, /^The video lasts 00:00-01:00\.$/m);
    });

    it('does not list options twice when the question also holds them', () => {
      const { user } = buildPrompt(mc({ question: 'What does he drink from?\nA. A red bottle\nB. A green bottle\nC. A blue cup with a lid' }));
      assert.equal(user.match(/A red bottle/g)?.length, 1);
      assert.match(user, /^Question: What does he drink from\?$/m);
    });

    it('keeps multiple-choice wording without an options block when there are no options', () => {
      const { user } = buildPrompt(mc({ options: [] }));
      assert.doesNotMatch(user, /Options:/);
      assert.match(user, /^Question: What does the cyclist drink from\?\n\n/m);
    });

    it('leaves placeholder-like text from the sample alone', () => {
      const { user } = buildPrompt(mc({ question: 'Is {{question}} or $& shown?' }));
      assert.match(user, /^Question: Is \{\{question\}\} or \$& shown\?$/m);
    });

    it('holds no sample content in the template', () => {
      const all = JSON.stringify(PROMPT_TEMPLATE);
      assert.doesNotMatch(all, /\b(?:bottle|cyclist|van)\b/i);
    });
  });
});
