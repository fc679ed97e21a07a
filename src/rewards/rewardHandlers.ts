/** The reward breakdown's messages: a sample's score, the judge, the GRPO group, a model's chain scored. */
import type { GroupDetail, SampleScore } from '../../shared/rewards/scores';
import { buildGroupDetail, type GroupInput } from '../core/rewards/groupDetail';
import { MAX_GROUP } from '../core/scoring/groupStatsCache';
import { withChain } from '../core/edit/editRecord';
import { slice } from '../editor/inspectorFeature';
import type { SessionContext } from '../editor/sessionContext';
import type { JudgeService } from '../judge/judgeService';
import type { SessionScoring } from './sessionScoring';

export function rewardHandlers(session: SessionContext, scoring: SessionScoring, judge: JudgeService) {
  const { document } = session;

  /** The rollouts of the sample's prompt side by side (a multi-completion record: its completions). */
  function group(position: number): GroupDetail {
    const { loaded, record } = session.recordFor(position);
    const dialect = document.profile?.dialect ?? 'rewatch';
    if (record.kind === 'rollout' && record.completions.length > 1) {
      const inputs: GroupInput[] = record.completions.slice(0, MAX_GROUP).map((_, completion) => ({ position, completion, record }));
      return buildGroupDetail(inputs, record.promptId ?? record.id, dialect, record.completions.length > MAX_GROUP);
    }
    const promptId = loaded.summary.promptId;
    if (promptId === null) return buildGroupDetail([{ position, completion: 0, record }], null, dialect, false);
    const members = document.groupMembers(promptId, MAX_GROUP + 1);
    const inputs: GroupInput[] = [];
    for (const member of members.slice(0, MAX_GROUP)) {
      const memberRecord = document.record(member.position)?.record;
      if (memberRecord) inputs.push({ position: member.position, completion: 0, record: memberRecord });
    }
    return buildGroupDetail(inputs, promptId, dialect, members.length > MAX_GROUP);
  }

  /** A chain from elsewhere (a model's run) scored as if it were the record's shown chain. */
  async function scoreChain(position: number, completion: number, chain: string): Promise<SampleScore> {
    const { loaded, profile } = session.editable(position);
    const result = withChain(loaded, profile, completion, chain, 'Score a chain');
    if (!result.ok) throw new Error(result.reason);
    const candidate = result.loaded;
    if (!candidate.record) throw new Error('The record could not be read with the new chain.');
    return scoring.scoreOf(candidate, candidate.record, await scoring.captions.of(candidate), completion);
  }

  return slice({
    requests: {
      score: (r) => scoring.score(r.position, r.completion),
      judge: (r) => scoring.judgeSample(r.position, r.completion),
      group: (r) => group(r.position),
      scoreChain: (r) => scoreChain(r.position, r.completion, r.chain),
    },
    notifications: {
      cancelJudge: (m) => scoring.cancelJudge(m.position),
    },
    ready: () => session.view.post({ type: 'judgeStatus', configured: judge.unavailable(document.uri) === undefined }),
    scoreSaved: (positions) => scoring.scoreSaved(positions),
    dispose: () => scoring.dispose(),
  });
}
