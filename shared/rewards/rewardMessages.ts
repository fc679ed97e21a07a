/** The reward breakdown's messages: a sample's score, the judge, the GRPO group, a chain scored as if stored. */
import { z } from 'zod';
import { CompletionIndex, Position, RequestId } from '../messageParts';
import { GroupDetail, SampleScore } from './scores';

/** The reward breakdown of one sample (stored, recomputed offline, evidence check, group stats, cached judge verdicts). */
export const ScoreRequest = z.object({ type: z.literal('score'), id: RequestId, position: Position, completion: CompletionIndex });

/** Asks the judge model for r_obs (per step) and r_rea; answers with the updated score. `judgeProgress` notifications follow its calls. */
export const JudgeRequest = z.object({ type: z.literal('judge'), id: RequestId, position: Position, completion: CompletionIndex });

/** All rollouts sharing the sample's prompt id (or all completions of a multi-completion record). */
export const GroupRequest = z.object({ type: z.literal('group'), id: RequestId, position: Position });

/** Scores a chain (a model's new one) as if it were the record's: format, accuracy, evidence per step. */
export const ScoreChainRequest = z.object({
  type: z.literal('scoreChain'),
  id: RequestId,
  position: Position,
  completion: CompletionIndex,
  chain: z.string().max(2_000_000),
});

export const rewardMessages = {
  requests: [ScoreRequest, JudgeRequest, GroupRequest, ScoreChainRequest],
  responses: { score: SampleScore, judge: SampleScore, group: GroupDetail, scoreChain: SampleScore },
  toHost: [
    /** Stop the judge run of that sample. */
    z.object({ type: z.literal('cancelJudge'), position: Position }),
  ],
  toWebview: [
    /** Whether a judge endpoint is configured (and the workspace trusted to call it); sent when the view loads. */
    z.object({ type: z.literal('judgeStatus'), configured: z.boolean() }),
    /** A judge run on the sample at `position` made another call. */
    z.object({ type: z.literal('judgeProgress'), position: Position, done: z.number().int().min(0), total: z.number().int().min(0) }),
  ],
} as const;
