/**
 * The review mark in the sample header: Not reviewed / Reviewed / Fixed / Rejected (keys v, f,
 * Shift+X) and a note, written by the host to `<file>.review.jsonl` (setReview). The header is drawn
 * anew with each sample, so this element is kept and re-filled.
 */
import type { ReviewEntry, ReviewStatus } from '../../shared/review/review';
import type { SampleDetail } from '../../shared/sample/sample';
import { h } from '../app/dom';
import type { HostChannel } from '../app/hostChannel';
import { REVIEW_CHOICES, reviewKey, reviewTitle } from './reviewStatus';

export class ReviewControl {
  readonly element: HTMLElement;
  private readonly group = h('span', {
    class: 'review-menu',
    role: 'radiogroup',
    'aria-label': 'Review status',
    'data-testid': 'review-menu',
    'data-status': 'none',
  });
  private readonly note = h('input', {
    type: 'text',
    class: 'text-input review-note',
    'data-testid': 'review-note',
    placeholder: 'Review note',
    'aria-label': 'Review note',
    maxlength: '10000',
    spellcheck: 'true',
  });
  private readonly buttons = new Map<string, HTMLButtonElement>();
  /** Folds the controls to this one button, which names the mark (and shows the rest again). */
  private readonly toggle = h('button', { type: 'button', class: 'fold-toggle review-toggle', 'data-testid': 'review-toggle' });
  private open: boolean;
  private detail: SampleDetail | null = null;
  private entry: ReviewEntry | null = null;
  private seq = 0;

  constructor(
    private readonly channel: Pick<HostChannel, 'request'>,
    private readonly reportError: (message: string) => void,
    private readonly folding: { open: boolean; onToggle(open: boolean): void } = { open: true, onToggle: () => undefined },
  ) {
    this.open = folding.open;
    this.toggle.addEventListener('click', () => {
      this.open = !this.open;
      this.renderFold();
      this.folding.onToggle(this.open);
    });
    for (const choice of REVIEW_CHOICES) {
      const button = h(
        'button',
        {
          type: 'button',
          class: `review-option status-${choice.key}`,
          role: 'radio',
          'data-testid': 'review-option',
          'data-status': choice.key,
          title: choice.title,
        },
        choice.label,
      );
      button.addEventListener('click', () => void this.set(choice.status));
      this.buttons.set(choice.key, button);
      this.group.append(button);
    }
    this.group.addEventListener('keydown', (event) => this.onArrow(event));
    this.note.addEventListener('change', () => void this.commitNote());
    this.note.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        void this.commitNote();
      } else if (event.key === 'Escape') {
        // Escape puts the saved note back and leaves the field.
        event.preventDefault();
        event.stopPropagation();
        this.note.value = this.entry?.note ?? '';
        this.note.blur();
      }
    });
    this.element = h('span', { class: 'review-bar', 'data-testid': 'review-bar', hidden: true }, this.toggle, this.group, this.note);
    this.renderFold();
  }

  /** The toggle's words and state, and whether the options and the note show. */
  private renderFold(): void {
    const label = REVIEW_CHOICES.find((c) => c.key === reviewKey(this.entry?.status))?.label ?? 'Not reviewed';
    this.element.classList.toggle('collapsed', !this.open);
    this.toggle.setAttribute('aria-expanded', String(this.open));
    this.toggle.title = this.open ? 'Fold the review controls to one line' : 'Show the review controls (v, f, Shift+X mark the sample either way)';
    this.toggle.replaceChildren(
      h('span', { class: 'fold-chevron', 'aria-hidden': 'true' }, this.open ? '▾' : '▸'),
      this.open ? 'Review' : `Review: ${label}${this.entry?.note ? ' · note' : ''}`,
    );
  }

  /** The sample view shows `detail`: its mark and note. */
  show(detail: SampleDetail): void {
    const other = this.detail?.summary.position !== detail.summary.position;
    this.detail = detail;
    if (other) this.seq++;
    // Keep a note being typed when the same record is drawn again.
    const typing = !other && document.activeElement === this.note;
    this.entry = detail.review;
    this.element.hidden = false;
    this.render(typing);
  }

  /** Marks the record on show (v, f, Shift+X, the buttons); false when none is shown. */
  set(status: ReviewStatus | null): boolean {
    if (this.detail === null) return false;
    void this.write(status, this.note.value);
    return true;
  }

  private async commitNote(): Promise<void> {
    if (this.detail === null || this.note.value === (this.entry?.note ?? '')) return;
    await this.write(this.entry?.status ?? null, this.note.value);
  }

  private async write(status: ReviewStatus | null, note: string): Promise<void> {
    const detail = this.detail;
    if (detail === null) return;
    const position = detail.summary.position;
    const seq = ++this.seq;
    this.group.setAttribute('aria-busy', 'true');
    try {
      const entry = await this.channel.request({ type: 'setReview', position, status, note });
      // The host's line is the truth; the detail keeps it for re-renders of this record.
      detail.review = entry;
      if (seq !== this.seq || this.detail?.summary.position !== position) return;
      this.entry = entry;
      this.render(document.activeElement === this.note);
    } catch (error) {
      this.reportError(`The review mark could not be saved: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (seq === this.seq) this.group.removeAttribute('aria-busy');
    }
  }

  private render(keepNote: boolean): void {
    const key = reviewKey(this.entry?.status);
    this.group.dataset.status = key;
    this.group.title = reviewTitle(this.entry);
    for (const [choice, button] of this.buttons) {
      const on = choice === key;
      button.setAttribute('aria-checked', String(on));
      button.classList.toggle('selected', on);
      button.tabIndex = on ? 0 : -1;
    }
    if (!keepNote) this.note.value = this.entry?.note ?? '';
    this.renderFold();
  }

  /** ← / → move between the options, as in a radio group. */
  private onArrow(event: KeyboardEvent): void {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const keys = [...this.buttons.keys()];
    const at = keys.indexOf(this.group.dataset.status ?? 'none');
    const next = keys[(at + (event.key === 'ArrowRight' ? 1 : keys.length - 1)) % keys.length];
    const choice = REVIEW_CHOICES.find((c) => c.key === next);
    if (choice) void this.set(choice.status);
    this.buttons.get(next)?.focus();
  }
}
