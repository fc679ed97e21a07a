import * as assert from 'node:assert/strict';
import * as FakeTimers from '@sinonjs/fake-timers';
import { DEFAULT_SPLIT, StateStore, defaultState, parseState, type PersistedState } from '../../../../webview/app/state';

/** The documented default column widths (px), written out by hand. */
const SPLIT_340_400 = { list: 340, media: 400 };

const DEFAULTS: PersistedState = {
  version: 1,
  position: null,
  card: null,
  completion: 0,
  time: null,
  filter: {},
  search: '',
  sort: { by: 'position', descending: false },
  listTop: 0,
  split: SPLIT_340_400,
  datasetOpen: false,
  tab: 'sample',
  queue: null,
  listCollapsed: false,
  listColumns: {},
  breakdownOpen: false,
  reviewOpen: false,
};

describe('defaultState', () => {
  it('is the documented defaults', () => assert.deepEqual(defaultState(), DEFAULTS));

  it('exports the default split as 340 px of list and 400 px of media', () => assert.deepEqual(DEFAULT_SPLIT, { list: 340, media: 400 }));

  it('is a new object each time', () => {
    const a = defaultState();
    const b = defaultState();
    assert.notEqual(a, b);
    a.search = 'changed';
    assert.equal(b.search, '');
  });
});

