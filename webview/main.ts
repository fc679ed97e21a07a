import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import type { IndexProgress } from '../shared/records';
import { HostChannel } from './hostChannel';
import { InspectorView } from './inspectorView';

const view = new InspectorView(document.getElementById('app') as HTMLElement);
let pageSize = 100;
let shownRecords = -1;
let problemsFetched = false;
let latest: IndexProgress | undefined;
let refreshing = false;

const channel = new HostChannel((message) => {
  if (message.type === 'init') {
    pageSize = message.pageSize;
    view.showFile(message.fileName, message.format, message.fileSize);
  } else if (message.type === 'progress') {
    latest = message.progress;
    view.showProgress(message.progress);
    void refresh();
  }
});

/** Fetches the first page while it is still filling up, and the problems once indexing is done. */
async function refresh(): Promise<void> {
  if (refreshing) return;
  refreshing = true;
  try {
    for (let seen: IndexProgress | undefined; latest && latest !== seen; ) {
      seen = latest;
      if (shownRecords < pageSize && seen.records !== shownRecords) {
        const page = await channel.request({ type: 'requestPage', start: 0, limit: pageSize });
        shownRecords = page.records.length;
        view.showRecords(page.records);
      }
      if (seen.done && !problemsFetched) {
        problemsFetched = true;
        view.showProblems(await channel.request({ type: 'requestProblems', limit: 200 }));
      }
    }
  } catch (error) {
    view.showError(error instanceof Error ? error.message : String(error));
  } finally {
    refreshing = false;
  }
}

view.onOpenLine = (line) => channel.send({ type: 'openInTextEditor', line });
channel.send({ type: 'ready' });
