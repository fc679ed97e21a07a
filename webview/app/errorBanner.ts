/** The page's error line under the header: the last error reported, until dismissed. */
import { h } from './dom';

export class ErrorBanner {
  readonly element = h('div', { class: 'error', role: 'alert', hidden: true });

  show(message: string): void {
    this.element.hidden = false;
    const close = h('button', { type: 'button', class: 'error-close', 'aria-label': 'Dismiss' }, '×');
    close.addEventListener('click', () => {
      this.element.hidden = true;
    });
    this.element.replaceChildren(h('span', {}, message), close);
  }
}
