/**
 * Editing on one step card: a toolbar (edit, move up/down, insert after, delete; shown on hover or
 * focus), the text editor in place of the text (double-click or e), the insert form (i) and the chip
 * re-time form (Alt+click or ✎ on a chip). Every change is one ChainEdit sent to the host, which owns
 * the document and its undo; on success the sample is shown again, so this only handles refusals.
 */
import type { ChainEdit, EditOutcome } from '../../shared/edit/edits';
import type { StepCard } from '../../shared/sample/sample';
import { h } from '../app/dom';
import { chipLabel } from '../cards/chipText';
import type { StepCardView } from '../cards/stepCard';
import { editorText, moveBounds, textEdit } from './cardEdits';
import { EditForm, type Refusal } from './editForm';
import { readRetimeForm, sameTimes, type ChipTimes } from './retime';
import { formatTimeInput } from './timeInput';

export interface EditSender {
  /** Sends one edit of the shown chain; a failed request comes back as a refusal. */
  apply(edit: ChainEdit): Promise<EditOutcome>;
}

/** What the sample view's cards call while its chain is editable. */
export interface SampleEditHandlers extends EditSender {
  /** A chip was clicked: the target of the re-time keys (t / T) until another one is. */
  chipTouched(card: number, chip: number): void;
}

/** The host's answer as the form wants it: null when applied, else the reason. */
export async function sendEdit(sender: EditSender, edit: ChainEdit): Promise<Refusal | null> {
  const outcome = await sender.apply(edit);
  return outcome.applied ? null : (outcome.reason ?? 'The edit was refused.');
}

type OpenForm = 'text' | 'insert' | 'chip';

/** An open form's state, kept when the card is drawn again (the sample reloaded while typing). */
export interface CardDraft {
  card: number;
  cardKind: StepCard['kind'];
  kind: OpenForm;
  chip: number | null;
  values: Record<string, string>;
  focused: boolean;
}

export class CardEditing {
  private form: EditForm | null = null;
  private open: OpenForm | null = null;
  private openChipIndex: number | null = null;
  private readonly message = h('p', { class: 'edit-refused', 'data-testid': 'edit-refused', role: 'alert', hidden: true });
  private readonly bounds: { up: boolean; down: boolean };

  constructor(
    private readonly view: StepCardView,
    cards: readonly StepCard[],
    private readonly sender: EditSender,
  ) {
    this.bounds = moveBounds(view.card, cards);
    view.header.append(this.toolbar());
    view.editSlot.append(this.message);
    view.element.classList.add('editable');
    // Double-clicking the card's text (or its header) edits it; not its chips, frames, forms or evidence.
    view.element.addEventListener('dblclick', (event) => {
      if (this.open === 'text' || (event.target as Element).closest('button, a, vscode-button, textarea, input, .edit-form, .thumbnails, .evidence')) return;
      event.preventDefault();
      window.getSelection()?.removeAllRanges();
      this.openText();
    });
  }

  get card(): StepCard {
    return this.view.card;
  }

  /** Whether a form is open on this card (its draft would be lost by a re-render). */
  get isOpen(): boolean {
    return this.open !== null;
  }

  draft(): CardDraft | null {
    if (this.open === null || this.form === null) return null;
    return {
      card: this.card.index,
      cardKind: this.card.kind,
      kind: this.open,
      chip: this.openChipIndex,
      values: this.form.values(),
      focused: this.form.hasFocus,
    };
  }

  /** Opens the form a draft was typed in, with its text; the focus only goes back if it was there. */
  restore(draft: CardDraft): void {
    const active = document.activeElement;
    if (draft.kind === 'text') this.openText();
    else if (draft.kind === 'insert') this.openInsert();
    else if (draft.chip !== null) this.openChip(draft.chip);
    if (!this.form) return;
    this.form.setValues(draft.values);
    if (draft.focused) return;
    if (active instanceof HTMLElement && active !== document.body && active.isConnected) active.focus({ preventScroll: true });
    else if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  }

  /** e / double-click / ✎: the card's text in a textarea, in place. */
  openText(): void {
    const card = this.card;
    const answer = card.kind === 'answer';
    this.show('text', {
      testid: 'card-edit-form',
      title: answer ? 'Edit the answer' : 'Edit the text',
      fields: [{ name: 'text', testid: 'card-editor', label: answer ? 'Answer' : 'Text', value: editorText(card), multiline: true }],
      applyTestId: 'card-edit-apply',
      applyLabel: 'Apply',
      apply: async (values) => {
        const edit = textEdit(card, values.text);
        if (edit === null) {
          this.close();
          return null;
        }
        return this.settle(await sendEdit(this.sender, edit));
      },
    });
  }

  /** i / ＋: a new action/observation step after this card. */
  openInsert(): void {
    this.show('insert', {
      testid: 'insert-form',
      title: 'Insert a step after this card',
      fields: [
        { name: 'action', testid: 'insert-action', label: 'Action', value: '', multiline: true, placeholder: 'query the segment from 00:10 to 00:20' },
        { name: 'observation', testid: 'insert-observation', label: 'Observation', value: '', multiline: true, placeholder: 'What the segment shows' },
      ],
      applyTestId: 'insert-apply',
      applyLabel: 'Insert',
      apply: async (values) => {
        const action = values.action.trim();
        const observation = values.observation.trim();
        if (action === '' && observation === '') return { reason: 'Write the action or the observation (or both).', field: 'action' };
        return this.settle(await sendEdit(this.sender, { op: 'insertStep', after: this.card.index, action, observation }));
      },
    });
  }

