/**
 * The Inspector webview: wires the host channel, the saved state and the page's parts together.
 * Layout: status header; the dataset view (toggled); sample list | sample view (or its GRPO group) |
 * video, timeline and captions; help overlay.
 */
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { RecordFilter } from '../shared/list/recordQuery';
import type { IndexProgress } from '../shared/records/recordSummary';
import { CaptionPanel } from './captions/captionPanel';
import { DatasetView } from './dataset/datasetView';
import { diffAvailable, RUN_CHOICE, runChoice, type AgainstChoice } from './diff/diffLayout';
import { DiffView } from './diff/diffView';
import { h } from './dom';
import { DeltaPanel } from './edit/deltaPanel';
import { DeltaSession } from './edit/deltaSession';
import { EditSession } from './edit/editSession';
import { ReviewControl } from './edit/reviewControl';
import { GroupView } from './group/groupView';
import { HelpOverlay } from './helpOverlay';
import { HostChannel } from './hostChannel';
import { RunButton } from './inference/runButton';
import { RunPanel } from './inference/runPanel';
import { RunSession } from './inference/runSession';
import { installKeyboard } from './keyboard';
import { SplitLayout } from './layout/splitLayout';
import { FilterBar } from './list/filterBar';
import { withRanges } from './list/filterRanges';
import { RecordList, type ListQuery, type RunQuery } from './list/recordList';
import { ProblemsPanel } from './problemsPanel';
import { nextRank, type QueueDefinition } from './queue/presets';
import { QueueMenu } from './queue/queueMenu';
import { BreakdownPanel } from './rewards/breakdownPanel';
import { ScoreSession } from './rewards/scoreSession';
import { SampleView } from './sample/sampleView';
import { SampleSession } from './sampleSession';
import { SampleTabs } from './sampleTabs';
import { StateStore, type ListSort } from './state';
import { StatusHeader } from './statusHeader';
import { searchTerms } from './text/highlight';
import { throttle } from './timing';
import { Playback } from './video/playback';
import { TimelineView } from './video/timelineView';
import { VideoPanel } from './video/videoPanel';

/** Problems listed under the sample list. */
const PROBLEM_LIMIT = 500;
/** While indexing, the list's total and rows refresh at most this often. */
const LIVE_REFRESH_MS = 500;

const root = document.getElementById('app') as HTMLElement;
const errorBox = h('div', { class: 'error', role: 'alert', hidden: true });

let started = false;
let latest: IndexProgress | undefined;
let doneHandled = false;
/** The search text in force (the box's text applies once the full-text index is ready). */
let appliedSearch = '';
/** A restored list scroll that waits for the restored search to apply. */
let pendingTopRow: number | null = null;
/** The record the sample column showed last (an edit shows the same one again). */
let shownPosition: number | null = null;
/** Records with unsaved edits (the last `edits` notification), for the list's dots. */
let editedPositions: number[] = [];

const channel = new HostChannel((message) => {
  switch (message.type) {
    case 'init':
      header.showFile(message.fileName, message.format, message.fileSize);
      queueMenu.setSaved(message.queues);
      if (!started) {
        queueMenu.setActive(store.current.queue);
        start(message.pageSize);
      } else setListQuery(list.query.sort, list.topRow);
      break;
    case 'judgeStatus':
      scores.setJudgeConfigured(message.configured);
      deltas.setJudgeConfigured(message.configured);
      break;
    case 'progress':
      onProgress(message.progress);
      break;
    case 'scoring':
      datasetView.setScoring(message.progress);
      // Scored columns (sorts, ranges, the list's numbers) moved.
      if (started) liveRefresh();
      break;
    case 'judgeProgress':
      scores.onJudgeProgress(message.position, message.done, message.total);
      deltas.onJudgeProgress(message.position, message.done, message.total);
      break;
    case 'edits':
      // An edit, undo, redo, save or revert: the list's dots, and the sample when it is one of them.
      editedPositions = message.edited;
      if (started) list.setEdited(editedPositions);
      if (edits.needsReload(message)) {
        session.reload();
        groupView.reload();
      }
      break;
    case 'video':
      session.onVideo(message.position, message.video);
      break;
    case 'inferenceProgress':
      runs.onProgress(message);
      break;
    case 'inferenceEnd':
      runs.onEnd(message.end);
      break;
    case 'inferenceRuns':
      runs.restore(message.runs);
      break;
    case 'runModelRequested':
      // "ReWatch: Run Model on This Sample" from the palette: as if `r` was pressed.
      if (runs.run()) tabs.select('sample');
      break;
    case 'sampleStale':
      session.reload();
      groupView.reload();
      break;
  }
});

