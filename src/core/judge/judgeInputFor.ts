import { parseChain } from '../../../shared/chain/parseChain';
import { questionWithoutOptions } from '../../../shared/chain/answers';
import type { DatasetRecord } from '../../../shared/records/datasetRecord';
import { answerText } from '../records/answerText';
import { shownChain } from '../sample/buildSample';
import type { JudgeInput } from './judgeRunner';

/** What the judge is asked about one chain of a record: its question, options, truth and action/observation pairs. */
export function judgeInputFor(
  record: DatasetRecord,
  completion: number,
  captions: readonly { start: number; end: number; text: string }[],
): JudgeInput | undefined {
  if (record.kind !== 'cot' && record.kind !== 'rollout') return undefined;
  const shown = shownChain(record, completion);
  const parsed = parseChain(shown.chain ?? '');
  return {
    question: record.question === null ? '' : questionWithoutOptions(record.question),
    options: record.options,
    truth: answerText(record.answer) ?? null,
    steps: parsed.steps
      .filter((s) => s.action !== undefined || s.observation !== undefined)
      .map((s) => ({ step: s.index, action: s.action?.text.trim() ?? '', observation: s.observation?.text.trim() ?? '', intervals: s.intervals })),
    captions: captions.map(({ start, end, text }) => ({ start, end, text })),
  };
}
