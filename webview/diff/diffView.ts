/**
 * The "Diff" tab: the shown chain (right) against the record as saved or another completion (left),
 * or (a model run's chain) the shown chain (left) against the run's new one (right), step-aligned
 * in two columns. Changed and moved pairs show their word runs (removed / added), moved
 * rows are marked, cited intervals are small time labels. Rows are built a chunk at a time as the
 * end of the list scrolls near, so a diff of a thousand steps opens at once and stays responsive.
 */
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { ChainDiff, DiffRow, DiffSide } from '../../shared/edit/edits';
import type { SampleDetail } from '../../shared/sample/sample';
import { h } from '../app/dom';
import type { HostChannel } from '../app/hostChannel';
import { cardLabel, intervalsText } from '../cards/cardText';
import { againstChoices, answerChanged, diffSummary, nextChunk, pickAgainst, shownSide, sideRuns, type AgainstChoice, type Side } from './diffLayout';

export interface DiffHandlers {
  /** A card of the shown chain was clicked: show it in the Sample tab. */
  openCard(index: number): void;
}

const STATUS_TITLES: Record<DiffRow['status'], string> = {
  same: 'Unchanged',
  changed: 'Changed',
  moved: 'Moved (and maybe changed)',
  removed: 'Only on the left',
  added: 'Only on the right',
};

const STATUS_MARKS: Record<DiffRow['status'], string> = { same: '', changed: '~', moved: '⇅', removed: '−', added: '+' };

/** Start building the next chunk this far before the end of the rows comes into view. */
const PRELOAD_MARGIN = '800px';

export class DiffView {
  readonly element = h('section', { class: 'diff-pane', 'data-testid': 'diff-pane', 'data-state': 'empty', 'aria-label': 'Diff', hidden: true });
  private readonly controls = h('div', { class: 'diff-controls' });
  private readonly body = h('div', { class: 'diff-body' });
  private detail: SampleDetail | null = null;
  private choice: string | null = null;
  /** Choices besides the record's own (a model run's chain). */
  private extra: AgainstChoice[] = [];
  /** The column of the shown chain in the diff on show (the other one is not in the Sample tab). */
  private openSide: Side = 'right';
  private visible = false;
  private stale = true;
  private seq = 0;
  private diff: ChainDiff | null = null;
  private rows: HTMLElement | null = null;
  private rendered = 0;
  private readonly more = h('button', { type: 'button', class: 'diff-more', 'data-testid': 'diff-more' });
  private readonly observer: IntersectionObserver;