const store = new StateStore(channel.getState(), (state) => channel.setState(state));
const help = new HelpOverlay();
const datasetButton = h(
  'button',
  { type: 'button', class: 'tool-button', 'data-testid': 'dataset-toggle', 'aria-pressed': 'false', title: 'Dataset view: reward histograms, obs vs rea, reward by type (d)' },
  'Dataset',
);
datasetButton.addEventListener('click', () => toggleDataset());
const header = new StatusHeader(root, () => help.toggle(), [datasetButton]);

function showError(message: string): void {
  errorBox.hidden = false;
  const close = h('button', { type: 'button', class: 'error-close', 'aria-label': 'Dismiss' }, '×');
  close.addEventListener('click', () => {
    errorBox.hidden = true;
  });
  errorBox.replaceChildren(h('span', {}, message), close);
}

const runQuery: RunQuery = (query) => channel.request({ type: 'query', query });

// The list column.
const queueMenu: QueueMenu = new QueueMenu({
  apply: (queue) => applyQueue(queue),
  clear: () => store.update({ queue: null }),
  save: (queues) => {
    channel.send({ type: 'saveQueues', queues });
    store.update({ queue: queueMenu.activeQueueId });
  },
  current: () => ({ filter: filterBar.current, sort: list.query.sort }),
});
const filterBar: FilterBar = new FilterBar(
  {
    filterChanged: (filter) => {
      leaveQueue();
      store.update({ filter, listTop: 0 });
      setListQuery(list.query.sort, 0);
    },
    searchChanged: (text) => applySearch(text),
    goTo: (target) => void goTo(target),
  },
  [queueMenu.element],
);
let list!: RecordList;
const problems = new ProblemsPanel(
  (line) => channel.send({ type: 'openInTextEditor', line }),
  (position) => void selectPosition(position),
);

