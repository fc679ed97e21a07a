/** What the record checks report before they are placed: issues as UTF-16 offsets into the record's text, each with the fixes that rewrite it. */
import type { ProblemCode } from '../../../shared/problems/problemCodes';
import type { DatasetRecord } from '../../../shared/records/datasetRecord';

export interface LineFix {
  title: string;
  /** The whole new line text. */
  text: string;
}

export interface LineIssue {
  code: ProblemCode;
  message: string;
  /** UTF-16 offsets into the record's text of the offending span. */
  from: number;
  to: number;
  fixes: LineFix[];
}

export interface ProblemContext {
  /**
   * The video's duration in seconds, for a record with no duration field of its own (a probe of its
   * video); null or undefined when unknown (no past-end check).
   */
  durationOf?: (video: string, source: string | null) => number | null | undefined;
}

export type JsonPath = (string | number)[];

export interface ChainSite {
  text: string;
  /** The completion's index for setChain (0 for a record's own chain). */
  completion: number;
  /** Null for a record's own chain. */
  label: string | null;
  path: JsonPath;
  /** A rollout's completion: a model output. */
  isOutput: boolean;
}

export interface LineParts {
  lead: string;
  core: string;
  trail: string;
}

export type { DatasetRecord };
