/** The page's top: the file's name and format, and the live index status (record and malformed counts). */
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { IndexProgress } from '../../shared/records/recordSummary';
import { h } from './dom';
import { countTexts } from './countText';
import { formatBytes, indexStateText } from './format';
import type { NotificationRouter } from './router';

const numberFormat = new Intl.NumberFormat();

export class StatusHeader {
  readonly element: HTMLElement;
  private readonly title = h('h1', { class: 'title' });
  private readonly subtitle = h('span', { class: 'subtitle' });
  private readonly recordCount = h('span', { 'data-testid': 'record-count' }, '0 records');
  private readonly malformedCount = h('span', { 'data-testid': 'malformed-count' }, '0 malformed lines');
  private readonly indexState = h('span', { 'data-testid': 'index-state' }, 'indexing…');
  private readonly listed = h('span', { class: 'listed', 'data-testid': 'list-count' });
  private readonly progressBar = h('vscode-progress-bar', { 'aria-label': 'Indexing progress' });
  private readonly helpButton = h('button', { type: 'button', class: 'help-button', title: 'Keyboard shortcuts (?)', 'aria-label': 'Keyboard shortcuts' }, '?');

  constructor(
    private readonly root: HTMLElement,
    onHelp: () => void,
    /** Toolbar buttons left of the help button (the dataset view's toggle). */
    tools: HTMLElement[] = [],
  ) {
    this.helpButton.addEventListener('click', onHelp);
    this.element = h(
      'div',
      { class: 'page-header' },
      h('header', {}, this.title, this.subtitle, h('span', { class: 'spacer' }), ...tools, this.helpButton),
      h(
        'div',
        { class: 'status', role: 'status', 'aria-live': 'polite' },
        h('span', {}, this.recordCount),
        ' · ',
        h('span', {}, this.malformedCount),
        ' · ',
        this.indexState,
        this.listed,
      ),
      this.progressBar,
    );
  }

  showFile(fileName: string, format: string, fileSize: number): void {
    this.title.textContent = fileName;
    this.subtitle.textContent = `${format === 'json-array' ? 'JSON array' : 'JSON Lines'} · ${formatBytes(fileSize)}`;
    document.title = fileName;
  }

  showProgress(progress: IndexProgress): void {
    const counts = countTexts(progress);
    this.recordCount.textContent = counts.records;
    this.malformedCount.textContent = counts.malformed;
    this.malformedCount.parentElement?.classList.toggle('has-problems', progress.malformed > 0);
    const percent = progress.totalBytes === 0 ? 100 : Math.round((100 * progress.bytesRead) / progress.totalBytes);
    this.indexState.textContent = indexStateText(progress);
    this.indexState.classList.toggle('error-text', progress.error !== undefined);
    this.progressBar.hidden = progress.done || progress.cancelled || progress.error !== undefined;
    this.progressBar.value = percent;
    this.progressBar.max = 100;
    this.root.setAttribute('aria-busy', String(!progress.done));
    this.root.dataset.indexed = String(progress.done);
  }

  /** " · 1,234 listed" when a filter narrows the list. */
  showListed(listed: number, filtered: boolean): void {
    this.listed.textContent = filtered ? ` · ${numberFormat.format(listed)} listed` : '';
  }
}

export interface StatusHeaderParts {
  root: HTMLElement;
  router: NotificationRouter;
  /** The "?" button. */
  help(): void;
  /** Toolbar buttons left of the help button (the dataset view's toggle). */
  tools: HTMLElement[];
}

/** The header, following the host's `init` (the file) and `progress` (the index). */
export function createStatusHeader(parts: StatusHeaderParts): StatusHeader {
  const header = new StatusHeader(parts.root, parts.help, parts.tools);
  parts.router.on('init', (message) => header.showFile(message.fileName, message.format, message.fileSize));
  parts.router.on('progress', (message) => header.showProgress(message.progress));
  return header;
}