  constructor(
    private readonly channel: Pick<HostChannel, 'request'>,
    private readonly handlers: DiffHandlers,
    /** The element that scrolls the diff (the sample column): the preload margin is measured in it. */
    scroller: HTMLElement | null = null,
  ) {
    this.observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) this.renderChunk();
      },
      { root: scroller, rootMargin: PRELOAD_MARGIN },
    );
    this.element.append(this.controls, this.body);
    this.more.addEventListener('click', () => this.renderChunk());
  }

  /** The sample view shows `detail` (again after every edit): the diff is out of date. `extra`: more choices (a model run). */
  setCurrent(detail: SampleDetail | null, extra: AgainstChoice[] = []): void {
    if (detail?.summary.position !== this.detail?.summary.position) this.choice = null;
    this.detail = detail;
    this.extra = extra;
    this.stale = true;
    this.seq++;
    if (this.visible) void this.load();
  }

  /** The extra choices changed (a run finished or was closed); the diff reloads when the one on show changed. */
  setExtraChoices(extra: AgainstChoice[]): void {
    const before = this.extra.find((choice) => choice.value === this.choice);
    const after = extra.find((choice) => choice.value === this.choice);
    this.extra = extra;
    if (before === undefined && after === undefined && this.diff !== null) {
      // Only the picker's options changed.
      if (this.visible) this.renderControls(this.choices(), pickAgainst(this.choices(), this.choice));
      else this.stale = true;
      return;
    }
    this.stale = true;
    this.seq++;
    if (this.visible) void this.load();
  }

  /** Picks the choice with this value (e.g. the model run's) for the next load. */
  choose(value: string): void {
    if (value === this.choice && !this.stale) return;
    this.choice = value;
    this.stale = true;
    this.seq++;
    if (this.visible) void this.load();
  }

  private choices(): AgainstChoice[] {
    return this.detail ? [...againstChoices(this.detail), ...this.extra] : [];
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.element.hidden = !visible;
    if (visible && this.stale) void this.load();
  }

  private async load(): Promise<void> {
    const detail = this.detail;
    this.stale = false;
    const choices = this.choices();
    const choice = pickAgainst(choices, this.choice);
    this.renderControls(choices, choice);
    if (!detail || !choice) {
      this.showMessage('empty', 'Nothing to compare: this record has no unsaved edits and one completion.');
      return;
    }
    this.choice = choice.value;
    this.openSide = shownSide(choice.against);
    const seq = ++this.seq;
    this.element.dataset.state = 'loading';
    this.element.setAttribute('aria-busy', 'true');
    try {
      const diff = await this.channel.request({ type: 'diff', position: detail.summary.position, completion: detail.completion, against: choice.against });
      if (seq !== this.seq) return;
      this.show(diff);
    } catch (error) {
      if (seq !== this.seq) return;
      this.showMessage('error', `The diff could not be computed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private renderControls(choices: AgainstChoice[], chosen: AgainstChoice | undefined): void {
    this.controls.replaceChildren();
    if (choices.length === 0) return;
    const select = h('vscode-single-select', { 'aria-label': 'Compare with', 'data-testid': 'diff-against', class: 'diff-against' });
    for (const choice of choices) select.append(h('vscode-option', { value: choice.value, selected: choice.value === chosen?.value }, choice.label));
    select.addEventListener('change', () => {
      if (select.value === this.choice) return;
      this.choice = select.value;
      void this.load();
    });
    this.controls.append(h('label', { class: 'diff-against-label' }, 'Compare with '), select);
  }

  private showMessage(state: 'empty' | 'error', text: string): void {
    this.diff = null;
    this.rows = null;
    this.observer.disconnect();
    this.element.dataset.state = state;
    this.element.removeAttribute('aria-busy');
    this.body.replaceChildren(h('p', { class: state === 'error' ? 'error-text' : 'muted', role: state === 'error' ? 'alert' : 'status' }, text));
  }

  private show(diff: ChainDiff): void {
    this.diff = diff;
    this.rendered = 0;
    this.observer.disconnect();
    const rows = h('div', {
      class: 'diff-view',
      role: 'table',
      'data-testid': 'diff-view',
      'aria-rowcount': String(diff.rows.length),
      'aria-label': `${diff.leftLabel} against ${diff.rightLabel}`,
    });
    rows.addEventListener('click', (event) => {
      const cell = (event.target as Element).closest<HTMLElement>(`.diff-cell.${this.openSide}[data-card]`);
      if (cell && !window.getSelection()?.toString()) this.handlers.openCard(Number(cell.dataset.card));
    });
    this.rows = rows;
    this.body.replaceChildren(
      h('p', { class: 'diff-summary muted', 'data-testid': 'diff-summary' }, diffSummary(diff)),
      h(
        'div',
        { class: 'diff-head', role: 'row' },
        h('span', { class: 'diff-cell left', role: 'columnheader' }, diff.leftLabel),
        h('span', { class: 'diff-gutter', 'aria-hidden': 'true' }),
        h('span', { class: 'diff-cell right', role: 'columnheader' }, diff.rightLabel),
      ),
      this.answerRow(diff),
      rows,
    );
    this.element.dataset.state = 'ready';
    this.element.removeAttribute('aria-busy');
    this.renderChunk();
  }

  /** Builds the next chunk of rows, and keeps the "more" sentinel after them while rows are left. */
  private renderChunk(): void {
    const diff = this.diff;
    const rows = this.rows;
    if (!diff || !rows) return;
    const { start, end } = nextChunk(this.rendered, diff.rows.length);
    const fragment = document.createDocumentFragment();
    for (let i = start; i < end; i++) fragment.append(this.row(diff.rows[i], i));
    this.more.remove();
    rows.append(fragment);
    this.rendered = end;
    const left = diff.rows.length - end;
    this.observer.disconnect();
    if (left > 0) {
      this.more.textContent = `Show ${left.toLocaleString()} more row${left === 1 ? '' : 's'}`;
      rows.append(this.more);
      this.observer.observe(this.more);
    }
    rows.dataset.rendered = String(end);
  }

  private row(row: DiffRow, index: number): HTMLElement {
    return h(
      'div',
      {
        class: `diff-row status-${row.status}`,
        role: 'row',
        'data-testid': 'diff-row',
        'data-status': row.status,
        'aria-rowindex': String(index + 1),
        title:
          row.status === 'same' ? undefined : `${STATUS_TITLES[row.status]}${row.similarity > 0 ? ` (similarity ${Math.round(row.similarity * 100)}%)` : ''}`,
      },
      this.cell(row, 'left'),
      h('span', { class: 'diff-gutter', 'aria-label': STATUS_TITLES[row.status] }, STATUS_MARKS[row.status]),
      this.cell(row, 'right'),
    );
  }

  private cell(row: DiffRow, side: Side): HTMLElement {
    const card: DiffSide | null = side === 'left' ? row.left : row.right;
    if (card === null) return h('div', { class: `diff-cell ${side} diff-empty`, role: 'cell' });
    const times = intervalsText(card.intervals);
    const text = h('div', { class: 'diff-text' });
    for (const run of sideRuns(row, side))
      text.append(run.marked ? h(side === 'left' ? 'del' : 'ins', { class: `diff-word ${side === 'left' ? 'removed' : 'added'}` }, run.text) : run.text);
    return h(
      'div',
      {
        class: `diff-cell ${side} kind-${card.kind}`,
        role: 'cell',
        'data-card': String(card.card),
        title: side === this.openSide ? 'Show this card in the Sample tab' : undefined,
      },
      h(
        'div',
        { class: 'diff-card-head' },
        h('span', { class: 'diff-card-label' }, `${cardLabel({ kind: card.kind, step: null })} · card ${card.card + 1}`),
        row.status === 'moved'
          ? h('span', { class: 'badge diff-moved', 'data-testid': 'diff-moved' }, side === 'left' ? 'moved from here' : 'moved here')
          : null,
        times ? h('span', { class: 'diff-times', 'data-testid': 'diff-times' }, times) : null,
      ),
      text,
    );
  }

  private answerRow(diff: ChainDiff): HTMLElement | string {
    if (diff.answerLeft === null && diff.answerRight === null) return '';
    const changed = answerChanged(diff);
    const side = (answer: string | null, which: Side): HTMLElement =>
      h(
        'div',
        { class: `diff-cell ${which}${answer === null ? ' diff-empty' : ''}`, role: 'cell' },
        answer === null
          ? ''
          : h(
              'span',
              {},
              'Answer: ',
              changed ? h(which === 'left' ? 'del' : 'ins', { class: `diff-word ${which === 'left' ? 'removed' : 'added'}` }, answer) : h('strong', {}, answer),
            ),
      );
    return h(
      'div',
      {
        class: `diff-row diff-answer status-${changed ? 'changed' : 'same'}`,
        role: 'row',
        'data-testid': 'diff-answer',
        'data-status': changed ? 'changed' : 'same',
      },
      side(diff.answerLeft, 'left'),
      h('span', { class: 'diff-gutter', 'aria-hidden': 'true' }, changed ? '~' : ''),
      side(diff.answerRight, 'right'),
    );
  }
}
