/**
 * The filter bar's "Queue" menu: built-in review queues, the user's saved ones (saved with "Save
 * current filter as queue…", removed with ×), and "Stop the queue". Choosing one applies its filter
 * and sort to the list; `n` then walks it.
 */
import type { RecordFilter } from '../../shared/list/recordQuery';
import type { SavedQueue } from '../../shared/list/savedQueue';
import { h } from '../app/dom';
import type { ListSort } from '../app/state';
import { allQueues, removeQueue, savedQueueId, toSavedQueue, upsertQueue, type QueueDefinition } from './presets';

export interface QueueHandlers {
  apply(queue: QueueDefinition): void;
  /** Leave the queue (the list keeps its filter). */
  clear(): void;
  /** The saved queues changed: persist the full list. */
  save(queues: SavedQueue[]): void;
  /** The list's filter and sort now, for "Save current filter as queue…". */
  current(): { filter: RecordFilter; sort: ListSort };
}

export class QueueMenu {
  readonly element: HTMLElement;
  private readonly button = h('button', {
    type: 'button',
    class: 'queue-button',
    'data-testid': 'queue-menu',
    'aria-haspopup': 'menu',
    'aria-expanded': 'false',
    title: 'Review queues: walk the samples that matter with n',
  });
  private readonly popup = h('div', { class: 'queue-popup', role: 'menu', 'data-testid': 'queue-popup', 'aria-label': 'Review queues', hidden: true });
  private saved: SavedQueue[] = [];
  private activeId: string | null = null;
  private naming = false;

  constructor(private readonly handlers: QueueHandlers) {
    this.button.addEventListener('click', () => (this.popup.hidden ? this.openMenu() : this.closeMenu()));
    this.popup.addEventListener('keydown', (event) => this.onKey(event));
    this.element = h('span', { class: 'queue-menu' }, this.button, this.popup);
    document.addEventListener('pointerdown', (event) => {
      if (!this.popup.hidden && !event.composedPath().includes(this.element)) this.closeMenu();
    });
    this.update();
  }

  /** The queue being walked, if any. */
  get active(): QueueDefinition | null {
    return this.activeId === null ? null : (allQueues(this.saved).find((q) => q.id === this.activeId) ?? null);
  }

  get activeQueueId(): string | null {
    return this.activeId;
  }

  get savedQueues(): readonly SavedQueue[] {
    return this.saved;
  }

  setSaved(queues: readonly SavedQueue[]): void {
    this.saved = [...queues];
    this.update();
  }

  /** Marks `id` as the queue being walked (null: none); an id no queue has counts as none. */
  setActive(id: string | null): void {
    this.activeId = id !== null && allQueues(this.saved).some((q) => q.id === id) ? id : null;
    this.update();
  }

  openMenu(): void {
    this.naming = false;
    this.renderPopup();
    this.popup.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.popup.querySelector<HTMLElement>('[role^=menuitem]')?.focus();
  }

  closeMenu(focusButton = false): void {
    if (this.popup.hidden) return;
    this.popup.hidden = true;
    this.naming = false;
    this.button.setAttribute('aria-expanded', 'false');
    if (focusButton) this.button.focus();
  }

  private update(): void {
    const active = this.active;
    this.button.replaceChildren(active ? `Queue: ${active.name}` : 'Queue', h('span', { class: 'queue-caret', 'aria-hidden': 'true' }, ' ▾'));
    this.button.classList.toggle('active', active !== null);
    this.button.dataset.active = active?.id ?? '';
    if (!this.popup.hidden) this.renderPopup();
  }

  private item(queue: QueueDefinition): HTMLElement {
    const active = queue.id === this.activeId;
    const item = h(
      'button',
      {
        type: 'button',
        class: `queue-item${active ? ' active' : ''}`,
        role: 'menuitemradio',
        'aria-checked': String(active),
        'data-testid': 'queue-item',
        'data-queue': queue.id,
        title: queue.description,
        tabindex: '-1',
      },
      h('span', { class: 'queue-check', 'aria-hidden': 'true' }, active ? '✓' : ''),
      queue.name,
    );
    item.addEventListener('click', () => {
      this.closeMenu();
      this.activeId = queue.id;
      this.update();
      this.handlers.apply(queue);
    });
    return item;
  }