// The sample column and the video column.
const sampleColumn = h('section', { class: 'pane sample-pane', 'aria-label': 'Sample' });
const playback = new Playback();
const timelineView = new TimelineView({
  seek: (time) => session.seek(time),
  selectBand: (card, time) => {
    const target = sampleView.cards[card];
    if (target) session.selectCard(target, time, true);
    else session.seek(time);
  },
  selectRunBand: (card) => runs.selectCard(card),
});
const captionPanel = new CaptionPanel((time) => session.seek(time));
const videoPanel = new VideoPanel(playback, {
  chooseFolder: () => session.current !== null && channel.send({ type: 'chooseVideoFolder', position: session.current }),
  cancelProxy: () => session.current !== null && channel.send({ type: 'cancelProxy', position: session.current }),
  retry: () => session.current !== null && channel.send({ type: 'retryVideo', position: session.current }),
  playbackFailed: (message) => session.current !== null && channel.send({ type: 'playbackFailed', position: session.current, message }),
});
const breakdown = new BreakdownPanel({
  runJudge: () => void scores.runJudge(),
  cancelJudge: () => scores.cancelJudge(),
});
const deltaPanel = new DeltaPanel({ judge: () => deltas.judge() });
const deltas: DeltaSession = new DeltaSession(channel, deltaPanel);
const review = new ReviewControl(channel, showError);
// "Run model": the header button and the run's panel beside the chain.
const runButton = new RunButton({ run: () => runs.run(), cancel: () => runs.cancel() });
const runPanel = new RunPanel({
  seek: (time) => session.seek(time),
  playInterval: (start, end) => session.playInterval(start, end),
  diff: () => runs.diffWithStored(),
  use: () => void runs.useChain(),
  close: () => runs.closeRun(),
  fix: (action, code) => channel.send({ type: 'inferenceFix', action, code }),
});
const sampleView: SampleView = new SampleView(
  sampleColumn,
  {
    openLine: (line) => channel.send({ type: 'openInTextEditor', line }),
    chooseCompletion: (completion) => session.chooseCompletion(completion),
    selectCard: (card) => session.selectCard(card),
    seek: (time) => session.seek(time),
    playInterval: (start, end) => session.playInterval(start, end),
    fetchThumbnails: (start, end) => session.fetchThumbnails(start, end),
    edit: {
      apply: (edit) => edits.apply(edit),
      chipTouched: (card, chip) => edits.handlers.chipTouched(card, chip),
    },
  },
  h('div', { class: 'after-question' }, deltaPanel.element, breakdown.element),
  h('span', { class: 'header-extra' }, runButton.element, review.element),
  runPanel.element,
);
const edits: EditSession = new EditSession(channel, {
  sampleView,
  time: () => playback.time,
  selectCard: (index) => session.markCard(index),
  reload: () => session.reload(),
});
const scores: ScoreSession = new ScoreSession(channel, {
  panel: breakdown,
  applyStepScores: (stepScores) => {
    sampleView.setStepScores(stepScores);
    timelineView.setStepScores(stepScores);
    // The run's score summary compares with the stored chain's.
    runs.storedScoreChanged();
  },
});
const runs: RunSession = new RunSession(channel, {
  panel: runPanel,
  button: runButton,
  setTimelineCards: (cards, duration) => timelineView.setRunCards(cards, duration),
  storedScore: () => scores.current,
  // A run finished or was closed: the Diff tab offers (or no longer offers) it.
  chainChanged: () => {
    diffView.setExtraChoices(runDiffChoices());
    updateTabs(true);
    applyTab();
  },
  showDiff: () => {
    diffView.setExtraChoices(runDiffChoices());
    diffView.choose(RUN_CHOICE);
    updateTabs(true);
    tabs.select('diff');
    applyTab();
  },
  reload: () => session.reload(),
});
const groupView = new GroupView(channel, {
  open: (position, completion) => {
    tabs.select('sample');
    openSample(position, completion);
  },
});
const diffView = new DiffView(
  channel,
  {
    openCard: (index) => {
      tabs.select('sample');
      const card = sampleView.cards[index];
      if (card) session.selectCard(card, undefined, true);
    },
  },
  sampleColumn,
);
const tabs: SampleTabs = new SampleTabs(store.current.tab, (tab) => {
  store.update({ tab });
  applyTab();
});
sampleColumn.append(tabs.element, sampleView.element, groupView.element, diffView.element);
const session: SampleSession = new SampleSession(
  channel,
  store,
  {
    sampleView,
    videoPanel,
    playback,
    timelineView,
    captionPanel,
    onOpen: () => {
      scores.clear();
      deltas.clear();
      runs.onOpen();
    },
    onShown: (detail) => {
      scores.show(detail);
      deltas.show(detail);
      review.show(detail);
      edits.onShown(detail);
      runs.onShown(detail);
      // The same record again (an edit): its new Diff tab waits to be chosen.
      updateTabs(detail.summary.position === shownPosition);
      shownPosition = detail.summary.position;
      groupView.setCurrent(detail.summary.position, detail.completion);
      diffView.setCurrent(detail, runDiffChoices());
      applyTab();
    },
  },
  showError,
);