describe('parseState', () => {
  describe('garbage gives the defaults', () => {
    const garbage: [string, unknown][] = [
      ['undefined', undefined],
      ['null', null],
      ['a number', 42],
      ['NaN', NaN],
      ['a string', '{"position":3}'],
      ['a boolean', true],
      ['an empty array', []],
      ['an array', [1, 2, 3]],
      ['a function', () => ({ position: 3 })],
      ['an empty object', {}],
      ['a Date', new Date(0)],
    ];
    for (const [name, raw] of garbage) it(name, () => assert.deepEqual(parseState(raw), DEFAULTS));
  });

  it('keeps a complete valid state', () => {
    const state: PersistedState = {
      version: 1,
      position: 12,
      card: 3,
      completion: 2,
      time: 7.5,
      filter: { kinds: ['cot'], minProblems: 1, text: 'bike' },
      search: 'red bike',
      sort: { by: 'reward', descending: true },
      listTop: 10.5,
      split: { list: 300, media: 600 },
      datasetOpen: true,
      tab: 'group',
      queue: 'preset:format-failures',
      listCollapsed: true,
      listColumns: { id: 220, category: 90 },
      breakdownOpen: true,
      reviewOpen: true,
    };
    assert.deepEqual(parseState(structuredClone(state)), state);
  });

  it('fills in what a partial state lacks', () => {
    assert.deepEqual(parseState({ position: 5, search: 'cat' }), { ...DEFAULTS, position: 5, search: 'cat' });
  });

  it('drops unknown fields', () => {
    const parsed = parseState({ position: 1, selected: 4, theme: 'dark' }) as unknown as Record<string, unknown>;
    assert.equal(parsed.selected, undefined);
    assert.equal(parsed.theme, undefined);
    assert.equal(parsed.position, 1);
  });

  it('reads a state saved before the dataset view, the tabs and the queues', () => {
    const before = {
      version: 1,
      position: 4,
      card: 2,
      completion: 1,
      time: 3,
      filter: { kinds: ['cot'] },
      search: 'x',
      sort: { by: 'reward', descending: true },
      listTop: 5,
      split: { list: 300, media: 500 },
    };
    assert.deepEqual(parseState(before), {
      ...before,
      datasetOpen: false,
      tab: 'sample',
      queue: null,
      listCollapsed: false,
      listColumns: {},
      breakdownOpen: false,
      reviewOpen: false,
    });
  });

  it('reads an older layout field by field', () => {
    // An earlier version stored other names and a bare width; what still fits is kept.
    const old = { version: 0, position: 3, selectedCard: 2, scrollTop: 1200, listWidth: 300, split: 300, sort: 'reward', filter: { kind: 'cot' } };
    assert.deepEqual(parseState(old), { ...DEFAULTS, position: 3 });
  });

  const fields: { name: string; patch: Record<string, unknown>; expected: Partial<PersistedState> }[] = [
    { name: 'a later version', patch: { version: 2 }, expected: { version: 1 } },
    { name: 'a position as a string', patch: { position: '5' }, expected: { position: null } },
    { name: 'a negative position', patch: { position: -1 }, expected: { position: null } },
    { name: 'a fractional position', patch: { position: 2.5 }, expected: { position: null } },
    { name: 'a null position', patch: { position: null }, expected: { position: null } },
    { name: 'position 0', patch: { position: 0 }, expected: { position: 0 } },
    { name: 'a huge position', patch: { position: 5_000_000 }, expected: { position: 5_000_000 } },
    { name: 'a NaN card', patch: { card: NaN }, expected: { card: null } },
    { name: 'a negative completion', patch: { completion: -2 }, expected: { completion: 0 } },
    { name: 'a null completion', patch: { completion: null }, expected: { completion: 0 } },
    { name: 'a negative time', patch: { time: -1 }, expected: { time: null } },
    { name: 'a NaN time', patch: { time: NaN }, expected: { time: null } },
    { name: 'a fractional time', patch: { time: 12.25 }, expected: { time: 12.25 } },
    { name: 'a filter with an unknown kind', patch: { filter: { kinds: ['bogus'] } }, expected: { filter: {} } },
    { name: 'a filter that is a string', patch: { filter: 'cot' }, expected: { filter: {} } },
    { name: 'a valid filter', patch: { filter: { hasVideo: true, rewardMin: 0.5 } }, expected: { filter: { hasVideo: true, rewardMin: 0.5 } } },
    { name: 'a search of 500 characters', patch: { search: 'x'.repeat(500) }, expected: { search: 'x'.repeat(500) } },
    { name: 'a search over 500 characters', patch: { search: 'x'.repeat(501) }, expected: { search: '' } },
    { name: 'a search that is a number', patch: { search: 42 }, expected: { search: '' } },
    { name: 'a sort by an unknown key', patch: { sort: { by: 'nope', descending: true } }, expected: { sort: { by: 'position', descending: false } } },
    { name: 'a sort without a direction', patch: { sort: { by: 'reward' } }, expected: { sort: { by: 'position', descending: false } } },
    { name: 'a negative listTop', patch: { listTop: -5 }, expected: { listTop: 0 } },
    { name: 'a fractional listTop', patch: { listTop: 1234.75 }, expected: { listTop: 1234.75 } },
    { name: 'a split below the minimums', patch: { split: { list: 50, media: 300 } }, expected: { split: SPLIT_340_400 } },
    { name: 'a split above the maximums', patch: { split: { list: 300, media: 5000 } }, expected: { split: SPLIT_340_400 } },
    { name: 'a split missing a side', patch: { split: { list: 300 } }, expected: { split: SPLIT_340_400 } },
    { name: 'a split as strings', patch: { split: { list: '300', media: '400' } }, expected: { split: SPLIT_340_400 } },
    { name: 'a split at the bounds', patch: { split: { list: 120, media: 4000 } }, expected: { split: { list: 120, media: 4000 } } },
    { name: 'the dataset view open', patch: { datasetOpen: true }, expected: { datasetOpen: true } },
    { name: 'datasetOpen as a string', patch: { datasetOpen: 'yes' }, expected: { datasetOpen: false } },
    { name: 'the group tab', patch: { tab: 'group' }, expected: { tab: 'group' } },
    { name: 'the diff tab', patch: { tab: 'diff' }, expected: { tab: 'diff' } },
    { name: 'an unknown tab', patch: { tab: 'dataset' }, expected: { tab: 'sample' } },
    { name: 'a queue', patch: { queue: 'saved:mine' }, expected: { queue: 'saved:mine' } },
    { name: 'a queue that is a number', patch: { queue: 3 }, expected: { queue: null } },
    { name: 'a queue name too long', patch: { queue: 'x'.repeat(301) }, expected: { queue: null } },
    { name: 'the list collapsed', patch: { listCollapsed: true }, expected: { listCollapsed: true } },
    { name: 'listCollapsed as a string', patch: { listCollapsed: 'true' }, expected: { listCollapsed: false } },
    { name: 'column widths', patch: { listColumns: { id: 240 } }, expected: { listColumns: { id: 240 } } },
    { name: 'a column width as a string', patch: { listColumns: { id: '240' } }, expected: { listColumns: {} } },
    { name: 'a negative column width', patch: { listColumns: { id: -1 } }, expected: { listColumns: {} } },
    { name: 'the breakdown and the review open', patch: { breakdownOpen: true, reviewOpen: true }, expected: { breakdownOpen: true, reviewOpen: true } },
    { name: 'reviewOpen as a number', patch: { reviewOpen: 1 }, expected: { reviewOpen: false } },
    {
      name: 'a filter with ranges',
      patch: { filter: { ranges: [{ column: 'obsEstimate', max: 0.5, includeMax: false }] } },
      expected: { filter: { ranges: [{ column: 'obsEstimate', max: 0.5, includeMax: false }] } },
    },
    {
      name: 'a range without includeMax gets the default',
      patch: { filter: { ranges: [{ column: 'fmt', max: 0 }] } },
      expected: { filter: { ranges: [{ column: 'fmt', max: 0, includeMax: true }] } },
    },
    { name: 'a filter with a bad range column', patch: { filter: { ranges: [{ column: 'nope' }] } }, expected: { filter: {} } },
    {
      name: 'a sort by a scored column',
      patch: { sort: { by: 'obsEstimate', descending: false } },
      expected: { sort: { by: 'obsEstimate', descending: false } },
    },
  ];
  for (const c of fields) {
    it(`${c.name} → ${JSON.stringify(c.expected).slice(0, 60)}`, () =>
      assert.deepEqual(parseState({ position: 7, ...c.patch }), { ...DEFAULTS, position: 7, ...c.expected }));
  }

  it('falls back per field, not for the whole state', () => {
    assert.deepEqual(parseState({ position: 9, card: 'x', search: 'ok', split: null, listTop: 3 }), { ...DEFAULTS, position: 9, search: 'ok', listTop: 3 });
  });

  it('survives a JSON round trip', () => {
    const state = { ...DEFAULTS, position: 4, time: 1.5, search: 'bike', sort: { by: 'steps' as const, descending: true } };
    assert.deepEqual(parseState(JSON.parse(JSON.stringify(state))), state);
  });
});

