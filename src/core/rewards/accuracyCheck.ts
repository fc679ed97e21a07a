/**
 * r_acc offline: the chain's answer against the ground truth, by letter for multiple choice, else by a
 * case/space/punctuation-insensitive text compare (docs "The O&R reward", point 1). The paper uses an LLM
 * judge; a letter match is exact for multiple choice, a text match only a lower bound for open answers.
 * The matching itself is shared/chain/answers (the webview marks answers with the same rules).
 */
import { answerMatches, normalizeAnswer, type Option } from '../../../shared/chain/answers';
import type { AccuracyCheck } from '../../../shared/rewards/scores';

type Answer = { letter?: string; text?: string };

/** Drops empty parts, so `{}` means "nothing to compare". */
function clean(answer: Answer): Answer | null {
  const out: Answer = {};
  if (answer.letter !== undefined && answer.letter !== '') out.letter = answer.letter;
  if (answer.text !== undefined && answer.text !== '') out.text = answer.text;
  return out.letter === undefined && out.text === undefined ? null : out;
}

/**
 * The ground truth as one string normalizeAnswer reads back into the same parts ("B: text", "B", "text"),
 * so answerMatches sees both sides the same way. Its parts are normalized too: a truth letter written "(B)"
 * or a truth text "B" still gives the letter B.
 */
function truthParts(truth: Answer | null): { parts: Answer | null; written: string | undefined } {
  if (truth === null) return { parts: null, written: undefined };
  // A letter field is a letter whatever its case (a bare "b" in free text would be a word).
  const letter = truth.letter === undefined ? undefined : normalizeAnswer(truth.letter.toUpperCase()).letter;
  const fromText = truth.text === undefined ? {} : normalizeAnswer(truth.text);
  const parts = clean({ letter: letter ?? fromText.letter, text: fromText.text });
  if (parts === null) return { parts: null, written: undefined };
  const written = parts.letter !== undefined && parts.text !== undefined ? `${parts.letter}: ${parts.text}` : (parts.letter ?? parts.text);
  return { parts, written };
}

/** The option letter a side stands for: its own letter, else the option whose text its text matches. */
function resolvedLetter(side: Answer, options: readonly Option[]): string | undefined {
  if (side.letter !== undefined) return side.letter;
  const text = side.text;
  if (text === undefined) return undefined;
  return options.find((o) => answerMatches(text, o.text) === true)?.letter;
}

const quote = (text: string): string => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** How a side reads in a message: `B`, `"a green bottle" (option B)`, `B ("a green bottle")`. */
function describe(side: Answer, letter: string | undefined, options: readonly Option[]): string {
  if (side.letter !== undefined) {
    const optionText = options.find((o) => o.letter === side.letter)?.text;
    return optionText === undefined || optionText === '' ? side.letter : `${side.letter} (${quote(optionText)})`;
  }
  const text = quote(side.text ?? '');
  return letter === undefined ? text : `${text} (option ${letter})`;
}

/**
 * r_acc of a predicted answer (the chain's `<answer>` text, any of "B", "B: text", "(B)", "<answer>B</answer>",
 * "B.", "**B**") against the ground truth. Null score when either side is missing.
 */
export function checkAccuracy(predicted: string | undefined, truth: Answer | null, options: readonly Option[]): AccuracyCheck {
  const p = clean(normalizeAnswer(predicted));
  const t = truthParts(truth);
  if (p === null || t.parts === null) {
    const missing = p === null && t.parts === null ? 'no answer in the chain and no ground truth' : p === null ? 'no answer in the chain' : 'no ground truth';
    return { score: null, predicted: p, truth: t.parts, how: 'unknown', message: `Cannot compare: ${missing}.` };
  }

  const match = answerMatches(predicted, t.written, options) === true;
  const score = match ? 1 : 0;
  const pLetter = resolvedLetter(p, options);
  const tLetter = resolvedLetter(t.parts, options);
  const said = `predicted ${describe(p, pLetter, options)}, truth ${describe(t.parts, tLetter, options)}`;
  if (pLetter !== undefined && tLetter !== undefined) {
    return { score, predicted: p, truth: t.parts, how: 'letter', message: `${said}: letters ${match ? 'match' : 'differ'}.` };
  }
  return {
    score,
    predicted: p,
    truth: t.parts,
    how: 'text',
    message: `${said}: texts ${match ? 'match' : 'differ'} (case, spaces and punctuation ignored).`,
  };
}
