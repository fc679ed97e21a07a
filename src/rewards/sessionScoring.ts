/**
 * One panel's scoring of its records: a sample's reward breakdown (offline checks, evidence against
 * the captions, the GRPO group, the judge verdicts of this window), judge runs, and the index columns
 * of records just saved.
 */
import type { JudgeScores, SampleScore } from '../../shared/rewards/scores';
import type { SessionCaptions } from '../captions/sessionCaptions';
import type { VideoCaptions } from '../core/captions/captionLibrary';
import { judgeInputFor } from '../core/judge/judgeInputFor';
import type { LoadedRecord } from '../core/records/readRecord';
import { CaptionIndex } from '../core/rewards/evidence/captionIndex';
import { judgedValues } from '../core/rewards/columnScorers';
import { scoreRecord, withJudge } from '../core/rewards/scoreRecord';
import { GroupStatsCache } from '../core/scoring/groupStatsCache';
import { groupOf, inlineCaptions, scoreUpdate } from '../core/scoring/scoreFile';
import type { ColumnUpdate } from '../core/store/recordStore';
import type { SessionContext, ReadRecord } from '../editor/sessionContext';
import type { JudgeService } from '../judge/judgeService';
import type { VideoSession } from '../video/videoSession';

type ParsedRecord = ReadRecord['record'];

export class SessionScoring {
  private readonly judging = new Map<number, AbortController>();

  constructor(
    private readonly session: SessionContext,
    private readonly video: VideoSession,
    readonly captions: SessionCaptions,
    private readonly judge: JudgeService,
    /** Judge verdicts of this window's runs, by `uri#position#completion` (the judge's cache makes reruns free). */
    private readonly judgments: Map<string, JudgeScores>,
  ) {}

  /** The sample's reward breakdown: logged, recomputed offline, evidence per step, group, judge verdicts of this window. */
  async score(position: number, completion: number): Promise<SampleScore> {
    const { loaded, record } = this.session.recordFor(position);
    return this.scoreOf(loaded, record, await this.captions.of(loaded), completion);
  }

  scoreOf(loaded: LoadedRecord, record: ParsedRecord, captions: VideoCaptions | undefined, completion: number): SampleScore {
    const position = loaded.summary.position;
    const { document } = this.session;
    const profile = document.profile;
    return scoreRecord({
      record,
      completion,
      captions: captions ? new CaptionIndex(captions.segments) : profile ? inlineCaptions(loaded.value, profile) : null,
      duration: record.duration ?? this.video.probedDuration(position) ?? null,
      dialect: profile?.dialect ?? 'rewatch',
      group: groupOf(record, loaded.summary, completion, new GroupStatsCache(document)),
      judge: this.judgments.get(this.judgmentKey(position, completion)) ?? null,
    });
  }

  /** `score` with judge verdicts folded in (when a delta asked for them). */
  withVerdicts(score: SampleScore, judge: JudgeScores | null): SampleScore {
    return judge ? withJudge(score, judge) : score;
  }

  /** Runs the judge on one chain, keeps its verdicts (and its columns in the index), answers with the new score. */
  async judgeSample(position: number, completion: number): Promise<SampleScore> {
    const { loaded, record } = this.session.recordFor(position);
    const captions = await this.captions.of(loaded);
    this.judging.get(position)?.abort();
    const scores = await this.runJudge(position, record, completion, captions);
    if (scores === null) throw new Error('This record has no chain to judge.');
    this.judgments.set(this.judgmentKey(position, completion), scores);
    const score = this.scoreOf(loaded, record, captions, completion);
    this.session.document.saveJudgeScores({ position, values: judgedValues(score) });
    return score;
  }

  /** One judge run on a chain (cancellable with cancelJudge, progress posted); null when it has no chain. */
  async runJudge(position: number, record: ParsedRecord, completion: number, captions: VideoCaptions | undefined): Promise<JudgeScores | null> {
    const input = judgeInputFor(record, completion, captions?.segments ?? []);
    if (input === undefined) return null;
    const controller = new AbortController();
    this.judging.set(position, controller);
    try {
      const label = record.id ?? `record ${position + 1}`;
      return await this.judge.run(input, this.session.document.uri, label, controller.signal, (done, total) =>
        this.session.view.post({ type: 'judgeProgress', position, done, total }),
      );
    } finally {
      if (this.judging.get(position) === controller) this.judging.delete(position);
    }
  }

  cancelJudge(position: number): void {
    this.judging.get(position)?.abort();
  }

  /** The index's score columns of records saved just now (their chains changed). */
  async scoreSaved(positions: readonly number[]): Promise<ColumnUpdate[]> {
    const updates: ColumnUpdate[] = [];
    for (const position of positions) {
      const loaded = this.session.document.record(position);
      if (!loaded?.record) continue;
      const record = loaded.record;
      const captions = await this.captions.of(loaded);
      const count = record.kind === 'rollout' ? Math.max(1, record.completions.length) : 1;
      const scores = Array.from({ length: count }, (_, completion) => this.scoreOf(loaded, record, captions, completion));
      // The scoring pass's own reduction of a record's scores to its index columns.
      updates.push(scoreUpdate({ summary: loaded.summary, scores }));
    }
    return updates;
  }

  dispose(): void {
    for (const controller of this.judging.values()) controller.abort();
  }

  private judgmentKey(position: number, completion: number): string {
    return `${this.session.document.uri.toString()}#${position}#${completion}`;
  }
}
