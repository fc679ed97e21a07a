/**
 * The "Group" tab of a rollout: every rollout of its prompt (a GRPO group) side by side — answer,
 * logged rewards, advantage logged vs recomputed, format — with the group's mean and std, and each
 * rollout's steps, those the other rollouts do not share marked. Clicking a rollout opens it.
 */
import type { GroupDetail, GroupMember, GroupStep } from '../../shared/rewards/scores';
import { h } from '../app/dom';
import type { HostChannel } from '../app/hostChannel';
import { intervalsText } from '../cards/cardText';
import { groupStatsText, valueText, ZERO_VARIANCE_NOTE } from '../rewards/breakdownText';
import { idParts } from '../list/middleEllipsis';
import { advantageMismatch, correctMark, currentMember, stepDiffers } from './groupMath';

export interface GroupHandlers {
  open(position: number, completion: number): void;
}

/** Characters of a step's action and observation shown in a column. */
const STEP_CHARS = 160;

const ROWS: { row: string; label: string; title: string }[] = [
  { row: 'id', label: 'Rollout', title: 'Record id (and completion)' },
  { row: 'predicted', label: 'Answer', title: 'The rollout’s answer and whether it is right (offline check)' },
  { row: 'total', label: 'Total', title: 'Logged total reward' },
  { row: 'acc', label: 'r_acc', title: 'Logged r_acc' },
  { row: 'obs', label: 'r_obs', title: 'Logged r_obs' },
  { row: 'rea', label: 'r_rea', title: 'Logged r_rea' },
  { row: 'fmt', label: 'r_fmt', title: 'Logged r_fmt' },
  { row: 'advantage', label: 'Advantage', title: 'Logged advantage vs (total − mean) / std recomputed over the group' },
  { row: 'format', label: 'Format', title: 'Offline tag check' },
  { row: 'mismatches', label: 'Mismatches', title: 'Logged rewards that contradict the formula, their range or the offline checks' },
  { row: 'steps', label: 'Steps', title: 'The rollout’s action/observation steps; marked ones are not shared by every rollout' },
];

const clip = (text: string): string => {
  const flat = text.trim().replace(/\s+/g, ' ');
  return flat.length > STEP_CHARS ? `${flat.slice(0, STEP_CHARS)}…` : flat;
};

export class GroupView {
  readonly element = h('section', { class: 'group-view', 'data-testid': 'group-view', 'data-state': 'empty', 'aria-label': 'GRPO group', hidden: true });
  private position: number | null = null;
  private completion = 0;
  private detail: GroupDetail | null = null;
  /** The position the shown (or loading) group was asked for. */
  private loadedFor: number | null = null;
  private visible = false;
  private seq = 0;

  constructor(
    private readonly channel: Pick<HostChannel, 'request'>,
    private readonly handlers: GroupHandlers,
  ) {}

  /** The sample view shows this rollout: mark it, and load its group when it is another one. */
  setCurrent(position: number | null, completion: number): void {
    this.position = position;
    this.completion = completion;
    const inShown = this.detail !== null && position !== null && this.detail.members.some((m) => m.position === position);
    if (!inShown && this.loadedFor !== position) {
      this.detail = null;
      this.loadedFor = null;
    }
    if (this.detail) this.markCurrent();
    if (this.visible) this.ensureLoaded();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.element.hidden = !visible;
    if (visible) this.ensureLoaded();
  }

  /** Load again (the sample changed on disk, scores were recomputed). */
  reload(): void {
    this.loadedFor = null;
    this.detail = null;
    if (this.visible) this.ensureLoaded();
  }

  private ensureLoaded(): void {
    if (this.position === null || this.loadedFor === this.position || (this.detail && this.detail.members.some((m) => m.position === this.position))) return;
    void this.load(this.position);
  }

