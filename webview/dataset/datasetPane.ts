/**
 * The dataset view above the columns, with its toolbar toggle (and `d`): it follows the list's
 * filter, the index and the scoring pass, opens again if it was open, and narrows the list when a
 * bar, a cell or a row is clicked.
 */
import type { ColumnRange, RecordFilter } from '../../shared/list/recordQuery';
import type { App } from '../app/app';
import { h } from '../app/dom';
import type { Shortcuts } from '../keyboard/shortcuts';
import { DatasetView } from './datasetView';

/** The list as the dataset view narrows it. */
export interface DatasetList {
  addRanges(ranges: readonly ColumnRange[]): void;
  setFilter(filter: RecordFilter): void;
}

export interface DatasetPaneParts extends App {
  shortcuts: Shortcuts;
  /** The list column (made after this one). */
  list(): DatasetList;
}

export interface DatasetPane {
  readonly element: HTMLElement;
  /** The header's "Dataset" button. */
  readonly toggleButton: HTMLElement;
}

export function createDatasetPane(parts: DatasetPaneParts): DatasetPane {
  const { channel, router, store, events, shortcuts } = parts;
  const toggleButton = h(
    'button',
    {
      type: 'button',
      class: 'tool-button',
      'data-testid': 'dataset-toggle',
      'aria-pressed': 'false',
      title: 'Dataset view: reward histograms, obs vs rea, reward by type (d)',
    },
    'Dataset',
  );
  const view = new DatasetView(channel, {
    addRanges: (ranges) => parts.list().addRanges(ranges),
    setFilter: (filter) => parts.list().setFilter(filter),
    rescore: () => channel.send({ type: 'rescore' }),
    close: () => toggle(false),
  });

  function toggle(open = !view.isOpen): void {
    toggleButton.setAttribute('aria-pressed', String(open));
    toggleButton.classList.toggle('pressed', open);
    store.update({ datasetOpen: open });
    view.setOpen(open);
  }

  toggleButton.addEventListener('click', () => toggle());
  shortcuts.bind('dataset', () => toggle());
  router.on('scoring', (message) => view.setScoring(message.progress));
  events.on('listFiltered', (filter) => view.setFilter(filter));
  events.on('indexChanged', () => view.indexChanged());
  events.on('listStarted', (saved) => {
    if (saved.datasetOpen) toggle(true);
  });
  return { element: view.element, toggleButton };
}