  private renderPopup(): void {
    const queues = allQueues(this.saved);
    const presets = queues.filter((q) => q.id.startsWith('preset:'));
    const saved = queues.filter((q) => q.id.startsWith('saved:'));
    const children: (Node | string)[] = [h('div', { class: 'queue-heading' }, 'Review queues'), ...presets.map((q) => this.item(q))];
    if (saved.length > 0) {
      children.push(h('div', { class: 'queue-heading' }, 'Saved'));
      for (const queue of saved) {
        const remove = h(
          'button',
          {
            type: 'button',
            class: 'queue-delete',
            'data-testid': 'queue-delete',
            'data-queue': queue.id,
            'aria-label': `Delete the queue ${queue.name}`,
            title: 'Delete this queue',
            tabindex: '-1',
          },
          '×',
        );
        remove.addEventListener('click', (event) => {
          event.stopPropagation();
          this.saved = removeQueue(this.saved, queue.name);
          if (this.activeId === queue.id) this.activeId = null;
          this.update();
          this.handlers.save(this.saved);
        });
        children.push(h('div', { class: 'queue-saved-row' }, this.item(queue), remove));
      }
    }
    children.push(h('div', { class: 'queue-separator', role: 'separator' }));
    if (this.naming) children.push(this.nameForm());
    else {
      const save = h(
        'button',
        { type: 'button', class: 'queue-item', role: 'menuitem', 'data-testid': 'queue-save', tabindex: '-1' },
        h('span', { class: 'queue-check' }),
        'Save current filter as queue…',
      );
      save.addEventListener('click', () => {
        this.naming = true;
        this.renderPopup();
        this.popup.querySelector<HTMLInputElement>('[data-testid=queue-name]')?.focus();
      });
      children.push(save);
    }
    if (this.activeId !== null) {
      const stop = h(
        'button',
        { type: 'button', class: 'queue-item', role: 'menuitem', 'data-testid': 'queue-clear', tabindex: '-1' },
        h('span', { class: 'queue-check' }),
        'Stop the queue',
      );
      stop.addEventListener('click', () => {
        this.closeMenu(true);
        this.activeId = null;
        this.update();
        this.handlers.clear();
      });
      children.push(stop);
    }
    this.popup.replaceChildren(...children);
  }

  private nameForm(): HTMLElement {
    const input = h('input', {
      type: 'text',
      class: 'text-input queue-name',
      'data-testid': 'queue-name',
      placeholder: 'Queue name',
      'aria-label': 'Name of the new queue',
      maxlength: '200',
      spellcheck: 'false',
      autocomplete: 'off',
    });
    const ok = h('button', { type: 'button', class: 'queue-name-ok', 'data-testid': 'queue-name-save' }, 'Save');
    const submit = (): void => {
      const name = input.value.trim();
      if (name === '') {
        input.focus();
        return;
      }
      const { filter, sort } = this.handlers.current();
      const queue = toSavedQueue(name, filter, sort);
      this.saved = upsertQueue(this.saved, queue);
      this.activeId = savedQueueId(queue.name);
      this.closeMenu(true);
      this.update();
      this.handlers.save(this.saved);
    };
    ok.addEventListener('click', submit);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        submit();
      }
    });
    return h('div', { class: 'queue-name-form' }, input, ok);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.closeMenu(true);
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    if ((event.target as Element).matches('input')) return;
    const items = [...this.popup.querySelectorAll<HTMLElement>('[role^=menuitem]')];
    if (items.length === 0) return;
    event.preventDefault();
    const index = items.indexOf(document.activeElement as HTMLElement);
    const next = event.key === 'ArrowDown' ? (index + 1) % items.length : (index - 1 + items.length) % items.length;
    items[next].focus();
  }
}
