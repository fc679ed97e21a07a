import type { IndexProgress, Problem, RecordSummary } from '../shared/records';
import { h } from './dom';

const numberFormat = new Intl.NumberFormat();

function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** The Inspector's first screen: file header, live index status, problems, and the first records. */
export class InspectorView {
  onOpenLine: (line: number) => void = () => undefined;

  private readonly title = h('h1', { class: 'title' });
  private readonly subtitle = h('span', { class: 'subtitle' });
  private readonly recordCount = h('span', { 'data-testid': 'record-count' }, '0');
  private readonly malformedCount = h('span', { 'data-testid': 'malformed-count' }, '0');
  private readonly indexState = h('span', { 'data-testid': 'index-state' }, 'indexing…');
  private readonly progressBar = h('vscode-progress-bar', { 'aria-label': 'Indexing progress' });
  private readonly problems = h('section', { class: 'problems', hidden: true });
  private readonly records = h('section', { class: 'records' });
  private readonly error = h('div', { class: 'error', role: 'alert', hidden: true });

  constructor(private readonly root: HTMLElement) {
    root.append(
      h('header', {}, this.title, this.subtitle),
      h(
        'div',
        { class: 'status', role: 'status', 'aria-live': 'polite' },
        h('span', {}, this.recordCount, ' records'),
        ' · ',
        h('span', {}, this.malformedCount, ' malformed'),
        ' · ',
        this.indexState,
      ),
      this.progressBar,
      this.error,
      this.problems,
      this.records,
    );
  }

  showFile(fileName: string, format: string, fileSize: number): void {
    this.title.textContent = fileName;
    this.subtitle.textContent = `${format === 'json-array' ? 'JSON array' : 'JSON Lines'} · ${formatBytes(fileSize)}`;
    document.title = fileName;
  }

  showProgress(progress: IndexProgress): void {
    this.recordCount.textContent = numberFormat.format(progress.records);
    this.malformedCount.textContent = numberFormat.format(progress.malformed);
    this.malformedCount.parentElement?.classList.toggle('has-problems', progress.malformed > 0);
    const percent = progress.totalBytes === 0 ? 100 : Math.round((100 * progress.bytesRead) / progress.totalBytes);
    this.indexState.textContent = progress.error
      ? `indexing failed: ${progress.error}`
      : progress.cancelled
        ? `indexing cancelled at ${percent}%`
        : progress.done
          ? 'indexed'
          : `indexing… ${percent}%`;
    this.progressBar.hidden = progress.done;
    this.progressBar.setAttribute('value', String(percent));
    this.progressBar.setAttribute('max', '100');
    this.root.setAttribute('aria-busy', String(!progress.done));
    this.root.dataset.indexed = String(progress.done);
  }

  showRecords(records: RecordSummary[]): void {
    const header = h(
      'vscode-table-header',
      { slot: 'header' },
      ...['#', 'Line', 'Kind', 'ID', 'Video', 'Question'].map((label) => h('vscode-table-header-cell', {}, label)),
    );
    const body = h('vscode-table-body', { slot: 'body' });
    for (const record of records) {
      const row = h(
        'vscode-table-row',
        { class: record.malformed ? 'malformed' : undefined, 'data-position': String(record.position) },
        h('vscode-table-cell', {}, String(record.position + 1)),
        h('vscode-table-cell', {}, this.lineLink(record.line)),
        h('vscode-table-cell', {}, record.malformed ? h('vscode-badge', { variant: 'counter' }, 'malformed') : record.kind),
        h('vscode-table-cell', {}, record.id ?? '—'),
        h('vscode-table-cell', { title: record.video ?? '' }, record.video ?? '—'),
        h('vscode-table-cell', { title: record.question ?? '' }, record.question ?? '—'),
      );
      body.append(row);
    }
    const table = h('vscode-table', {
      zebra: true,
      'bordered-rows': true,
      resizable: true,
      columns: JSON.stringify(['56px', '64px', '96px', '18%', '22%', 'auto']),
    });
    table.append(header, body);
    this.records.replaceChildren(
      records.length === 0 ? h('p', { class: 'empty' }, 'No records yet.') : table,
    );
  }

  showProblems(problems: Problem[]): void {
    this.problems.hidden = problems.length === 0;
    if (problems.length === 0) return;
    const list = h('ul', { class: 'problem-list' });
    for (const problem of problems) {
      list.append(
        h(
          'li',
          { class: `severity-${problem.severity}` },
          this.lineLink(problem.line, `Line ${problem.line}:${problem.column}`),
          ' ',
          h('span', { class: 'problem-message' }, problem.message),
        ),
      );
    }
    const collapsible = h('vscode-collapsible', { title: `Problems (${problems.length})`, open: true });
    collapsible.append(list);
    this.problems.replaceChildren(collapsible);
  }

  showError(message: string): void {
    this.error.hidden = false;
    this.error.textContent = message;
  }

  private lineLink(line: number, label = String(line)): HTMLElement {
    const link = h('a', { href: '#', title: `Open line ${line} in the text editor` }, label);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      this.onOpenLine(line);
    });
    return link;
  }
}