  /** Alt+click / ✎ on a chip: its start and end as MM:SS, H:MM:SS or seconds. */
  openChip(index: number): void {
    const chip = this.card.chips[index];
    if (!chip) return;
    this.show('chip', {
      testid: 'chip-form',
      title: `Re-time ${chipLabel(chip)} (“${chip.text}”)`,
      fields: [
        { name: 'start', testid: 'chip-start', label: 'Start', value: formatTimeInput(chip.start), time: true, placeholder: 'MM:SS' },
        {
          name: 'end',
          testid: 'chip-end',
          label: 'End',
          value: chip.kind === 'range' ? formatTimeInput(chip.end) : '',
          time: true,
          placeholder: 'empty: a point',
        },
      ],
      applyTestId: 'chip-apply',
      applyLabel: 'Re-time',
      apply: async (values) => {
        const read = readRetimeForm(values.start, values.end);
        if (!read.ok) return { reason: read.reason, field: read.field };
        if (sameTimes(chip, read)) {
          this.close();
          return null;
        }
        return this.settle(await sendEdit(this.sender, { op: 'retime', card: this.card.index, chip: index, start: read.start, end: read.end }));
      },
    });
    this.openChipIndex = index;
    this.form?.focus(true);
    this.form?.reveal();
  }

  /** t / T: new times for a chip straight from the playhead (a refusal shows on the card). */
  async retime(index: number, times: ChipTimes): Promise<void> {
    const chip = this.card.chips[index];
    if (!chip) return;
    if (sameTimes(chip, times)) {
      this.showMessage(
        `${chipLabel(chip)} already says ${formatTimeInput(times.start)}${times.end > times.start ? `–${formatTimeInput(times.end)}` : ''}.`,
        'info',
      );
      return;
    }
    this.showMessage(await sendEdit(this.sender, { op: 'retime', card: this.card.index, chip: index, start: times.start, end: times.end }));
  }

  /** x / 🗑: the card's step (or the card alone when it is no step). */
  async deleteStep(): Promise<void> {
    this.showMessage(await sendEdit(this.sender, { op: 'deleteStep', card: this.card.index }));
  }

  /** Alt+↑ / Alt+↓ / the arrows: swap the card's step with its neighbour. */
  async move(direction: -1 | 1): Promise<void> {
    if (this.card.step === null) {
      this.showMessage('Only action and observation steps move.', 'info');
      return;
    }
    if (!(direction === -1 ? this.bounds.up : this.bounds.down)) {
      this.showMessage(direction === -1 ? 'This is the first step.' : 'This is the last step.', 'info');
      return;
    }
    this.showMessage(await sendEdit(this.sender, { op: 'moveStep', card: this.card.index, direction }));
  }

  /** A refusal (or a note) on the card, outside any form; null hides it. */
  showMessage(refusal: Refusal | null, tone: 'error' | 'info' = 'error'): void {
    const text = refusal === null ? null : typeof refusal === 'string' ? refusal : refusal.reason;
    this.message.hidden = text === null;
    this.message.textContent = text ?? '';
    this.message.classList.toggle('info', tone === 'info');
  }

  /** Closes the open form; the card gets the focus back (so the keys go on working). */
  close(focusCard = true): void {
    if (this.open === null) return;
    this.form?.element.remove();
    this.form = null;
    this.open = null;
    this.openChipIndex = null;
    this.view.body.hidden = false;
    this.view.element.classList.remove('editing');
    if (focusCard) this.view.element.focus({ preventScroll: true });
  }

  /** A form's result: applied closes it (the new sample is on its way), refused keeps it open. */
  private settle(refusal: Refusal | null): Refusal | null {
    if (refusal === null) this.close();
    return refusal;
  }

  private show(kind: OpenForm, options: Omit<ConstructorParameters<typeof EditForm>[0], 'cancel'>): void {
    this.close(false);
    this.showMessage(null);
    this.open = kind;
    this.form = new EditForm({ ...options, cancel: () => this.close() });
    // The text editor replaces the text; the other forms go under it.
    this.view.body.hidden = kind === 'text';
    this.view.element.classList.add('editing');
    this.view.editSlot.prepend(this.form.element);
    this.form.focus();
    this.form.reveal();
  }

  private toolbar(): HTMLElement {
    const card = this.card;
    const isStep = card.step !== null;
    const tool = (testid: string, glyph: string, label: string, run: () => void, disabled = false): HTMLButtonElement => {
      const button = h('button', { type: 'button', class: 'card-tool', 'data-testid': testid, 'aria-label': label, title: label, disabled }, glyph);
      button.addEventListener('click', (event) => {
        event.stopPropagation();
        run();
      });
      return button;
    };
    const tools = h(
      'span',
      { class: 'card-tools', role: 'toolbar', 'aria-label': 'Edit this card' },
      tool('card-edit', '✎', card.kind === 'answer' ? 'Edit the answer (e, or double-click)' : 'Edit the text (e, or double-click)', () => this.openText()),
      isStep ? tool('step-up', '↑', 'Move the step up (Alt+↑)', () => void this.move(-1), !this.bounds.up) : null,
      isStep ? tool('step-down', '↓', 'Move the step down (Alt+↓)', () => void this.move(1), !this.bounds.down) : null,
      tool('step-insert', '+', 'Insert a step after this card (i)', () => this.openInsert()),
      tool(
        'step-delete',
        '✕',
        isStep ? 'Delete this step: its action and observation (x; Ctrl+Z undoes)' : 'Delete this card (x; Ctrl+Z undoes)',
        () => void this.deleteStep(),
      ),
    );
    // The toolbar's clicks are not clicks on the card.
    tools.addEventListener('click', (event) => event.stopPropagation());
    return tools;
  }
}