/** The Diff tab's extra choice: the shown sample's finished model run, if any. */
function runDiffChoices(): AgainstChoice[] {
  const chain = runs.chainForShown();
  return chain === null ? [] : [runChoice(chain)];
}

/** Which tabs the shown record has; `stay`: the same record again, the tab on show stays. */
function updateTabs(stay: boolean): void {
  const detail = sampleView.current;
  if (!detail) return;
  tabs.setAvailable({ group: detail.kind === 'rollout', diff: diffAvailable(detail) || runs.chainForShown() !== null }, stay);
}

/** The sample or its group, as the tabs say. */
function applyTab(): void {
  const shown = tabs.shown;
  sampleView.element.hidden = shown !== 'sample';
  groupView.setVisible(shown === 'group');
  diffView.setVisible(shown === 'diff');
}

// The dataset view, above the columns.
const datasetView = new DatasetView(channel, {
  addRanges: (ranges) => filterBar.setFilter(withRanges(filterBar.current, ranges)),
  setFilter: (filter) => filterBar.setFilter(filter),
  rescore: () => channel.send({ type: 'rescore' }),
  close: () => toggleDataset(false),
});

function toggleDataset(open = !datasetView.isOpen): void {
  datasetButton.setAttribute('aria-pressed', String(open));
  datasetButton.classList.toggle('pressed', open);
  store.update({ datasetOpen: open });
  datasetView.setOpen(open);
}

/** The list (and the dataset view) under the current filter and search, sorted by `sort`. */
function setListQuery(sort: ListSort, topRow: number): void {
  const filter = listFilter();
  list.setQuery(filter, sort, topRow);
  datasetView.setFilter(filter);
}

/** The filter or sort was changed by hand: the list no longer is the queue. */
function leaveQueue(): void {
  if (queueMenu.activeQueueId === null) return;
  queueMenu.setActive(null);
  store.update({ queue: null });
}

/** A review queue was chosen: its filter and sort on the list, and its first sample shown. */
function applyQueue(queue: QueueDefinition): void {
  filterBar.setFilter(queue.filter, false);
  filterBar.setNotice(null);
  store.update({ filter: filterBar.current, sort: queue.sort, listTop: 0, queue: queue.id });
  setListQuery(queue.sort, 0);
  void (async () => {
    const row = await list.rowAt(0);
    if (row) {
      selectPosition(row.position, 0);
      list.focus();
    } else filterBar.setNotice(`The queue “${queue.name}” is empty.`, 'warning');
  })();
}

/** n / p in a queue: the next or previous sample in the list's order. */
async function stepQueue(direction: 1 | -1): Promise<void> {
  let rank = list.rankOfSelected();
  if (rank === undefined && session.current !== null) {
    rank = (await channel.request({ type: 'rankOf', query: listQuery(), position: session.current })) ?? undefined;
  }
  const target = nextRank(rank, list.count, direction);
  if (target === null) {
    filterBar.setNotice(list.count === 0 ? 'The queue is empty.' : direction === 1 ? 'End of the queue.' : 'Start of the queue.', 'info');
    return;
  }
  filterBar.setNotice(null);
  const row = await list.rowAt(target);
  if (row) selectPosition(row.position, target);
}

/** Opens one rollout of a record (the group view's columns). */
function openSample(position: number, completion: number): void {
  if (position === session.current) {
    session.chooseCompletion(completion);
    return;
  }
  list.setSelected(position);
  sampleView.setNotice(null);
  store.update({ position, completion, card: null, time: null });
  session.open(position, { completion });
}

/** The list's filter with the search text in force. */
function listFilter(): RecordFilter {
  const filter: RecordFilter = { ...store.current.filter };
  if (appliedSearch !== '') filter.text = appliedSearch;
  else delete filter.text;
  return filter;
}