describe('StateStore', () => {
  // The store's throttle reads Date.now and arms a setTimeout: both fake, moved by `clock.tick`.
  let clock: FakeTimers.Clock;
  beforeEach(() => {
    clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_000_000 });
  });
  afterEach(() => clock.uninstall());

  /** A stand-in for VS Code's webview API: getState/setState and a log of the writes. */
  function fakeApi(initial?: unknown): { getState(): unknown; setState(state: PersistedState): void; writes: PersistedState[] } {
    let saved = initial;
    const writes: PersistedState[] = [];
    return {
      getState: () => saved,
      setState: (state) => {
        saved = state;
        writes.push(state);
      },
      writes,
    };
  }

  it('starts from the parsed saved state without writing', () => {
    const api = fakeApi({ position: 3, search: 'cat', time: -1 });
    const store = new StateStore(api.getState(), (s) => api.setState(s), 20);
    assert.deepEqual(store.current, { ...DEFAULTS, position: 3, search: 'cat' });
    assert.equal(api.writes.length, 0);
  });

  it('starts from the defaults when nothing was saved', () => {
    const api = fakeApi();
    const store = new StateStore(api.getState(), (s) => api.setState(s), 20);
    assert.deepEqual(store.current, DEFAULTS);
  });

  it('writes the first update at once', () => {
    const api = fakeApi();
    const store = new StateStore(undefined, (s) => api.setState(s), 20);
    store.update({ position: 1 });
    assert.equal(api.writes.length, 1);
    assert.equal(api.writes[0].position, 1);
    assert.deepEqual(store.current, { ...DEFAULTS, position: 1 });
  });

  it('throttles a burst of updates into one more write of the latest state, one interval later', () => {
    const api = fakeApi();
    const store = new StateStore(undefined, (s) => api.setState(s), 30);
    store.update({ position: 1 });
    store.update({ position: 2 });
    store.update({ position: 3, time: 4 });
    assert.equal(api.writes.length, 1, 'only the leading write so far');
    assert.equal(store.current.position, 3, 'current is up to date at once');
    clock.tick(29);
    assert.equal(api.writes.length, 1, '29 ms after the leading write');
    clock.tick(1);
    assert.equal(api.writes.length, 2, 'the trailing write, 30 ms after the leading one');
    assert.deepEqual(api.getState(), { ...DEFAULTS, position: 3, time: 4 });
    clock.tick(1000);
    assert.equal(api.writes.length, 2, 'nothing more without updates');
  });

  it('flush writes a pending update now, and only once', () => {
    const api = fakeApi();
    const store = new StateStore(undefined, (s) => api.setState(s), 30);
    store.update({ position: 1 });
    store.update({ search: 'bike' });
    store.flush();
    assert.equal(api.writes.length, 2);
    assert.deepEqual(api.getState(), { ...DEFAULTS, position: 1, search: 'bike' });
    clock.tick(1000);
    assert.equal(api.writes.length, 2, 'the flushed write is not repeated by the timer');
  });

  it('flush without a pending update writes nothing', () => {
    const api = fakeApi();
    const store = new StateStore(undefined, (s) => api.setState(s), 30);
    store.flush();
    assert.equal(api.writes.length, 0);
    store.update({ card: 2 });
    store.flush();
    assert.equal(api.writes.length, 1);
  });

  it('merges patches, keeping the other fields', () => {
    const store = new StateStore({ position: 2, search: 'x' }, () => undefined, 10);
    store.update({ split: { list: 300, media: 500 } });
    store.update({ sort: { by: 'reward', descending: true } });
    assert.deepEqual(store.current, { ...DEFAULTS, position: 2, search: 'x', split: { list: 300, media: 500 }, sort: { by: 'reward', descending: true } });
    store.flush();
  });

  it('round-trips through the saved state', () => {
    const api = fakeApi();
    const first = new StateStore(api.getState(), (s) => api.setState(s), 10);
    first.update({ position: 8, card: 1, listTop: 99.5, filter: { correct: false } });
    first.flush();
    const second = new StateStore(JSON.parse(JSON.stringify(api.getState())), (s) => api.setState(s), 10);
    assert.deepEqual(second.current, { ...DEFAULTS, position: 8, card: 1, listTop: 99.5, filter: { correct: false } });
  });
});
