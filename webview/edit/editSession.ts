/**
 * The edit side of the sample on show: sends the cards' edits with the record's position and
 * completion, turns the edit keys (e, x, i, Alt+↑/↓, t, T) into actions on the focused or selected
 * card, remembers the chip t / T re-time, and puts the focus back where the edit was once the host
 * has applied it and the sample is shown again (cards are drawn anew, so the focus would be lost).
 */
import type { ChainEdit, EditOutcome } from '../../shared/edit/edits';
import type { SampleDetail } from '../../shared/sample/sample';
import type { HostChannel } from '../app/hostChannel';
import { hasOwnChain } from '../app/ownChain';
import { focusAfter, resolveFocus, type FocusTarget } from './cardEdits';
import type { CardEditing, SampleEditHandlers } from './cardEditing';
import { endAt, playheadFor, startAt } from './retime';

/** The sample view as the editing uses it (SampleView fits). */
export interface EditedView {
  readonly element: HTMLElement;
  readonly current: SampleDetail | undefined;
  readonly selectedCard: number | null;
  /** The editing of card `index`, when the chain on show is editable. */
  editing(index: number): CardEditing | undefined;
  focusCard(index: number): void;
  focusChip(card: number, chip: number): boolean;
}

export interface EditParts {
  /** The sample view (made after the editing: its cards call it). */
  view(): EditedView;
  /** The playhead, seconds. */
  time(): number;
  /** Selects card `index` without seeking: after an edit the video stays where it is. */
  selectCard(index: number): void;
  /** Fetch the shown sample again (its score, delta and diff follow). */
  reload(): void;
}

interface Shown {
  position: number;
  completion: number;
}

/** If the host's `edits` notification has not named the record this long after an applied edit, fetch it anyway. */
const FALLBACK_RELOAD_MS = 800;

export class EditSession {
  /** The chip clicked last: what t / T re-time when no chip has the focus. */
  private lastChip: (Shown & { card: number; chip: number }) | null = null;
  /** Where the focus goes once the edited sample is shown. */
  private pending: (Shown & { target: FocusTarget; chip: number | null }) | null = null;
  /** `edits` notifications that changed the record on show. */
  private notices = 0;

  /** What the sample view's cards call. */
  readonly handlers: SampleEditHandlers = {
    apply: (edit) => this.apply(edit),
    chipTouched: (card, chip) => {
      const shown = this.shown();
      if (shown) this.lastChip = { ...shown, card, chip };
    },
  };

  constructor(
    private readonly channel: Pick<HostChannel, 'request'>,
    private readonly parts: EditParts,
  ) {}

  private get view(): EditedView {
    return this.parts.view();
  }

  /** Sends one edit of the shown chain; a request that fails is a refusal with its message. */
  async apply(edit: ChainEdit): Promise<EditOutcome> {
    const detail = this.view.current;
    if (!detail || !hasOwnChain(detail)) return { applied: false, reason: 'This record’s chain cannot be edited.' };
    const shown = { position: detail.summary.position, completion: detail.completion };
    const target = focusAfter(edit, detail.cards);
    // Planned before sending: the new sample may be shown before the answer arrives.
    this.pending = target ? { ...shown, target, chip: edit.op === 'retime' ? edit.chip : null } : null;
    const seen = this.notices;
    let outcome: EditOutcome;
    try {
      outcome = await this.channel.request({ type: 'edit', ...shown, edit });
    } catch (error) {
      outcome = { applied: false, reason: error instanceof Error ? error.message : String(error) };
    }
    if (!outcome.applied) {
      this.pending = null;
      return outcome;
    }
    setTimeout(() => {
      if (this.notices === seen && this.isShown(shown)) this.parts.reload();
    }, FALLBACK_RELOAD_MS);
    return outcome;
  }

