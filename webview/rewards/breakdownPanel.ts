/**
 * The sample's reward breakdown, under its question: the logged and the recomputed O&R parts as
 * stacked bars on the 0–4 scale, what disagrees, the format and accuracy checks, the GRPO group's
 * statistics, and the judge (run, progress, cancel, r_rea's verdict).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { REWARD_COMPONENTS } from '../../shared/rewards/rewardColumns';
import type { Breakdown, GroupStats, JudgeVerdict, SampleScore } from '../../shared/rewards/scores';
import { h } from '../app/dom';
import { BREAKDOWN_SCALE, breakdownSegments, totalMarker, type BarComponent } from './breakdownBar';
import {
  advantagesDiffer,
  breakdownSummary,
  groupStatsText,
  judgeDisabledReason,
  judgeProgressText,
  obsSourceText,
  reaSourceText,
  valueText,
  ZERO_VARIANCE_NOTE,
} from './breakdownText';
import { scoreText } from './scoreColour';

export interface BreakdownHandlers {
  runJudge(): void;
  cancelJudge(): void;
}

/** Whether the panel shows in full or as its title line, and who remembers it. */
export interface PanelFolding {
  open: boolean;
  onToggle(open: boolean): void;
}

export interface JudgeRun {
  done: number;
  total: number;
}

const ROW_TITLES = {
  logged: 'The reward components as logged in the file',
  recomputed:
    'Recomputed offline: acc and fmt by the offline checks, obs from the judge else the evidence estimate, rea from the judge else as logged; total by the formula',
};

function verdictLine(verdict: JudgeVerdict): string {
  const score = scoreText(verdict.score);
  return `${verdict.verdict}${score === undefined ? '' : ` (score ${score})`}`;
}

export class BreakdownPanel {
  readonly element = h('section', { class: 'breakdown', 'data-testid': 'breakdown', 'data-state': 'empty', 'aria-label': 'Reward breakdown', hidden: true });
  private readonly judgeBox = h('div', { class: 'bd-judge' });
  private score: SampleScore | null = null;
  private configured = false;
  private running: JudgeRun | null = null;
  private judgeError: string | null = null;

  private open: boolean;

  constructor(
    private readonly handlers: BreakdownHandlers,
    private readonly folding: PanelFolding = { open: true, onToggle: () => undefined },
  ) {
    this.open = folding.open;
    this.element.classList.toggle('collapsed', !this.open);
  }

  get current(): SampleScore | null {
    return this.score;
  }

  hide(): void {
    this.score = null;
    this.element.hidden = true;
    this.element.dataset.state = 'empty';
    this.element.replaceChildren();
  }

  showLoading(): void {
    this.score = null;
    this.element.hidden = false;
    this.element.dataset.state = 'loading';
    this.element.replaceChildren(this.title(), h('p', { class: 'muted' }, 'Scoring…'));
  }

  showError(message: string): void {
    this.score = null;
    this.element.hidden = false;
    this.element.dataset.state = 'error';
    this.element.replaceChildren(this.title(), h('p', { class: 'error-text', role: 'alert' }, `The breakdown could not be computed: ${message}`));
  }

  show(score: SampleScore): void {
    this.score = score;
    this.judgeError = null;
    this.element.hidden = false;
    this.element.dataset.state = 'ready';
    this.element.replaceChildren(
      this.title(),
      h(
        'div',
        { class: 'bd-rows' },
        this.row('logged', score.storedBreakdown),
        this.row('recomputed', score.recomputed),
        h('div', { class: 'bd-scale', 'aria-hidden': 'true' }, ...[0, 1, 2, 3, 4].map((n) => this.tick(n))),
      ),
      this.mismatches(score),
      this.checks(score),
      this.evidenceLine(score),
      score.group ? this.groupStats(score.group, score.stored.advantage) : '',
      this.judgeBox,
    );
    this.renderJudge();
  }

  setJudgeConfigured(configured: boolean): void {
    if (configured === this.configured) return;
    this.configured = configured;
    this.renderJudge();
  }

  /** The judge's progress on this sample, or null when it is not running here. */
  setJudging(run: JudgeRun | null): void {
    const wasRunning = this.running !== null;
    this.running = run;
    if (run !== null && wasRunning) {
      const progress = this.judgeBox.querySelector('[data-testid=judge-progress]');
      if (progress) {
        progress.textContent = judgeProgressText(run.done, run.total);
        return;
      }
    }
    if (run !== null) this.judgeError = null;
    this.renderJudge();
  }

  /** A judge run failed or was cancelled. */
  showJudgeError(message: string): void {
    this.running = null;
    this.judgeError = message;
    this.renderJudge();
  }

