/**
 * The ✎ beside "Predicted: …": sets the chain's final answer (setAnswer; added at the end of the
 * chain when it has none), in a form under the answer line.
 */
import { h } from '../app/dom';
import { EditForm } from './editForm';
import { sendEdit, type EditSender } from './cardEditing';

export class AnswerEditor {
  /** The button, to place beside the predicted answer. */
  readonly element: HTMLButtonElement;
  private form: EditForm | null = null;

  constructor(
    private readonly predicted: string | null,
    private readonly sender: EditSender,
  ) {
    const label = predicted === null ? 'Add an answer to the chain' : "Change the chain's answer";
    this.element = h('button', { type: 'button', class: 'card-tool answer-edit', 'data-testid': 'answer-edit', 'aria-label': label, title: label }, '✎');
    this.element.addEventListener('click', () => this.toggle());
  }

  toggle(): void {
    if (this.form) this.close();
    else this.open();
  }

  private open(): void {
    const form = new EditForm({
      testid: 'answer-form',
      title: this.predicted === null ? 'Add an answer' : 'Change the answer',
      fields: [{ name: 'answer', testid: 'card-editor', label: 'Answer', value: this.predicted ?? '', multiline: true }],
      applyTestId: 'card-edit-apply',
      applyLabel: 'Apply',
      apply: async (values) => {
        const answer = values.answer.trim();
        if (answer === (this.predicted ?? '').trim()) {
          this.close();
          return null;
        }
        const refusal = await sendEdit(this.sender, { op: 'setAnswer', answer });
        if (refusal === null) this.close();
        return refusal;
      },
      cancel: () => this.close(),
    });
    this.form = form;
    // Under the line that holds the button (the answer line).
    const line = this.element.closest('p, div') ?? this.element;
    line.after(form.element);
    this.element.setAttribute('aria-expanded', 'true');
    form.focus(true);
  }

  private close(): void {
    this.form?.element.remove();
    this.form = null;
    this.element.setAttribute('aria-expanded', 'false');
    this.element.focus({ preventScroll: true });
  }
}
