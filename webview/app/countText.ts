/** The status header's counts as words (pure, so the unit tests read it without a DOM). */
import type { IndexProgress } from '../../shared/records/recordSummary';

const numberFormat = new Intl.NumberFormat('en-US');

/**
 * What the header counts, each word saying what it counts: the index counts every record it cut out of
 * the file, malformed ones included, so the records are the well-formed ones and the malformed lines apart
 * (30 + 3 malformed lines: "30 records · 3 malformed lines", never "33 records · 3 malformed").
 */
export function countTexts(progress: Pick<IndexProgress, 'records' | 'malformed'>): { records: string; malformed: string } {
  const wellFormed = Math.max(0, progress.records - progress.malformed);
  return {
    records: `${numberFormat.format(wellFormed)} ${wellFormed === 1 ? 'record' : 'records'}`,
    malformed: `${numberFormat.format(progress.malformed)} malformed ${progress.malformed === 1 ? 'line' : 'lines'}`,
  };
}