  /**
   * The host's `edits` notification: whether the record on show must be fetched again (its content
   * changed, or it gained or lost its unsaved edits: a save, a revert).
   */
  needsReload(message: { edited: readonly number[]; changed: readonly number[] }): boolean {
    const detail = this.view.current;
    if (!detail) return false;
    const position = detail.summary.position;
    const changed = message.changed.includes(position);
    if (changed) this.notices++;
    return changed || message.edited.includes(position) !== detail.edited;
  }

  /** The sample view shows `detail`: forget another record's chip, and restore the focus after an edit. */
  onShown(detail: SampleDetail): void {
    const shown = { position: detail.summary.position, completion: detail.completion };
    if (this.lastChip && !same(this.lastChip, shown)) this.lastChip = null;
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    if (!same(pending, shown)) return;
    const index = resolveFocus(pending.target, detail.cards);
    if (index === null) return;
    this.parts.selectCard(index);
    if (pending.chip !== null && this.view.focusChip(index, pending.chip)) return;
    this.view.focusCard(index);
  }

  // The keys: each returns false when there is nothing to act on, so the key goes on unhandled.

  editCard(): boolean {
    const editing = this.target();
    editing?.openText();
    return editing !== undefined;
  }

  deleteStep(): boolean {
    const editing = this.target();
    if (editing) void editing.deleteStep();
    return editing !== undefined;
  }

  insertStep(): boolean {
    const editing = this.target();
    editing?.openInsert();
    return editing !== undefined;
  }

  moveStep(direction: -1 | 1): boolean {
    const editing = this.target();
    if (editing) void editing.move(direction);
    return editing !== undefined;
  }

  /** t (start) / T (end): the focused or last clicked chip to the playhead. */
  retime(which: 'start' | 'end'): boolean {
    const view = this.view;
    const target = this.chipTarget();
    if (target === null) {
      // A card but no chip: say how t works instead of doing nothing.
      const editing = this.target();
      editing?.showMessage(
        `Click (or focus) a time chip first; then ${which === 'start' ? 't sets its start' : 'Shift+T sets its end'} to the playhead.`,
        'info',
      );
      return editing !== undefined;
    }
    const editing = view.editing(target.card);
    const chip = editing?.card.chips[target.chip];
    if (!editing || !chip) return false;
    const time = playheadFor(chip, this.parts.time());
    void editing.retime(target.chip, which === 'start' ? startAt(chip, time) : endAt(chip, time));
    return true;
  }

  private shown(): Shown | null {
    const detail = this.view.current;
    return detail ? { position: detail.summary.position, completion: detail.completion } : null;
  }

  private isShown(shown: Shown): boolean {
    const now = this.shown();
    return now !== null && same(now, shown);
  }

  /** The card the keys act on: the one with the focus, else the selected one (while the sample tab shows). */
  private target(): CardEditing | undefined {
    const view = this.view;
    if (view.element.hidden || view.current === undefined) return undefined;
    const focused = document.activeElement instanceof Element ? document.activeElement.closest<HTMLElement>('[data-testid=step-card]') : null;
    const index = focused && view.element.contains(focused) ? Number(focused.dataset.card) : view.selectedCard;
    return index === null || !Number.isInteger(index) ? undefined : view.editing(index);
  }

  /** The chip with the focus (or whose ✎ / ▶ has it), else the chip clicked last on this sample. */
  private chipTarget(): { card: number; chip: number } | null {
    const view = this.view;
    if (view.element.hidden) return null;
    const active = document.activeElement instanceof Element ? document.activeElement : null;
    const group = active?.closest('.chip-group') ?? null;
    const chip = active?.matches('[data-testid=time-chip]') ? active : group?.querySelector('[data-testid=time-chip]');
    const card = chip?.closest<HTMLElement>('[data-testid=step-card]');
    if (chip && card && view.element.contains(card)) return { card: Number(card.dataset.card), chip: Number((chip as HTMLElement).dataset.chip) };
    const shown = this.shown();
    if (this.lastChip && shown && same(this.lastChip, shown)) return { card: this.lastChip.card, chip: this.lastChip.chip };
    return null;
  }
}

function same(a: Shown, b: Shown): boolean {
  return a.position === b.position && a.completion === b.completion;
}
