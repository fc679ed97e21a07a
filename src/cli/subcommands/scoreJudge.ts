/**
 * `score --judge URL --model NAME`: r_obs and r_rea from an OpenAI-compatible judge for every scored
 * chain, a few records at a time, the lines still written in file order.
 */
import * as path from 'node:path';
import { JudgeCache } from '../../core/judge/judgeCache';
import { judgeInputFor } from '../../core/judge/judgeInputFor';
import { defaultPromptsPath, loadPrompts } from '../../core/judge/judgePrompts';
import { runJudge } from '../../core/judge/judgeRunner';
import type { JudgeEndpoint } from '../../core/judge/judgeClient';
import type { JudgePrompts } from '../../core/judge/judgePrompts';
import type { ScoredRecord } from '../../core/scoring/scoreFile';
import { withJudge } from '../../core/rewards/scoreRecord';
import { packageRoot } from '../../core/packageRoot';
import { CliError } from '../cliContext';

/** Records judged at once (each runs its own calls through the shared concurrency limit). */
const RECORDS_IN_FLIGHT = 8;

export interface CliJudge {
  wrap(write: (scored: ScoredRecord) => void, signal: AbortSignal): { onRecord: (scored: ScoredRecord) => Promise<void>; finish: () => Promise<void> };
}

interface JudgeValues {
  judge?: string;
  model?: string;
  'judge-prompts'?: string;
  concurrency?: string;
  timeout?: string;
}

export async function cliJudge(values: JudgeValues, storageDir: string): Promise<CliJudge | undefined> {
  if (values.judge === undefined) {
    if (values.model !== undefined) throw new CliError('--model needs --judge URL.');
    return undefined;
  }
  if (values.model === undefined || values.model.trim() === '') throw new CliError('--judge needs --model NAME (the model the endpoint serves).');
  const concurrency = positiveInt(values.concurrency, 4, '--concurrency');
  const timeoutMs = positiveInt(values.timeout, 60, '--timeout') * 1000;
  let prompts: JudgePrompts;
  try {
    prompts = (await loadPrompts(values['judge-prompts'], defaultPromptsPath(packageRoot(__dirname)))).prompts;
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const endpoint: JudgeEndpoint = {
    url: values.judge,
    model: values.model,
    apiKey: process.env.REWATCH_JUDGE_API_KEY || undefined,
    timeoutMs,
    stream: false,
    temperature: 0,
  };
  const cache = new JudgeCache(path.join(storageDir, 'judge-cache.sqlite'));
  return {
    wrap(write, signal) {
      let tail = Promise.resolve();
      const inFlight = new Set<Promise<void>>();
      const judged = async (scored: ScoredRecord): Promise<ScoredRecord> => {
        if (scored.record === undefined || scored.scores.length === 0) return scored;
        const segments = scored.captions ? Array.from({ length: scored.captions.size }, (_, i) => scored.captions!.segment(i)) : [];
        const scores = await Promise.all(
          scored.scores.map(async (score) => {
            const input = judgeInputFor(scored.record!, score.completion, segments);
            if (input === undefined) return score;
            return withJudge(score, await runJudge(input, { endpoint, prompts, cache, concurrency, signal }));
          }),
        );
        return { ...scored, scores };
      };
      return {
        async onRecord(scored) {
          const result = judged(scored);
          // Lines keep file order: each waits for the one before it.
          const written = (tail = tail.then(async () => write(await result)));
          inFlight.add(written);
          void written.finally(() => inFlight.delete(written)).catch(() => undefined);
          if (inFlight.size >= RECORDS_IN_FLIGHT) await Promise.race(inFlight);
        },
        async finish() {
          try {
            await tail;
          } finally {
            cache.close();
          }
        },
      };
    },
  };
}

function positiveInt(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} needs a whole number from 1, got "${value}".`);
  return n;
}
