/** The sample column's tabs: the sample itself, or (for rollouts) its GRPO group. */
import { h } from './dom';
import type { SampleTab } from './state';

const LABELS: Record<SampleTab, string> = { sample: 'Sample', group: 'Group' };

export class SampleTabs {
  readonly element = h('div', { class: 'sample-tabs', role: 'tablist', 'aria-label': 'Sample or group', 'data-testid': 'sample-tabs', hidden: true });
  private readonly buttons: Record<SampleTab, HTMLButtonElement>;
  private tab: SampleTab;
  private available = false;

  constructor(
    initial: SampleTab,
    private readonly changed: (tab: SampleTab) => void,
  ) {
    this.tab = initial;
    this.buttons = { sample: this.button('sample'), group: this.button('group') };
    this.element.append(this.buttons.sample, this.buttons.group);
    this.element.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      event.preventDefault();
      const next: SampleTab = this.tab === 'sample' ? 'group' : 'sample';
      this.select(next);
      this.buttons[next].focus();
    });
    this.update();
  }

  /** The tab chosen (kept while a record without a group is shown). */
  get chosen(): SampleTab {
    return this.tab;
  }

  /** The tab on show: the chosen one where the record has a group, else the sample. */
  get shown(): SampleTab {
    return this.available ? this.tab : 'sample';
  }

  /** Whether the record on show has a group (a rollout). */
  setAvailable(available: boolean): void {
    if (available === this.available) return;
    this.available = available;
    this.update();
  }

  select(tab: SampleTab): void {
    if (tab === this.tab) return;
    this.tab = tab;
    this.update();
    this.changed(tab);
  }

  private button(tab: SampleTab): HTMLButtonElement {
    const button = h('button', { type: 'button', class: 'sample-tab', role: 'tab', 'data-testid': 'tab', 'data-tab': tab }, LABELS[tab]);
    button.addEventListener('click', () => this.select(tab));
    return button;
  }

  private update(): void {
    this.element.hidden = !this.available;
    for (const [tab, button] of Object.entries(this.buttons) as [SampleTab, HTMLButtonElement][]) {
      const on = tab === this.shown;
      button.setAttribute('aria-selected', String(on));
      button.tabIndex = on ? 0 : -1;
      button.classList.toggle('selected', on);
    }
  }
}
