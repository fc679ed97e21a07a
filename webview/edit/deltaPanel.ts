/**
 * What the unsaved edits do to the rewards: one row per reward, before (as saved) → after, an arrow
 * and a colour for the way it moved, the format failures left after the edit, and "Judge the edit"
 * (the judge's r_obs and r_rea for the edited chain, when a judge is configured).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ScoreDelta } from '../../shared/edit/edits';
import { h } from '../app/dom';
import { valueText } from '../rewards/breakdownText';
import { DIRECTION_ARROW, deltaDirection, deltaHeadline, deltaRowText } from './deltaText';

export interface DeltaHandlers {
  judge(): void;
}

export class DeltaPanel {
  readonly element = h('section', {
    class: 'score-delta',
    'data-testid': 'score-delta',
    'data-state': 'empty',
    'aria-label': 'Reward change of the unsaved edits',
    hidden: true,
  });
  private delta: ScoreDelta | null = null;
  private configured = false;
  private judging: { done: number; total: number } | null = null;
  private judgeError: string | null = null;

  constructor(private readonly handlers: DeltaHandlers) {}

  hide(): void {
    this.delta = null;
    this.judging = null;
    this.judgeError = null;
    this.element.hidden = true;
    this.element.dataset.state = 'empty';
    this.element.replaceChildren();
  }

  /** Waiting for the delta: the rows shown stay (dimmed) until the new ones arrive. */
  showLoading(): void {
    this.element.hidden = false;
    this.element.setAttribute('aria-busy', 'true');
    if (this.delta === null) {
      this.element.dataset.state = 'loading';
      this.element.replaceChildren(this.title(), h('p', { class: 'muted' }, 'Scoring the edit…'));
    }
  }

  showError(message: string): void {
    this.delta = null;
    this.element.hidden = false;
    this.element.removeAttribute('aria-busy');
    this.element.dataset.state = 'error';
    this.element.replaceChildren(this.title(), h('p', { class: 'error-text', role: 'alert' }, `The reward change could not be computed: ${message}`));
  }

  show(delta: ScoreDelta): void {
    this.delta = delta;
    this.judgeError = null;
    this.render();
  }

  setJudgeConfigured(configured: boolean): void {
    if (configured === this.configured) return;
    this.configured = configured;
    if (this.delta) this.render();
  }

  /** The judge's progress on the edit (null: not running). */
  setJudging(run: { done: number; total: number } | null): void {
    this.judging = run;
    if (this.delta) this.render();
  }

  showJudgeError(message: string): void {
    this.judging = null;
    this.judgeError = message;
    if (this.delta) this.render();
  }

  private title(): HTMLElement {
    return h('h3', { class: 'panel-title' }, 'Unsaved edits: reward change');
  }

  private render(): void {
    const delta = this.delta;
    if (delta === null) return;
    this.element.hidden = false;
    this.element.removeAttribute('aria-busy');
    this.element.dataset.state = 'ready';
    this.element.dataset.judged = String(delta.judged);
    const rows = h('ul', { class: 'delta-rows', 'aria-label': 'Rewards before → after the edits' });
    for (const row of delta.rows) {
      const direction = deltaDirection(row.before, row.after);
      rows.append(
        h(
          'li',
          {
            class: `delta-row delta-${direction}`,
            'data-testid': 'delta-row',
            'data-name': row.name,
            'data-direction': direction,
            title: `${row.label}: ${valueText(row.before)} as saved, ${valueText(row.after)} after the edits`,
          },
          h('span', { class: 'delta-label' }, row.label),
          ' ',
          h('span', { class: 'delta-before' }, valueText(row.before)),
          h('span', { class: 'delta-arrow', 'aria-hidden': 'true' }, ' → '),
          h('span', { class: 'delta-after' }, valueText(row.after)),
          DIRECTION_ARROW[direction]
            ? h('span', { class: 'delta-direction', 'aria-label': direction === 'up' ? 'went up' : 'went down' }, ` ${DIRECTION_ARROW[direction]}`)
            : null,
        ),
      );
    }
    // The whole delta as one line for screen readers and copying.
    rows.setAttribute('aria-description', delta.rows.map(deltaRowText).join(', '));
    const why =
      delta.formatAfter.length > 0
        ? h(
            'div',
            { class: 'delta-why', 'data-testid': 'delta-format' },
            h('strong', {}, 'Format after the edits: '),
            h('ul', {}, ...delta.formatAfter.map((failure) => h('li', { class: 'error-text' }, failure))),
          )
        : h('p', { class: 'delta-why muted', 'data-testid': 'delta-format' }, 'Format check passes after the edits.');
    this.element.replaceChildren(
      this.title(),
      h('p', { class: 'delta-headline muted' }, `${deltaHeadline(delta)}${delta.judged ? ' · judged' : ' · offline checks (obs and rea need the judge)'}`),
      rows,
      why,
      this.judgeControls(),
    );
  }

  private judgeControls(): HTMLElement {
    const box = h('div', { class: 'delta-judge-box' });
    const reason = this.configured ? null : 'No judge is configured (rewatchInspector.judge.model), or the workspace is not trusted.';
    const running = this.judging !== null;
    const button = h(
      'vscode-button',
      {
        secondary: true,
        'data-testid': 'delta-judge',
        disabled: reason !== null || running,
        title: reason ?? 'Ask the judge model for r_obs and r_rea of the edited chain',
      },
      this.delta?.judged ? 'Judge the edit again' : 'Judge the edit',
    );
    button.addEventListener('click', () => {
      if (this.configured && this.judging === null) this.handlers.judge();
    });
    // A disabled button shows no tooltip everywhere: its wrapper carries it too.
    box.append(h('span', { title: reason ?? '' }, button));
    if (this.judging) {
      const { done, total } = this.judging;
      box.append(
        h('span', { class: 'muted', role: 'status', 'data-testid': 'delta-judge-progress' }, total > 0 ? ` Judging… ${done} of ${total} calls` : ' Judging…'),
      );
    }
    if (this.judgeError) box.append(h('p', { class: 'error-text', role: 'alert', 'data-testid': 'delta-judge-error' }, this.judgeError));
    return box;
  }
}
