/**
 * The sample column's tabs: the sample itself, (for rollouts) its GRPO group, and the diff of its
 * chain (against the saved record when edited, or another completion). The bar shows when the
 * record has a group or a diff; a tab it lacks is hidden (Group) or disabled (Diff).
 */
import { h } from '../app/dom';
import type { SampleTab } from '../app/state';
import type { TabAvailability } from './tabAvailability';

const LABELS: Record<SampleTab, string> = { sample: 'Sample', group: 'Group', diff: 'Diff' };
const ORDER: SampleTab[] = ['sample', 'group', 'diff'];
const DIFF_OFF = 'Nothing to compare: the record has no unsaved edits, one completion and no finished model run';

export class SampleTabs {
  readonly element = h('div', { class: 'sample-tabs', role: 'tablist', 'aria-label': 'Sample, group or diff', 'data-testid': 'sample-tabs', hidden: true });
  private readonly buttons: Record<SampleTab, HTMLButtonElement>;
  private tab: SampleTab;
  private available: TabAvailability = { group: false, diff: false };

  constructor(
    initial: SampleTab,
    private readonly changed: (tab: SampleTab) => void,
  ) {
    this.tab = initial;
    this.buttons = { sample: this.button('sample'), group: this.button('group'), diff: this.button('diff') };
    this.element.append(...ORDER.map((tab) => this.buttons[tab]));
    this.element.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      event.preventDefault();
      const open = ORDER.filter((tab) => this.isAvailable(tab));
      const at = open.indexOf(this.shown);
      const next = open[(at + (event.key === 'ArrowRight' ? 1 : open.length - 1)) % open.length];
      this.select(next);
      this.buttons[next].focus();
    });
    this.update();
  }

  /** The tab chosen (kept while a record without it is shown). */
  get chosen(): SampleTab {
    return this.tab;
  }

  /** The tab on show: the chosen one where the record has it, else the sample. */
  get shown(): SampleTab {
    return this.isAvailable(this.tab) ? this.tab : 'sample';
  }

  /**
   * What the record on show has besides the sample. `stay`: the same record again (after an edit),
   * so a tab that just became available does not take over from the one on show.
   */
  setAvailable(available: TabAvailability, stay = false): void {
    if (available.group === this.available.group && available.diff === this.available.diff) return;
    const before = this.shown;
    this.available = { ...available };
    if (stay && this.shown !== before && this.isAvailable(before)) {
      this.tab = before;
      this.changed(before);
    }
    this.update();
  }

  select(tab: SampleTab): void {
    if (tab === this.tab) return;
    this.tab = tab;
    this.update();
    this.changed(tab);
  }

  private isAvailable(tab: SampleTab): boolean {
    return tab === 'sample' || this.available[tab];
  }

  private button(tab: SampleTab): HTMLButtonElement {
    const button = h('button', { type: 'button', class: 'sample-tab', role: 'tab', 'data-testid': 'tab', 'data-tab': tab }, LABELS[tab]);
    button.addEventListener('click', () => {
      if (this.isAvailable(tab)) this.select(tab);
    });
    return button;
  }

  private update(): void {
    this.element.hidden = !this.available.group && !this.available.diff;
    this.buttons.group.hidden = !this.available.group;
    this.buttons.diff.disabled = !this.available.diff;
    this.buttons.diff.title = this.available.diff ? 'The chain against the saved record, another completion or a model run' : DIFF_OFF;
    for (const tab of ORDER) {
      const button = this.buttons[tab];
      const on = tab === this.shown;
      button.setAttribute('aria-selected', String(on));
      button.tabIndex = on ? 0 : -1;
      button.classList.toggle('selected', on);
    }
  }
}
