/**
 * A small inline form for one edit (a card's text, a new step, a chip's times, the answer): labelled
 * fields, Apply and Cancel, and the host's refusal shown in place while the form stays open. Native
 * textareas and inputs keep the browser's own undo (Ctrl+Z) while typing; nothing here takes it.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { h } from '../app/dom';
import { reveal } from '../layout/reveal';

export interface FormField {
  name: string;
  testid: string;
  label: string;
  value: string;
  /** A textarea (Ctrl+Enter applies); otherwise a one-line input (Enter applies). */
  multiline?: boolean;
  placeholder?: string;
  /** Monospace and narrow (times). */
  time?: boolean;
}

/** Why an edit was not applied, and the field to fix when one is at fault. */
export type Refusal = string | { reason: string; field?: string };

export interface EditFormOptions {
  /** The form's own data-testid. */
  testid: string;
  title: string;
  fields: FormField[];
  applyTestId: string;
  applyLabel: string;
  /** Sends the edit: null when it was applied (the owner closes the form), else why not. */
  apply(values: Record<string, string>): Promise<Refusal | null>;
  cancel(): void;
}

/** Textareas grow with their text up to this many rows, then scroll. */
const MAX_ROWS = 24;

export class EditForm {
  readonly element: HTMLElement;
  private readonly inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
  private readonly refused = h('p', { class: 'edit-refused', 'data-testid': 'edit-refused', role: 'alert', hidden: true });
  private readonly applyButton: HTMLElement;
  private busy = false;

  constructor(private readonly options: EditFormOptions) {
    const fields = options.fields.map((field) => this.field(field));
    this.applyButton = h('vscode-button', { 'data-testid': options.applyTestId, title: 'Apply (Ctrl+Enter)' }, options.applyLabel);
    this.applyButton.addEventListener('click', () => void this.submit());
    const cancel = h('vscode-button', { secondary: true, 'data-testid': 'edit-cancel', title: 'Cancel (Escape)' }, 'Cancel');
    cancel.addEventListener('click', () => options.cancel());
    this.element = h(
      'div',
      { class: 'edit-form', role: 'group', 'aria-label': options.title, 'data-testid': options.testid },
      h('div', { class: 'edit-form-title' }, options.title),
      ...fields,
      this.refused,
      h('div', { class: 'edit-form-buttons' }, this.applyButton, cancel, h('span', { class: 'muted edit-form-hint' }, 'Ctrl+Enter applies · Escape cancels')),
    );
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    // Clicks and double-clicks in the form are not clicks on the card around it.
    for (const type of ['click', 'dblclick']) this.element.addEventListener(type, (event) => event.stopPropagation());
  }

  /** Focus the first field, its text selected when `select`. */
  focus(select = false): void {
    const first = this.inputs.values().next().value;
    if (!first) return;
    first.focus({ preventScroll: false });
    if (select) first.select();
    else first.setSelectionRange(first.value.length, first.value.length);
  }

  /** Scrolls the sample so the whole form shows (its fields and its buttons), not just the focused field. */
  reveal(): void {
    if (this.element.isConnected) reveal(this.element);
  }

  /** Whether the focus is in one of the fields. */
  get hasFocus(): boolean {
    return this.element.contains(document.activeElement);
  }

  /** Puts typed text back (a draft kept across a re-render of the card). */
  setValues(values: Record<string, string>): void {
    for (const [name, value] of Object.entries(values)) {
      const input = this.inputs.get(name);
      if (input === undefined) continue;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
  }

  values(): Record<string, string> {
    return Object.fromEntries([...this.inputs].map(([name, input]) => [name, input.value]));
  }

  /** Shows why the edit was not applied (null hides it); the form stays open to fix it. */
  showRefused(reason: string | null, field?: string): void {
    this.refused.hidden = reason === null;
    this.refused.textContent = reason ?? '';
    for (const [name, input] of this.inputs) input.setAttribute('aria-invalid', String(reason !== null && name === field));
    if (field) this.inputs.get(field)?.focus();
  }

  private field(field: FormField): HTMLElement {
    const attributes = {
      class: `edit-input${field.time ? ' time-input' : ''}`,
      'data-testid': field.testid,
      name: field.name,
      placeholder: field.placeholder,
      spellcheck: field.time ? 'false' : 'true',
      'aria-label': field.label,
    };
    let input: HTMLInputElement | HTMLTextAreaElement;
    if (field.multiline) {
      const area = h('textarea', { ...attributes, rows: '3' });
      area.value = field.value;
      const fit = (): void => {
        area.rows = Math.min(MAX_ROWS, Math.max(3, area.value.split('\n').length + 1));
      };
      area.addEventListener('input', fit);
      fit();
      input = area;
    } else {
      input = h('input', { ...attributes, type: 'text', autocomplete: 'off' });
      input.value = field.value;
    }
    this.inputs.set(field.name, input);
    return h('label', { class: `edit-field${field.multiline ? ' multiline' : ''}` }, h('span', { class: 'edit-label' }, field.label), input);
  }

  private onKey(event: KeyboardEvent): void {
    // The form's own keys stop here: the page's single-key shortcuts never see them.
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.options.cancel();
      return;
    }
    const target = event.target;
    const oneLine = target instanceof HTMLInputElement;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey || (oneLine && !event.shiftKey && !event.altKey))) {
      event.preventDefault();
      event.stopPropagation();
      void this.submit();
    }
  }

  private async submit(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.applyButton.setAttribute('disabled', '');
    this.element.setAttribute('aria-busy', 'true');
    try {
      const refusal = await this.options.apply(this.values());
      if (typeof refusal === 'string') this.showRefused(refusal);
      else if (refusal !== null) this.showRefused(refusal.reason, refusal.field);
    } finally {
      this.busy = false;
      this.applyButton.removeAttribute('disabled');
      this.element.removeAttribute('aria-busy');
    }
  }
}
