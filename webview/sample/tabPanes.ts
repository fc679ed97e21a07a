/**
 * The sample column's tabs and the panes they show instead of the sample: the GRPO group and the
 * diff. Which tabs there are follows the shown sample (and its model run); the chosen one is saved.
 */
import type { SampleDetail } from '../../shared/sample/sample';
import type { App } from '../app/app';
import type { SampleTab } from '../app/state';
import { RUN_CHOICE, runChoice, type AgainstChoice } from '../diff/diffLayout';
import { DiffView } from '../diff/diffView';
import { GroupView } from '../group/groupView';
import { SampleTabs } from './sampleTabs';
import { tabAvailability } from './tabAvailability';

export interface TabPanesParts extends Pick<App, 'channel' | 'store' | 'events'> {
  /** The sample column: it scrolls the diff. */
  scroller: HTMLElement;
  sampleView: { readonly current: SampleDetail | undefined; readonly element: HTMLElement };
  /** The shown sample's finished model run's chain, or null. */
  runChain(): string | null;
  /** A rollout of the group was chosen: show it. */
  openRollout(position: number, completion: number): void;
  /** A card of the diff was clicked: select it in the sample. */
  openCard(index: number): void;
}

export interface TabPanes {
  /** The tab bar. */
  readonly tabs: HTMLElement;
  readonly group: HTMLElement;
  readonly diff: HTMLElement;
  select(tab: SampleTab): void;
  /** A run finished or was closed: the Diff tab offers it (or no longer does). */
  runChanged(): void;
  /** "Diff with stored": the Diff tab, on the model run's chain. */
  showRunDiff(): void;
  /** The group loads again (the sample changed on the host). */
  reloadGroup(): void;
}

export function createTabPanes(parts: TabPanesParts): TabPanes {
  return new Panes(parts);
}

class Panes implements TabPanes {
  private readonly bar: SampleTabs;
  private readonly groupView: GroupView;
  private readonly diffView: DiffView;
  /** The record shown last (an edit shows the same one again). */
  private shownPosition: number | null = null;

  constructor(private readonly parts: TabPanesParts) {
    const { channel, store, events } = parts;
    this.groupView = new GroupView(channel, {
      open: (position, completion) => {
        this.bar.select('sample');
        parts.openRollout(position, completion);
      },
    });
    this.diffView = new DiffView(
      channel,
      {
        openCard: (index) => {
          this.bar.select('sample');
          parts.openCard(index);
        },
      },
      parts.scroller,
    );
    this.bar = new SampleTabs(store.current.tab, (tab) => {
      store.update({ tab });
      this.apply();
    });
    events.on('sampleShown', (detail) => {
      // The same record again (an edit): its new Diff tab waits to be chosen.
      this.update(detail.summary.position === this.shownPosition);
      this.shownPosition = detail.summary.position;
      this.groupView.setCurrent(detail.summary.position, detail.completion);
      this.diffView.setCurrent(detail, this.runChoices());
      this.apply();
    });
  }

  get tabs(): HTMLElement {
    return this.bar.element;
  }

  get group(): HTMLElement {
    return this.groupView.element;
  }

  get diff(): HTMLElement {
    return this.diffView.element;
  }

  select(tab: SampleTab): void {
    this.bar.select(tab);
  }

  runChanged(): void {
    this.diffView.setExtraChoices(this.runChoices());
    this.update(true);
    this.apply();
  }

  showRunDiff(): void {
    this.diffView.setExtraChoices(this.runChoices());
    this.diffView.choose(RUN_CHOICE);
    this.update(true);
    this.bar.select('diff');
    this.apply();
  }

  reloadGroup(): void {
    this.groupView.reload();
  }

  /** The Diff tab's extra choice: the shown sample's finished model run, if any. */
  private runChoices(): AgainstChoice[] {
    const chain = this.parts.runChain();
    return chain === null ? [] : [runChoice(chain)];
  }

  /** Which tabs the shown record has; `stay`: the same record again, the tab on show stays. */
  private update(stay: boolean): void {
    const detail = this.parts.sampleView.current;
    if (!detail) return;
    this.bar.setAvailable(tabAvailability(detail, this.parts.runChain() !== null), stay);
  }

  /** The sample, its group or its diff, as the tabs say. */
  private apply(): void {
    const shown = this.bar.shown;
    this.parts.sampleView.element.hidden = shown !== 'sample';
    this.groupView.setVisible(shown === 'group');
    this.diffView.setVisible(shown === 'diff');
  }
}
