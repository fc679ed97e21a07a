/** What the line checks report: issues on a line of a JSONL file, each with the fixes that rewrite it. */

export interface LineFix {
  title: string;
  /** The whole new line text. */
  text: string;
}

export interface LineIssue {
  code: string;
  message: string;
  severity: 'error' | 'warning' | 'info';
  /** UTF-16 offsets into the line of the offending JSON string region. */
  from: number;
  to: number;
  fixes: LineFix[];
}

export interface LineContext {
  /** The video's duration in seconds, used when the record has no duration field. */
  duration?: number | null;
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
