/**
 * The "Model run" column beside the stored chain: the run's phase and stats, its chain as step cards
 * while it streams, and at the end either the error (with its fix, prominent) or what can be done
 * with the new chain: its score, a diff with the stored chain, and "Use this chain".
 *
 * Drawn often (ten times a second while tokens arrive), so each part is only touched when what it
 * shows changed: the phase and stats lines by their text, the cards by RunCardList, and the footer
 * (error, score, actions) only when the run's status or the score / use outcome changes.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { InferenceError, InferenceErrorCode, InferenceFixAction } from '../../shared/inference/inference';
import type { SampleScore } from '../../shared/rewards/scores';
import type { StepCard } from '../../shared/sample/sample';
import { h } from '../app/dom';
import { errorDisplay } from './runErrors';
import { RunCardList, type RunCardHandlers } from './runCardList';
import { formatLine, predictedText, scoreRows } from './runScoreText';
import type { RunState } from './runState';
import { modelText, phaseText, slowDeviceText, statsText } from './runText';
import type { RunExtras, RunPanelView, UseView } from './runViews';

export interface RunPanelHandlers extends RunCardHandlers {
  /** "Diff with stored": the Diff tab, stored chain against this one. */
  diff(): void;
  /** "Use this chain": replace the stored chain (an undoable edit). */
  use(): void;
  /** Close: forget this finished run. */
  close(): void;
  /** A button beside a failed run's fix (show the log, open the setting, start the server). */
  fix(action: InferenceFixAction, code: InferenceErrorCode): void;
}

const STATUS_WORDS: Record<RunState['status'], string> = { running: 'running', done: 'done', cancelled: 'cancelled', error: 'failed' };

export class RunPanel implements RunPanelView {
  readonly element = h('section', { class: 'run-panel', 'data-testid': 'run-panel', 'data-status': 'running', 'aria-label': 'Model run', hidden: true });
  private readonly model = h('span', { class: 'run-model muted' });
  private readonly badge = h('span', { class: 'badge run-status' });
  private readonly close = h(
    'button',
    { type: 'button', class: 'run-close', 'data-testid': 'run-close', 'aria-label': 'Close this run', title: 'Close this run (its text is forgotten)' },
    '×',
  );
  private readonly phase = h('p', { class: 'run-phase', 'data-testid': 'run-phase', role: 'status', 'aria-live': 'polite' });
  private readonly spinner = h('vscode-progress-ring', { class: 'run-spinner', 'aria-hidden': 'true' });
  private readonly phaseRow = h('div', { class: 'run-phase-row' }, this.spinner, this.phase);
  private readonly stats = h('p', { class: 'run-stats muted', 'data-testid': 'run-stats' });
  private readonly slow = h('p', { class: 'run-slow', 'data-testid': 'run-slow', hidden: true });
  private readonly waiting = h('p', { class: 'run-waiting muted' });
  private readonly list: RunCardList;
  private readonly footer = h('div', { class: 'run-footer' });
  /** What the panel shows now: the run (by sample and id), its drawn text, and the footer's inputs. */
  private shownRun: RunState | null = null;
  private footerKey = '';
  private lastScore: SampleScore | null = null;
  private lastStored: SampleScore | null = null;

