/**
 * The Inspector webview's composition root: the app's plumbing, then each part of the page, laid out.
 * Layout: status header; the dataset view (toggled); sample list | sample view (or its group or
 * diff) | video, timeline and captions; help overlay. Each part subscribes to the host's
 * notifications, the other parts' events and its keys itself; parts made first hear first.
 */
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { createApp } from './app/app';
import { createStatusHeader } from './app/statusHeader';
import { createDatasetPane } from './dataset/datasetPane';
import { createHelp } from './keyboard/helpOverlay';
import { installKeyboard } from './keyboard/keyboard';
import { Shortcuts } from './keyboard/shortcuts';
import { SplitLayout } from './layout/splitLayout';
import { createListColumn } from './list/listColumn';
import { createSampleColumn } from './sample/sampleColumn';
import { createMediaColumn } from './video/mediaColumn';

const root = document.getElementById('app') as HTMLElement;
const app = createApp();
const shortcuts = new Shortcuts();
const help = createHelp(shortcuts);
// A part asks one made after it through a getter (`list: () => list`).
const dataset = createDatasetPane({ ...app, shortcuts, list: () => list });
const header = createStatusHeader({ root, router: app.router, help: () => help.toggle(), tools: [dataset.toggleButton] });
const list = createListColumn({ ...app, shortcuts, header, sample: () => sample });
const media = createMediaColumn({ ...app, sample: () => sample });
const sample = createSampleColumn({ ...app, shortcuts, media, list });
const layout = new SplitLayout(list.element, sample.element, media.element, app.store.current.split, (split) => app.store.update({ split }), {
  collapsed: app.store.current.listCollapsed,
  onCollapse: (listCollapsed) => app.store.update({ listCollapsed }),
});
root.append(header.element, app.errorBanner, dataset.element, layout.element, help.element);
installKeyboard(shortcuts.handlers);
app.ready();