/** The list's query, for `rankOf` (offset and limit do not matter there). */
function listQuery(): ListQuery {
  return { filter: listFilter(), sort: list.query.sort, offset: 0, limit: 1 };
}

function applySearch(text: string): void {
  appliedSearch = filterBar.isSearchReady ? text : '';
  store.update({ search: text, listTop: 0 });
  const terms = searchTerms(appliedSearch);
  list.setTerms(terms);
  session.setTerms(terms);
  setListQuery(list.query.sort, pendingTopRow ?? 0);
  pendingTopRow = null;
}

/** Shows the record at `position` and selects it in the list (at `rank` when known). */
function selectPosition(position: number, rank?: number, options: { keepNotice?: boolean } = {}): void {
  list.setSelected(position, rank);
  if (rank !== undefined) list.reveal(rank);
  if (!options.keepNotice) sampleView.setNotice(null);
  if (position === session.current) return;
  store.update({ position, completion: 0, card: null, time: null });
  session.open(position);
}

/** j / k: the next or previous row of the list. */
async function moveSelection(delta: 1 | -1): Promise<void> {
  if (list.count === 0) return;
  let rank = list.rankOfSelected();
  if (rank === undefined && session.current !== null) {
    rank = (await channel.request({ type: 'rankOf', query: listQuery(), position: session.current })) ?? undefined;
  }
  const target = rank === undefined ? (delta === 1 ? 0 : list.count - 1) : Math.max(0, Math.min(list.count - 1, rank + delta));
  if (target === rank) return;
  const row = await list.rowAt(target);
  if (row) selectPosition(row.position, target);
}

async function goTo(target: string): Promise<void> {
  try {
    const found = await channel.request({ type: 'findRecord', target });
    if (found === null) {
      filterBar.setNotice(`No record “${target}”.`, 'warning');
      return;
    }
    const rank = await channel.request({ type: 'rankOf', query: listQuery(), position: found.position });
    if (rank === null) {
      const notice = `Record #${(found.position + 1).toLocaleString()} is filtered out of the list; showing it anyway.`;
      filterBar.setNotice(notice, 'warning');
      selectPosition(found.position, undefined, { keepNotice: true });
      sampleView.setNotice(notice);
    } else {
      filterBar.setNotice(null);
      selectPosition(found.position, rank);
      list.focus();
    }
  } catch (error) {
    showError(error instanceof Error ? error.message : String(error));
  }
}

const liveRefresh = throttle(() => list.refreshLive(), LIVE_REFRESH_MS);

function onProgress(progress: IndexProgress): void {
  const searchWasReady = filterBar.isSearchReady;
  latest = progress;
  header.showProgress(progress);
  filterBar.setSearchReady(progress.searchReady, progress.searchUnavailable);
  if (!started) return;
  if (progress.searchReady && !searchWasReady && filterBar.searchText !== '') applySearch(filterBar.searchText);
  datasetView.indexChanged();
  if (!progress.done) {
    liveRefresh();
    return;
  }
  if (doneHandled) return;
  doneHandled = true;
  liveRefresh.cancel();
  list.refreshLive();
  void loadCounts();
  void channel
    .request({ type: 'requestProblems', limit: PROBLEM_LIMIT })
    .then((found) => problems.show(found, PROBLEM_LIMIT))
    .catch((error: unknown) => showError(error instanceof Error ? error.message : String(error)));
}

async function loadCounts(): Promise<void> {
  try {
    const [kinds, types, categories] = await Promise.all([
      channel.request({ type: 'countsBy', column: 'kind', filter: {} }),
      channel.request({ type: 'countsBy', column: 'questionType', filter: {} }),
      channel.request({ type: 'countsBy', column: 'category', filter: {} }),
    ]);
    filterBar.setCounts('kind', kinds);
    filterBar.setCounts('questionType', types);
    filterBar.setCounts('category', categories);
  } catch (error) {
    showError(error instanceof Error ? error.message : String(error));
  }
}