  private async load(position: number): Promise<void> {
    const seq = ++this.seq;
    this.loadedFor = position;
    this.element.dataset.state = 'loading';
    this.element.replaceChildren(h('div', { class: 'loading' }, h('vscode-progress-ring', { 'aria-label': 'Loading the group' }), ' Loading the group…'));
    try {
      const detail = await this.channel.request({ type: 'group', position });
      if (seq !== this.seq) return;
      this.detail = detail;
      this.render(detail);
    } catch (error) {
      if (seq !== this.seq) return;
      this.loadedFor = null;
      this.element.dataset.state = 'error';
      this.element.replaceChildren(
        h('p', { class: 'error-text', role: 'alert' }, `The group could not be loaded: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }

  private render(detail: GroupDetail): void {
    this.element.dataset.state = 'ready';
    const count = detail.members.length;
    const summary = h(
      'div',
      { class: 'group-summary', 'data-testid': 'group-summary' },
      h(
        'h3',
        { class: 'panel-title' },
        'GRPO group ',
        detail.promptId ? h('code', { title: 'prompt id' }, detail.promptId) : h('span', { class: 'muted' }, '(no prompt id)'),
        h('span', { class: 'muted' }, ` · ${groupStatsText({ size: count, mean: detail.mean, std: detail.std })}`),
      ),
      detail.question ? h('p', { class: 'group-question', title: detail.question }, clip(detail.question)) : '',
      detail.answer ? h('p', { class: 'group-answer' }, 'Answer: ', h('strong', {}, detail.answer)) : '',
      detail.zeroVariance ? h('p', { class: 'warning-text', 'data-testid': 'group-zero-variance' }, ZERO_VARIANCE_NOTE) : '',
      detail.truncated ? h('p', { class: 'muted' }, `The group has more rollouts; the first ${count} are shown.`) : '',
    );
    if (count === 0) {
      this.element.replaceChildren(summary, h('p', { class: 'muted' }, 'No rollouts share this prompt.'));
      return;
    }
    const grid = h('div', { class: 'group-grid', role: 'table', 'aria-label': 'Rollouts of the group' });
    grid.style.setProperty('--members', String(count));
    grid.style.setProperty('--rows', String(ROWS.length));
    grid.append(
      h(
        'div',
        { class: 'group-labels', role: 'rowgroup', 'aria-hidden': 'true' },
        ...ROWS.map((r) => h('div', { class: 'gm-label', title: r.title }, r.label)),
      ),
    );
    // "completion N" only says something when a record of the group holds several completions.
    const positions = new Set(detail.members.map((m) => m.position));
    const severalPerRecord = positions.size < count || detail.members.some((m) => m.completion > 0);
    for (const member of detail.members) grid.append(this.member(member, count, severalPerRecord));
    this.element.replaceChildren(summary, grid);
    this.markCurrent();
  }

  /** A rollout's id, cut in the middle when its column is narrow (the distinguishing end stays); the whole id on hover and as its name. */
  private idLine(id: string): HTMLElement {
    const { head, tail } = idParts(id);
    return h(
      'div',
      { class: 'gm-id', title: id, 'aria-label': id },
      h('span', { class: 'id-head', 'aria-hidden': 'true' }, head),
      tail ? h('span', { class: 'id-tail', 'aria-hidden': 'true' }, tail) : null,
    );
  }

  private member(member: GroupMember, count: number, showCompletion: boolean): HTMLElement {
    const stored = member.stored;
    const advMismatch = advantageMismatch(member);
    const open = h(
      'button',
      {
        type: 'button',
        class: 'gm-open',
        'data-testid': 'group-member-open',
        title: showCompletion ? `Open record #${member.position + 1}, completion ${member.completion + 1}` : `Open record #${member.position + 1}`,
      },
      `#${(member.position + 1).toLocaleString()}`,
      showCompletion ? h('span', { class: 'muted' }, ` · completion ${member.completion + 1}`) : null,
    );
    const cell = (row: string, ...children: (Node | string)[]): HTMLElement => h('div', { class: `gm-cell gm-${row}`, 'data-row': row }, ...children);
    const value = (row: string, v: number | null): HTMLElement => cell(row, h('span', { class: v === null ? 'muted' : '' }, valueText(v)));
    const column = h(
      'div',
      {
        class: 'group-member',
        role: 'row',
        'data-testid': 'group-member',
        'data-position': String(member.position),
        'data-completion': String(member.completion),
        'data-current': 'false',
      },
      cell('id', open, member.id ? this.idLine(member.id) : ''),
      cell(
        'predicted',
        h(
          'span',
          {
            class: member.correct === true ? 'right' : member.correct === false ? 'wrong' : 'muted',
            'data-correct': member.correct === null ? 'unknown' : String(member.correct),
          },
          member.predicted ?? '(no answer)',
          ` ${correctMark(member.correct)}`,
        ),
      ),
      value('total', stored.total),
      value('acc', stored.acc),
      value('obs', stored.obs),
      value('rea', stored.rea),
      value('fmt', stored.fmt),
      h(
        'div',
        {
          class: `gm-cell gm-advantage${advMismatch ? ' mismatch' : ''}`,
          'data-row': 'advantage',
          'data-mismatch': String(advMismatch),
          title: 'logged / recomputed',
        },
        `${valueText(stored.advantage)} / ${valueText(member.advantage)}`,
        advMismatch ? h('span', { class: 'warning-icon', title: 'The logged advantage differs from the recomputed one' }, ' ⚠') : '',
      ),
      cell(
        'format',
        h('span', { class: member.fmt === 0 ? 'wrong' : member.fmt === 1 ? 'right' : 'muted' }, member.fmt === null ? '—' : member.fmt === 1 ? 'ok' : 'fails'),
      ),
      cell(
        'mismatches',
        member.mismatches.length === 0
          ? h('span', { class: 'muted' }, 'none')
          : h('span', { class: 'warning-text', title: member.mismatches.map((m) => m.message).join('\n') }, `⚠ ${member.mismatches.length}`),
      ),
      cell('steps', this.steps(member.steps, count)),
    );
    column.addEventListener('click', (event) => {
      const selection = window.getSelection();
      if (selection !== null && !selection.isCollapsed && column.contains(selection.anchorNode)) return;
      if ((event.target as Element).closest('a')) return;
      this.handlers.open(member.position, member.completion);
    });
    return column;
  }

  private steps(steps: readonly GroupStep[], count: number): HTMLElement {
    if (steps.length === 0) return h('span', { class: 'muted' }, 'no steps');
    return h(
      'ol',
      { class: 'gm-steps' },
      ...steps.map((step) => {
        const differs = stepDiffers(step, count);
        const times = intervalsText(step.intervals);
        return h(
          'li',
          {
            class: `group-step${differs ? ' differs' : ''}`,
            'data-testid': 'group-step',
            'data-step': String(step.step),
            'data-shared-by': String(step.sharedBy),
            'data-differs': String(differs),
            title: `Shared by ${step.sharedBy} of ${count} rollouts${differs ? ' — differs' : ''}`,
          },
          h('span', { class: 'gm-step-label' }, `${step.step + 1}.`),
          times ? h('span', { class: 'card-times' }, ` ${times}`) : '',
          h('div', { class: 'gm-action' }, clip(step.action)),
          h('div', { class: 'gm-observation' }, '→ ', clip(step.observation)),
        );
      }),
    );
  }

  private markCurrent(): void {
    if (!this.detail) return;
    const index = currentMember(this.detail, this.position, this.completion);
    this.element.querySelectorAll<HTMLElement>('[data-testid=group-member]').forEach((element, i) => {
      element.dataset.current = String(i === index);
      element.classList.toggle('current', i === index);
      if (i === index) element.setAttribute('aria-current', 'true');
      else element.removeAttribute('aria-current');
    });
  }
}
