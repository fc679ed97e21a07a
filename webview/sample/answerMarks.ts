/** Which option the chain's answer picked, pure (no DOM). */
import { answerMatches, normalizeAnswer } from '../../shared/chain/answers';
import type { SampleDetail } from '../../shared/sample/sample';

/** The option letter the chain's answer names ("B", "B: a green bottle", "<answer>B</answer>"), if any. */
export function predictedLetter(detail: Pick<SampleDetail, 'predicted' | 'options'>): string | undefined {
  if (detail.predicted === null) return undefined;
  const answer = normalizeAnswer(detail.predicted);
  if (answer.letter !== undefined) return answer.letter;
  // The same comparison as the host's `correct` (punctuation, spacing and case ignored), so ✓ and the mark agree.
  return detail.options.find((option) => answerMatches(detail.predicted, option.letter, detail.options) === true)?.letter;
}
