/** The sample's question, its options with the right and the predicted answer marked, and its rewards. */
import type { SampleDetail } from '../../shared/sample/sample';
import { h } from '../app/dom';
import { markedText } from '../cards/chipText';
import { predictedLetter } from './answerMarks';
import { loggedEntries, rewardEntries } from './rewards';

const verdict = (correct: boolean | null): string => (correct === null ? '' : correct ? ' ✓' : ' ✗');

/** `answerControl` (the answer's ✎ when the chain is editable) goes at the end of the answer line. */
export function questionView(detail: SampleDetail, terms: readonly string[], answerControl: HTMLElement | null = null): HTMLElement {
  const section = h('section', { class: 'question', 'aria-label': 'Question' });
  if (detail.question !== null) section.append(h('p', { class: 'question-text' }, ...markedText(detail.question, terms)));
  const predicted = predictedLetter(detail);
  if (detail.options.length > 0) {
    const list = h('ol', { class: 'options', 'aria-label': 'Options' });
    for (const option of detail.options) {
      const isCorrect = option.letter === detail.correctLetter;
      const isPredicted = option.letter === predicted;
      const marks = h(
        'span',
        { class: 'option-marks' },
        isCorrect ? h('span', { class: 'badge correct-answer', title: 'The correct answer' }, 'answer') : null,
        isPredicted
          ? h(
              'span',
              { class: `badge predicted ${detail.correct === true ? 'right' : detail.correct === false ? 'wrong' : ''}`, title: "The chain's answer" },
              `predicted${verdict(detail.correct)}`,
            )
          : null,
      );
      list.append(
        h(
          'li',
          { class: `option${isCorrect ? ' correct' : ''}${isPredicted ? ' chosen' : ''}`, 'data-letter': option.letter },
          h('span', { class: 'option-letter' }, `${option.letter}.`),
          ' ',
          h('span', { class: 'option-text' }, ...markedText(option.text, terms)),
          marks,
        ),
      );
    }
    section.append(list);
  }
  const answerText = detail.answer === null ? null : [detail.answer.letter, detail.answer.text].filter((part) => part !== undefined && part !== '').join(': ');
  const facts = h('p', { class: 'answer-line' });
  if (answerText) facts.append(h('span', {}, 'Answer: ', h('strong', {}, answerText)));
  if (detail.predicted !== null) {
    if (facts.childNodes.length > 0) facts.append(' · ');
    facts.append(
      h(
        'span',
        { class: detail.correct === true ? 'right' : detail.correct === false ? 'wrong' : undefined, 'data-testid': 'predicted' },
        'Predicted: ',
        h('strong', {}, detail.predicted),
        verdict(detail.correct),
      ),
    );
  } else if (detail.cards.length > 0) {
    if (facts.childNodes.length > 0) facts.append(' · ');
    facts.append(h('span', { class: 'muted' }, 'The chain gives no answer'));
  }
  if (answerControl) facts.append(' ', answerControl);
  if (facts.childNodes.length > 0) section.append(facts);
  return section;
}

/** "reward 2.5 · acc 1 · obs 0.75 …", the logged fields in its tooltip and a disclosure. */
export function rewardsLine(detail: SampleDetail): HTMLElement | null {
  const named = rewardEntries(detail.rewards);
  const logged = loggedEntries(detail.rewards);
  if (named.length === 0 && logged.length === 0) return null;
  const shown = named.length > 0 ? named : logged;
  const line = h('div', { class: 'rewards', 'data-testid': 'rewards', title: logged.map((e) => `${e.label} = ${e.exact}`).join('\n') });
  shown.forEach((entry, i) => {
    if (i > 0) line.append(' · ');
    line.append(h('span', { class: 'reward-entry' }, `${entry.label} `, h('strong', {}, entry.value)));
  });
  if (named.length > 0 && logged.length > 0) {
    const details = h('details', { class: 'logged-rewards' }, h('summary', {}, `${logged.length} logged field${logged.length === 1 ? '' : 's'}`));
    details.append(h('ul', {}, ...logged.map((entry) => h('li', {}, h('code', {}, entry.label), ` = ${entry.exact}`))));
    line.append(' ', details);
  }
  return line;
}
