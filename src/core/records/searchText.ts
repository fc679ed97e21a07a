import type { DatasetRecord } from '../../../shared/records/datasetRecord';

/** What full-text search covers: the question, and the chain (or completions, or caption). */
export function searchText(record: DatasetRecord): { question: string; body: string } | undefined {
  switch (record.kind) {
    case 'caption':
      return { question: '', body: record.caption };
    case 'qa':
      return { question: record.question, body: '' };
    case 'cot':
      return { question: record.question, body: record.chain };
    case 'rollout':
      return { question: record.question ?? '', body: record.completions.map((c) => c.text).join('\n') };
    default:
      return undefined;
  }
}