  constructor(private readonly handlers: RunPanelHandlers) {
    this.list = new RunCardList(handlers);
    this.close.addEventListener('click', () => handlers.close());
    this.element.append(
      h('header', { class: 'run-head' }, h('h3', { class: 'panel-title' }, 'Model run'), this.badge, this.model, this.close),
      this.phaseRow,
      this.stats,
      this.slow,
      this.footer,
      this.waiting,
      this.list.element,
    );
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  /** Marks a card of the run (its band was clicked on the timeline). */
  selectCard(index: number): void {
    this.list.select(index, true);
  }

  reveal(): void {
    if (this.visible) this.element.scrollIntoView({ block: 'nearest' });
  }

  /** The sample view drew itself again and put the panel back: restore where its list was scrolled. */
  reattached(): void {
    if (this.visible) this.list.restoreScroll();
  }

  /** Shows `run` with its parsed `cards` (null: no run for the shown sample, the panel hides). */
  render(run: RunState | null, cards: readonly StepCard[], extras: RunExtras): void {
    if (run === null) {
      this.element.hidden = true;
      this.shownRun = null;
      this.footerKey = '';
      this.list.reset();
      return;
    }
    if (this.shownRun !== null && !sameRun(this.shownRun, run)) this.list.reset();
    this.shownRun = run;
    this.element.hidden = false;
    // Nothing set up to run: a short setup card instead of a failed run's status, stats and empty text.
    const setup = run.status === 'error' && run.error?.code === 'not-configured';
    this.element.classList.toggle('setup', setup);
    for (const part of [this.badge, this.model, this.phaseRow, this.stats, this.waiting]) part.hidden = setup;
    if (setup) {
      this.slow.hidden = true;
      this.list.update([], false);
      const key = `setup:${run.runId ?? 'request'}`;
      if (this.footerKey !== key) {
        this.footerKey = key;
        this.footer.replaceChildren(this.setupCard());
      }
      return;
    }
    this.element.dataset.status = run.status;
    this.element.dataset.position = String(run.position);
    setText(this.badge, STATUS_WORDS[run.status]);
    this.badge.className = `badge run-status status-${run.status}`;
    setText(this.model, modelText(run.model, run.backend) ?? '');
    this.close.hidden = run.status === 'running';
    setText(this.phase, phaseText(run));
    this.phase.dataset.phase = run.status === 'running' ? run.phase : run.status;
    this.spinner.hidden = run.status !== 'running';
    setText(this.stats, statsText(run.stats));
    const slow = run.status === 'running' ? slowDeviceText(run.stats) : null;
    this.slow.hidden = slow === null;
    setText(this.slow, slow ?? '');
    this.list.update(cards, run.status === 'running');
    this.waiting.hidden = cards.length > 0;
    setText(this.waiting, run.status === 'running' ? 'Waiting for the first tokens…' : run.text.trim() === '' ? 'The model produced no text.' : '');
    this.renderFooter(run, cards, extras);
  }

  private renderFooter(run: RunState, cards: readonly StepCard[], extras: RunExtras): void {
    const key = JSON.stringify([
      run.runId,
      run.status,
      run.error,
      cards.length > 0,
      extras.score.state,
      extras.score.state === 'error' ? extras.score.message : '',
      extras.use,
      extras.stored !== null,
    ]);
    // The score arrives as a new object; redraw when it or the stored one changes.
    const scoreKey = extras.score.state === 'ready' ? extras.score.score : null;
    if (key === this.footerKey && scoreKey === this.lastScore && extras.stored === this.lastStored) return;
    this.footerKey = key;
    this.lastScore = scoreKey;
    this.lastStored = extras.stored;
    const parts: HTMLElement[] = [];
    if (run.status === 'error' && run.error) parts.push(this.errorBox(run.error));
    if (run.status === 'done' && run.text.trim() !== '') parts.push(this.actions(extras.use), this.scoreBox(extras));
    this.footer.replaceChildren(...parts);
  }

  /** The two ways to give the Inspector a model, each with the one-line reason it is needed. */
  private setupCard(): HTMLElement {
    const choice = (action: InferenceFixAction, label: string, reason: string): HTMLElement => {
      const button = h('vscode-button', { 'data-testid': 'setup-choice', 'data-action': action }, label);
      button.addEventListener('click', () => this.handlers.fix(action, 'not-configured'));
      return h('li', { class: 'setup-choice' }, button, h('p', { class: 'setup-reason muted' }, reason));
    };
    return h(
      'div',
      { class: 'run-setup', 'data-testid': 'inference-setup', role: 'group', 'aria-labelledby': 'run-setup-title' },
      h('strong', { id: 'run-setup-title' }, 'Set up a model to run'),
      h(
        'ul',
        { class: 'setup-choices' },
        choice(
          'chooseCheckpoint',
          'Choose checkpoint folder…',
          'Runs ReWatch-R1 (or any Qwen2.5-VL) here with Python: models are never downloaded, so it needs a folder you already have.',
        ),
        choice(
          'enterServerUrl',
          'Use a server URL…',
          'Sends the sample to a server you run (vLLM or any OpenAI-compatible API): for a GPU on another machine or a model already loaded.',
        ),
      ),
    );
  }

  private errorBox(error: InferenceError): HTMLElement {
    const shown = errorDisplay(error);
    return h(
      'div',
      { class: 'run-error', 'data-testid': 'run-error', 'data-code': shown.code, role: 'alert' },
      h('strong', { class: 'run-error-title' }, shown.title),
      shown.message !== shown.title ? h('p', { class: 'run-error-message' }, shown.message) : null,
      h('p', { class: 'run-error-fix', 'data-testid': 'run-error-fix' }, h('strong', {}, 'Fix: '), shown.fix),
      h(
        'div',
        { class: 'run-error-actions' },
        ...shown.actions.map(({ action, label }, i) => {
          const button = h('vscode-button', { secondary: i > 0, 'data-testid': 'run-fix', 'data-action': action }, label);
          button.addEventListener('click', () => this.handlers.fix(action, shown.code));
          return button;
        }),
      ),
    );
  }

  private actions(use: UseView): HTMLElement {
    const diff = h(
      'vscode-button',
      { secondary: true, 'data-testid': 'run-diff', title: 'Open the Diff tab: the stored chain (left) against the model’s (right), step by step' },
      'Diff with stored',
    );
    diff.addEventListener('click', () => this.handlers.diff());
    const sending = use.state === 'sending';
    const apply = h(
      'vscode-button',
      { 'data-testid': 'run-use', disabled: sending, title: 'Replace the stored chain with this one, as an unsaved edit (Ctrl+Z undoes it, Ctrl+S saves)' },
      sending ? 'Using…' : 'Use this chain',
    );
    apply.addEventListener('click', () => {
      if (use.state !== 'sending') this.handlers.use();
    });
    const box = h('div', { class: 'run-actions' }, diff, apply);
    if (use.state === 'applied') {
      box.append(
        h(
          'p',
          { class: 'run-use-result', 'data-testid': 'run-use-result', 'data-applied': 'true', role: 'status' },
          'The stored chain is now the model’s, as an unsaved edit: Ctrl+Z undoes it, Ctrl+S saves it.',
        ),
      );
    } else if (use.state === 'refused') {
      box.append(
        h('p', { class: 'run-use-result error-text', 'data-testid': 'run-use-result', 'data-applied': 'false', role: 'alert' }, `Not used: ${use.reason}`),
      );
    }
    return box;
  }

  private scoreBox(extras: RunExtras): HTMLElement {
    const view = extras.score;
    const box = h('div', { class: 'run-score', 'data-testid': 'run-score', 'data-state': view.state, 'aria-label': "The new chain's rewards" });
    const title = h('h4', { class: 'run-score-title' }, 'Score of the new chain');
    switch (view.state) {
      case 'none':
      case 'loading':
        box.append(title, h('p', { class: 'muted' }, 'Scoring…'));
        return box;
      case 'error':
        box.append(title, h('p', { class: 'error-text', role: 'alert' }, `The new chain could not be scored: ${view.message}`));
        return box;
      case 'ready':
        break;
    }
    const score = view.score;
    const rows = scoreRows(score, extras.stored);
    const table = h(
      'table',
      { class: 'run-score-rows' },
      h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', { scope: 'col' }, 'new'), extras.stored ? h('th', { scope: 'col' }, 'stored') : null)),
      h(
        'tbody',
        {},
        ...rows.map((row) =>
          h(
            'tr',
            { title: row.title, class: row.direction > 0 ? 'run-better' : row.direction < 0 ? 'run-worse' : undefined },
            h('th', { scope: 'row' }, row.label),
            h(
              'td',
              { class: 'run-score-value', 'data-testid': 'run-score-value', 'data-name': row.name },
              row.text,
              row.direction !== 0
                ? h(
                    'span',
                    { class: 'run-direction', 'aria-label': row.direction > 0 ? 'higher than stored' : 'lower than stored' },
                    row.direction > 0 ? ' ▲' : ' ▼',
                  )
                : null,
            ),
            row.stored !== null ? h('td', { class: 'run-score-stored muted' }, row.stored) : null,
          ),
        ),
      ),
    );
    const accuracy = score.accuracy;
    box.append(
      title,
      h(
        'p',
        {
          class: `run-predicted${accuracy.score === 1 ? ' right' : accuracy.score === 0 ? ' wrong' : ''}`,
          'data-testid': 'run-predicted',
          'data-score': accuracy.score === null ? undefined : String(accuracy.score),
          title: accuracy.message,
        },
        'Predicted: ',
        h('strong', {}, predictedText(accuracy)),
      ),
      table,
      h(
        'p',
        {
          class: `run-format${score.format.score === 0 ? ' error-text' : ' muted'}`,
          'data-testid': 'run-format',
          title: score.format.failures.map((f) => f.message).join('\n'),
        },
        formatLine(score.format),
      ),
    );
    return box;
  }
}

/** Whether `next` is the run `drawn` showed (the same sample, and the same id once it has one). */
function sameRun(drawn: RunState, next: RunState): boolean {
  if (drawn.position !== next.position || drawn.completion !== next.completion) return false;
  return drawn.runId === null || drawn.runId === next.runId;
}

/** Sets an element's text only when it changed (no needless layout ten times a second). */
function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
