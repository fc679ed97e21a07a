/**
 * A chain as it streams in: the text so far, counters the UI shows on every token (tokens, steps,
 * the tag currently open), and the full parse on request. Each `push` costs time linear in the
 * delta (tags are scanned incrementally, the text grows by concatenation); `parsed()` re-parses at
 * most once per push, so callers should throttle how often they ask. No `vscode`.
 */
import { parseChain } from '../../../shared/chain/parseChain';
import type { ParsedChain } from '../../../shared/chain/parseChain';
import type { InferenceStats } from '../../../shared/inference/inference';

export type LiveTag = 'action' | 'observation' | 'answer' | 'think';

/** Longest tag scanned for (`</observation>`): a tag can be split across deltas by at most this much. */
const MAX_TAG_LENGTH = '</observation>'.length;
const TAG = /<(\/?)(action|observation|answer|think)>/gi;

export class LiveChain {
  private textSoFar = '';
  private deltas = 0;
  private usageTokens: number | null = null;
  private firstTokenMs: number | null = null;
  private cache: ParsedChain | undefined;
  /**
   * The text not yet scanned for tags: the last few characters (a tag may be arriving) plus the new
   * delta. Scanning this, never the whole text, keeps a push linear in its delta (a regex on the
   * growing text would flatten it on every push).
   */
  private tail = '';
  private open: Exclude<LiveTag, 'think'> | null = null;
  private inThink = false;
  private pendingAction = false;
  private stepCount = 0;

  /** `startMs`: when the request was sent (Date.now() by default), for the time to first token. */
  constructor(readonly startMs: number = Date.now()) {}

  /** Adds a streamed piece of text; an empty piece is ignored (it is not a token). */
  push(delta: string, nowMs: number = Date.now()): void {
    if (delta === '') return;
    if (this.firstTokenMs === null) this.firstTokenMs = nowMs;
    this.textSoFar += delta;
    this.deltas++;
    this.cache = undefined;
    this.scanTags(delta);
  }

  /** The server's own count of generated tokens (usage.completion_tokens), once known: `stats` prefers it. */
  setUsageTokens(tokens: number | null): void {
    this.usageTokens = tokens !== null && Number.isFinite(tokens) && tokens >= 0 ? Math.floor(tokens) : null;
  }

  get text(): string {
    return this.textSoFar;
  }

  /** Non-empty deltas pushed (a server streams about one token a delta). */
  get tokens(): number {
    return this.deltas;
  }

  /**
   * Steps begun so far, counted as the tags stream in: each `<action>`, and each `<observation>` with
   * no action before it, as `parseChain` pairs them. `parsed().steps` is the authority once done
   * (tags nested inside other tags count here but not there).
   */
  get steps(): number {
    return this.stepCount;
  }

  /**
   * The tag open at the end of the text: 'observation' while the model writes one, null between
   * tags (or in plain prose). A tag left unclosed ends at the next opening tag, as in `parseChain`;
   * 'think' while inside a `<think>` with no other tag open.
   */
  get openTag(): LiveTag | null {
    return this.open ?? (this.inThink ? 'think' : null);
  }

  /** `parseChain` of the text so far, computed on the first call after each push. */
  parsed(): ParsedChain {
    this.cache ??= parseChain(this.textSoFar);
    return this.cache;
  }

  /**
   * Time to first token and generation speed: tokens after the first over the time since it (null
   * before the second token). Tokens are the server's count when set, else the deltas.
   */
  stats(nowMs: number = Date.now()): Pick<InferenceStats, 'ttftMs' | 'tokens' | 'tokensPerSecond'> {
    const tokens = this.usageTokens ?? this.deltas;
    const first = this.firstTokenMs;
    const ttftMs = first === null ? null : Math.max(0, first - this.startMs);
    const elapsed = first === null ? 0 : nowMs - first;
    const tokensPerSecond = first !== null && tokens >= 2 && elapsed > 0 ? ((tokens - 1) * 1000) / elapsed : null;
    return { ttftMs, tokens, tokensPerSecond };
  }

  private scanTags(delta: string): void {
    const text = this.tail + delta;
    TAG.lastIndex = 0;
    let lastEnd = 0;
    for (let match = TAG.exec(text); match !== null; match = TAG.exec(text)) {
      lastEnd = match.index + match[0].length;
      this.onTag(match[2].toLowerCase() as LiveTag, match[1] === '/');
    }
    // A tag may still be arriving in the last few characters: look at them again next time.
    this.tail = text.slice(Math.max(lastEnd, text.length - (MAX_TAG_LENGTH - 1)));
  }

  private onTag(name: LiveTag, closing: boolean): void {
    if (name === 'think') {
      this.inThink = !closing;
      // An unclosed tag inside a think block ends with it.
      if (closing) this.open = null;
      return;
    }
    if (closing) {
      if (this.open === name) this.open = null;
      return;
    }
    this.open = name;
    if (name === 'action') {
      this.stepCount++;
      this.pendingAction = true;
    } else if (name === 'observation') {
      if (!this.pendingAction) this.stepCount++;
      this.pendingAction = false;
    } else {
      this.pendingAction = false;
    }
  }
}
