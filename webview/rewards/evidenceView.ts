/** A step's score badge and, when it is clicked open, the evidence behind it: marked words, note, judge verdict. */
import type { JudgeVerdict } from '../../shared/rewards/scores';
import { h } from '../app/dom';
import { valueText } from './breakdownText';
import { evidencePieces, evidenceTitle, judgedText, segmentList } from './evidenceWords';
import { scoreLevel, scoreText } from './scoreColour';
import type { StepScore } from './stepScores';

/** What a card needs to show its step's score. */
export interface StepScoreView {
  score: StepScore;
  /** The step's observation text (what the evidence offsets index); null when the step has none. */
  observation: string | null;
  /** A caption segment's times ("00:12–00:15"), for the words' tooltips. */
  segmentTimes?: (segment: number) => string | undefined;
}

const SOURCE_TITLES = {
  judge: 'The judge model’s verdict on this step',
  evidence:
    'Offline evidence check (a heuristic, not the paper’s judge): the share of the observation’s words found in the caption segments it cites (its action’s when it cites none), each word counted by the part of the cited time whose caption says it',
  none: 'This step could not be scored',
};

export function scoreBadge(view: StepScoreView): HTMLButtonElement {
  const { score, source } = view.score;
  const text = scoreText(score);
  const label = source === 'judge' ? 'judge' : source === 'evidence' ? 'evidence' : 'score';
  return h(
    'button',
    {
      type: 'button',
      class: `step-score score-${scoreLevel(score)}`,
      'data-testid': 'step-score',
      'data-score': text,
      'data-level': scoreLevel(score),
      'data-source': source,
      'aria-expanded': 'false',
      title: `${SOURCE_TITLES[source]}${text === undefined ? '' : `: ${text}`}. Click for the evidence.`,
    },
    `${label} ${text ?? '—'}`,
  );
}

function judgeBlock(verdict: JudgeVerdict): HTMLElement {
  if (verdict.error) return h('div', { class: 'judge-error error-text', 'data-testid': 'judge-error' }, `Judge failed: ${verdict.error}`);
  const score = scoreText(verdict.score);
  return h(
    'div',
    { class: 'judge-verdict', 'data-testid': 'judge-verdict', 'data-score': score },
    h('strong', {}, 'Judge: '),
    verdict.verdict,
    score === undefined ? '' : ` (score ${score})`,
    h('span', { class: 'muted' }, ` · ${verdict.model}${verdict.cached ? ' · cached' : ''}`),
    verdict.rationale ? h('p', { class: 'rationale' }, verdict.rationale) : '',
  );
}

export function evidenceDetails(view: StepScoreView): HTMLElement {
  const evidence = view.score.evidence;
  const box = h('div', { class: 'evidence', 'data-testid': 'evidence' });
  if (evidence) {
    const inside =
      evidence.inside === null ? 'duration unknown or no time cited' : evidence.inside ? 'cited times inside the video' : 'cites past the video’s end';
    const segments = evidence.segments.length > 0 ? `caption segments ${segmentList(evidence.segments, evidence.coverage)}` : 'no caption segment overlaps';
    const judged = judgedText(evidence);
    box.append(
      h(
        'p',
        { class: 'evidence-summary muted' },
        `Evidence check (heuristic): support ${valueText(evidence.support)} · ${inside}${judged ? ` · ${judged}` : ''} · ${segments}`,
      ),
    );
    if (view.observation !== null && evidence.matches.length > 0) {
      const text = h('p', { class: 'evidence-text' });
      for (const piece of evidencePieces(view.observation, evidence.matches)) {
        if (piece.match === null) text.append(piece.text);
        else {
          const supported = piece.match.caption !== null;
          text.append(
            h(
              'span',
              {
                class: `evidence-word ${supported ? 'supported' : 'unsupported'}`,
                'data-testid': 'evidence-word',
                'data-supported': String(supported),
                title: evidenceTitle(piece.match, view.segmentTimes),
              },
              piece.text,
            ),
          );
        }
      }
      box.append(text);
    }
    if (evidence.note) box.append(h('p', { class: 'evidence-note', 'data-testid': 'evidence-note' }, evidence.note));
  } else box.append(h('p', { class: 'muted' }, 'No offline evidence check for this step.'));
  if (view.score.judge) box.append(judgeBlock(view.score.judge));
  return box;
}
