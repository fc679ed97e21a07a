import type { DatasetRecord } from '../../../shared/records/datasetRecord';

type Answer = Extract<DatasetRecord, { kind: 'cot' }>['answer'];

/** A stored answer back in the written form the answer helpers read ("B: text", "B" or "text"). */
export function answerText(answer: Answer): string | undefined {
  if (answer === null) return undefined;
  if (answer.letter !== undefined) return answer.text === undefined ? answer.letter : `${answer.letter}: ${answer.text}`;
  return answer.text;
}