/** First `init`: build the list and put back what the state remembers. */
function start(pageSize: number): void {
  started = true;
  const saved = store.current;
  list = new RecordList(
    runQuery,
    {
      select: (record, rank) => selectPosition(record.position, rank),
      sortChanged: (sort: ListSort) => {
        leaveQueue();
        store.update({ sort, listTop: 0 });
        setListQuery(sort, 0);
      },
      scrolled: () => store.update({ listTop: list.topRow }),
      totalChanged: (total) => header.showListed(total, Object.keys(listFilter()).length > 0),
      error: showError,
    },
    Math.max(100, pageSize),
  );
  listColumn.append(list.element, problems.element);
  list.setEdited(editedPositions);
  filterBar.restore(saved.filter, saved.search);
  const searchNow = saved.search !== '' && filterBar.isSearchReady;
  appliedSearch = searchNow ? saved.search : '';
  if (saved.search !== '' && !searchNow) pendingTopRow = saved.listTop;
  const terms = searchTerms(appliedSearch);
  list.setTerms(terms);
  session.setTerms(terms);
  setListQuery(saved.sort, pendingTopRow === null ? saved.listTop : 0);
  if (saved.datasetOpen) toggleDataset(true);
  if (saved.position !== null) {
    list.setSelected(saved.position);
    session.open(saved.position, { completion: saved.completion, card: saved.card, time: saved.time });
  }
  void loadCounts();
  if (latest) onProgress(latest);
}

const listColumn = h('section', { class: 'pane list-pane', 'aria-label': 'Samples' }, filterBar.element);
const mediaColumn = h('section', { class: 'pane media-pane', 'aria-label': 'Video and captions' }, videoPanel.element, timelineView.element, captionPanel.element);
const layout = new SplitLayout(listColumn, sampleColumn, mediaColumn, store.current.split, (split) => store.update({ split }));
root.append(header.element, errorBox, datasetView.element, layout.element, help.element);

installKeyboard({
  // While the help is open only ? and Escape (both close it) do anything.
  guard: (action) => !help.open || action === 'help' || action === 'escape',
  nextSample: () => void moveSelection(1),
  previousSample: () => void moveSelection(-1),
  // In a review queue n / p walk the queue; else the step cards.
  nextCard: () => (queueMenu.active ? void stepQueue(1) : session.stepCard(1)),
  previousCard: () => (queueMenu.active ? void stepQueue(-1) : session.stepCard(-1)),
  playPause: () => session.togglePlay(),
  previousMoment: () => session.stepMoment(-1),
  nextMoment: () => session.stepMoment(1),
  search: () => filterBar.focusSearch(),
  goTo: () => filterBar.focusGoTo(),
  dataset: () => toggleDataset(),
  help: () => help.toggle(),
  escape: () => {
    if (!help.open) return false;
    help.close();
  },
  // Editing: on the focused card, else the selected one (nothing to act on lets the key through).
  editCard: () => edits.editCard(),
  deleteStep: () => edits.deleteStep(),
  insertStep: () => edits.insertStep(),
  moveStepUp: () => edits.moveStep(-1),
  moveStepDown: () => edits.moveStep(1),
  retimeStart: () => edits.retime('start'),
  retimeEnd: () => edits.retime('end'),
  markReviewed: () => review.set('reviewed'),
  markFixed: () => review.set('fixed'),
  markRejected: () => review.set('rejected'),
  // Starts a run on the shown sample (the Cancel button stops it); nothing to run lets the key through.
  runModel: () => {
    if (!runs.toggle()) return false;
    // The run shows beside the chain, in the Sample tab.
    tabs.select('sample');
  },
});

// Save at once when the tab is hidden or the page goes away (the throttle might not have fired).
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') store.flush();
});
window.addEventListener('pagehide', () => store.flush());

channel.send({ type: 'ready' });