  /** The title line: a toggle that folds the panel to this line, and what the folded panel sums up. */
  private title(): HTMLElement {
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'fold-toggle',
        'data-testid': 'breakdown-toggle',
        'aria-expanded': String(this.open),
        title: this.open ? 'Fold the reward breakdown to one line' : 'Show the whole reward breakdown',
      },
      h('span', { class: 'fold-chevron', 'aria-hidden': 'true' }, this.open ? '▾' : '▸'),
      'Reward breakdown',
    );
    toggle.addEventListener('click', () => {
      this.open = !this.open;
      this.element.classList.toggle('collapsed', !this.open);
      toggle.setAttribute('aria-expanded', String(this.open));
      toggle.title = this.open ? 'Fold the reward breakdown to one line' : 'Show the whole reward breakdown';
      toggle.querySelector('.fold-chevron')!.textContent = this.open ? '▾' : '▸';
      this.folding.onToggle(this.open);
    });
    const score = this.score;
    return h(
      'h3',
      { class: 'panel-title', 'data-testid': 'breakdown-title' },
      toggle,
      ' ',
      score
        ? h(
            'span',
            { class: 'bd-summary', 'data-testid': 'breakdown-summary' },
            breakdownSummary(score.storedBreakdown.total, score.recomputed.total, score.mismatches.length),
          )
        : '',
      h('span', { class: 'muted bd-formula', title: REWARD_COMPONENTS.total.title }, ' · r = r_acc × (1 + r_obs + r_rea) + r_fmt'),
    );
  }

  private tick(n: number): HTMLElement {
    const tick = h('span', { class: 'bd-tick' }, String(n));
    tick.style.left = `${(100 * n) / BREAKDOWN_SCALE}%`;
    return tick;
  }

  private row(name: 'logged' | 'recomputed', row: Breakdown): HTMLElement {
    const segments = breakdownSegments(row);
    const bar = h('div', { class: 'bd-bar', role: 'img', 'aria-label': `${name}: total ${valueText(row.total)} of 4` });
    for (const segment of segments) {
      if (segment.width <= 0) continue;
      const element = h('span', {
        class: `bd-seg seg-${segment.component}`,
        'data-component': segment.component,
        title: `${segment.component} adds ${valueText(segment.contribution)} — ${REWARD_COMPONENTS[segment.component].title}`,
      });
      element.style.left = `${segment.left}%`;
      element.style.width = `${segment.width}%`;
      bar.append(element);
    }
    const marker = totalMarker(row.total);
    if (marker !== null) {
      const line = h('span', { class: 'bd-marker', title: `total ${valueText(row.total)}` });
      line.style.left = `${marker}%`;
      bar.append(line);
    }
    const value = (component: BarComponent | 'total', v: number | null): HTMLElement =>
      h(
        'span',
        {
          'data-testid': 'breakdown-value',
          'data-component': component,
          class: v === null ? 'bd-value unknown' : 'bd-value',
          title: REWARD_COMPONENTS[component].title,
        },
        valueText(v),
      );
    const part = (component: BarComponent, v: number | null): HTMLElement =>
      h('span', { class: `bd-part part-${component}` }, h('span', { class: 'bd-swatch', 'aria-hidden': 'true' }), `${component} `, value(component, v));
    const gated = segments.some((s) => s.gated);
    return h(
      'div',
      { class: 'bd-row', 'data-testid': 'breakdown-row', 'data-row': name, title: ROW_TITLES[name] },
      h('span', { class: 'bd-label' }, name),
      bar,
      h('span', { class: 'bd-total' }, value('total', row.total)),
      h(
        'div',
        { class: 'bd-parts' },
        part('acc', row.acc),
        ' · ',
        part('obs', row.obs),
        ' · ',
        part('rea', row.rea),
        ' · ',
        part('fmt', row.fmt),
        gated ? h('span', { class: 'bd-gated', title: 'Process credit only counts when the answer is right' }, ' · obs and rea do not count: r_acc = 0') : '',
      ),
      h(
        'div',
        { class: 'bd-sources muted', 'data-testid': 'breakdown-sources' },
        h('span', { 'data-source': row.obsSource }, `obs: ${obsSourceText(row.obsSource)}`),
        ' · ',
        h('span', { 'data-source': row.reaSource }, `rea: ${reaSourceText(row.reaSource)}`),
      ),
    );
  }

  private mismatches(score: SampleScore): HTMLElement | string {
    if (score.mismatches.length === 0) return '';
    return h(
      'ul',
      { class: 'bd-mismatches', 'aria-label': 'Logged rewards that disagree' },
      ...score.mismatches.map((m) =>
        h(
          'li',
          {
            'data-testid': 'mismatch',
            'data-code': m.code,
            'data-component': m.component,
            title: `${m.component}: logged ${m.stored}, expected ${m.expected}`,
          },
          h('span', { class: 'warning-icon', 'aria-hidden': 'true' }, '⚠'),
          ' ',
          m.message,
        ),
      ),
    );
  }

  private checks(score: SampleScore): HTMLElement {
    const box = h('div', { class: 'bd-checks' });
    const accuracy = score.accuracy;
    box.append(
      h(
        'p',
        {
          class: `bd-accuracy${accuracy.score === 0 ? ' wrong' : accuracy.score === 1 ? ' right' : ''}`,
          'data-testid': 'accuracy',
          'data-score': accuracy.score === null ? undefined : String(accuracy.score),
        },
        h('strong', {}, 'Accuracy: '),
        accuracy.message,
      ),
    );
    if (score.format.failures.length > 0 || score.format.score === 0) {
      box.append(
        h(
          'p',
          { class: 'bd-format error-text', 'data-testid': 'format-check', 'data-score': String(score.format.score) },
          h('strong', {}, 'Format check failed'),
          score.format.failures.length > 0 ? ':' : '.',
        ),
        h(
          'ul',
          { class: 'bd-format-failures' },
          ...score.format.failures.map((failure) =>
            h(
              'li',
              { 'data-testid': 'format-failure', 'data-code': failure.code, title: `characters ${failure.from}–${failure.to} of the chain` },
              failure.message,
            ),
          ),
        ),
      );
    } else box.append(h('p', { class: 'bd-format muted', 'data-testid': 'format-check', 'data-score': String(score.format.score) }, 'Format check passed.'));
    return box;
  }

  private evidenceLine(score: SampleScore): HTMLElement {
    const evidence = score.evidence;
    const judged = evidence.steps.filter((s) => s.support !== null).length;
    const text = !evidence.captions
      ? 'Evidence check: no caption for this video, so the observations cannot be checked offline.'
      : `Evidence check (heuristic): r_obs* ${valueText(evidence.obsEstimate)} over ${judged} of ${evidence.steps.length} step${evidence.steps.length === 1 ? '' : 's'} — how much of each observation the caption segments it cites support. Click a step's score for its words.`;
    return h('p', { class: 'bd-evidence muted', 'data-testid': 'evidence-summary' }, text);
  }

  private groupStats(group: GroupStats, logged: number | null): HTMLElement {
    const differs = advantagesDiffer(logged, group.advantage);
    return h(
      'div',
      { class: 'bd-group', 'data-testid': 'group-stats' },
      h('strong', {}, 'GRPO group '),
      h('code', { title: 'prompt id' }, group.promptId),
      ` · ${groupStatsText(group)} · advantage `,
      h(
        'span',
        {
          class: differs ? 'bd-advantage mismatch' : 'bd-advantage',
          'data-testid': 'advantage',
          'data-mismatch': String(differs),
          title: '(r − mean) / (std + 1e-6) over the group’s logged totals, against the logged advantage',
        },
        `recomputed ${valueText(group.advantage)} vs logged ${valueText(logged)}`,
      ),
      group.zeroVariance ? h('p', { class: 'bd-zero-variance warning-text', 'data-testid': 'zero-variance' }, ZERO_VARIANCE_NOTE) : '',
    );
  }

  private renderJudge(): void {
    const box = this.judgeBox;
    const score = this.score;
    if (score === null) {
      box.replaceChildren();
      return;
    }
    const controls = h('div', { class: 'bd-judge-controls' });
    if (this.running) {
      const cancel = h('vscode-button', { secondary: true, 'data-testid': 'judge-cancel' }, 'Cancel');
      cancel.addEventListener('click', () => this.handlers.cancelJudge());
      controls.append(
        h('span', { class: 'bd-judge-progress', 'data-testid': 'judge-progress', role: 'status' }, judgeProgressText(this.running.done, this.running.total)),
        cancel,
      );
    } else {
      const reason = judgeDisabledReason(this.configured);
      const run = h(
        'vscode-button',
        { 'data-testid': 'judge-run', disabled: reason !== null, title: reason ?? 'Ask the judge model for r_obs (per step) and r_rea' },
        score.judge ? 'Run judge again' : 'Run judge',
      );
      run.addEventListener('click', () => {
        if (this.configured && !this.running) this.handlers.runJudge();
      });
      // A disabled button shows no tooltip in every browser: its wrapper carries it too.
      controls.append(h('span', { class: 'bd-judge-run', title: reason ?? '' }, run));
      if (reason !== null) controls.append(h('span', { class: 'muted' }, ' No judge configured.'));
    }
    box.replaceChildren(controls);
    if (this.judgeError) box.append(h('p', { class: 'error-text', 'data-testid': 'judge-run-error', role: 'alert' }, this.judgeError));
    const judge = score.judge;
    if (!judge) return;
    box.append(
      h(
        'p',
        { class: 'bd-judge-summary muted' },
        `Judge ${judge.model} · r_obs ${valueText(judge.obs)} over ${judge.steps.length} step${judge.steps.length === 1 ? '' : 's'} (each step’s verdict is on its card)`,
      ),
    );
    const rea = judge.rea;
    if (rea) {
      const verdict = rea.verdict;
      box.append(
        h(
          'div',
          { class: 'bd-judge-rea', 'data-testid': 'judge-rea', 'data-score': scoreText(verdict.score) },
          h('strong', {}, 'r_rea: '),
          'text-only answer from the steps alone: ',
          rea.answer === null ? h('span', { class: 'muted' }, 'none') : h('q', {}, rea.answer),
          verdict.error ? '' : ` → ${verdictLine(verdict)}`,
          verdict.cached ? h('span', { class: 'muted' }, ' (cached)') : '',
          verdict.error
            ? h('p', { class: 'error-text judge-error', 'data-testid': 'judge-error' }, `Judge failed: ${verdict.error}`)
            : verdict.rationale
              ? h('p', { class: 'rationale' }, verdict.rationale)
              : '',
        ),
      );
    }
  }
}
