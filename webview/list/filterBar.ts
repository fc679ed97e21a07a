/**
 * Above the sample list: full-text search, filters by kind / question type / category / answer,
 * "with problems" and "malformed" toggles, a problem-code menu (one code, or any grounding problem), the "go to" box, extra tools (the review-queue menu) and
 * the numeric ranges in force (from the dataset view) as removable chips.
 */
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { QuestionType } from '../../shared/records/datasetRecord';
import type { CountColumn, NumericColumn, RecordFilter, ValueCount } from '../../shared/list/recordQuery';
import { GROUNDING_CODES, PROBLEM_CODES, type ProblemCode } from '../../shared/problems/problemCodes';
import { h } from '../app/dom';
import { debounce } from '../app/timing';
import { rangeLabel, withoutRange } from './filterRanges';
import { kindMenuPatch, kindMenuValue } from './kindMenu';

export interface FilterBarHandlers {
  /** The filters changed (the search text is reported apart, once search is ready). */
  filterChanged(filter: RecordFilter): void;
  searchChanged(text: string): void;
  goTo(target: string): void;
}

/** The filter columns with a menu, and how each maps onto RecordFilter. */
type MenuColumn = Extract<CountColumn, 'kind' | 'questionType' | 'category' | 'problemCode'>;

const MENU_LABELS: Record<MenuColumn, string> = { kind: 'All kinds', questionType: 'All types', category: 'All categories', problemCode: 'Any or no problem' };
/** The problem menu's entry for the grounding codes together (the "Grounding problems" queue's filter). */
const GROUNDING_VALUE = 'group:grounding';
const sameCodes = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((code) => b.includes(code));
const TYPE_LABELS: Record<string, string> = { 'multiple-choice': 'Multiple choice', 'open-ended': 'Open-ended' };
const SEARCH_WAITING = 'Search is available once the full-text index is built';

const numberFormat = new Intl.NumberFormat();

export class FilterBar {
  readonly element: HTMLElement;
  readonly search = h('input', {
    type: 'search',
    class: 'text-input search-input',
    'data-testid': 'search',
    placeholder: 'Search questions and chains  ( / )',
    'aria-label': 'Search questions and chains',
    spellcheck: 'false',
    autocomplete: 'off',
    disabled: true,
    title: SEARCH_WAITING,
  });
  readonly goto = h('input', {
    type: 'text',
    class: 'text-input goto-input',
    'data-testid': 'goto',
    placeholder: 'Go to # or id  ( g )',
    'aria-label': 'Go to a record number or id',
    spellcheck: 'false',
    autocomplete: 'off',
  });
  private readonly notice = h('div', { class: 'filter-notice', role: 'status', 'aria-live': 'polite', 'data-testid': 'filter-notice', hidden: true });
  private readonly menus: Record<MenuColumn, HTMLElementTagNameMap['vscode-single-select']>;
  private readonly correct = h('vscode-single-select', { 'aria-label': 'Answer', class: 'filter-menu', 'data-testid': 'filter-correct' });
  private readonly withProblems = h('vscode-checkbox', { label: 'With problems', 'data-testid': 'filter-problems' });
  private readonly malformed = h('vscode-checkbox', { label: 'Malformed', 'data-testid': 'filter-malformed' });
  private readonly searchWrap: HTMLElement;
  private readonly chips = h('div', { class: 'filter-row range-chips', 'aria-label': 'Numeric ranges in force', hidden: true });
  private filter: RecordFilter = {};
  private searchReady = false;
  /** Why search can never be used with this index (shown instead of "once it is built"). */
  private searchUnavailable: string | undefined;
  private readonly emitSearch = debounce(() => this.handlers.searchChanged(this.search.value.trim()), 200);

  constructor(
    private readonly handlers: FilterBarHandlers,
    /** More controls for the toggles' row (the review-queue menu). */
    tools: HTMLElement[] = [],
  ) {
    this.menus = {
      kind: this.menu('kind', 'Kind'),
      questionType: this.menu('questionType', 'Question type'),
      category: this.menu('category', 'Category'),
      problemCode: this.menu('problemCode', 'Problem code'),
    };
    this.correct.append(
      h('vscode-option', { value: '' }, 'Any answer'),
      h('vscode-option', { value: 'true' }, 'Answer ✓'),
      h('vscode-option', { value: 'false' }, 'Answer ✗'),
    );
    this.correct.addEventListener('change', () => {
      const value = this.correct.value;
      this.update({ correct: value === '' ? undefined : value === 'true' });
    });
    this.withProblems.addEventListener('change', () => this.update({ minProblems: this.withProblems.checked ? 1 : undefined }));
    // Malformed records are a kind of their own in the kind menu: checking the box is choosing it there.
    this.malformed.addEventListener('change', () => {
      this.update(this.malformed.checked ? kindMenuPatch('malformed') : { malformed: undefined });
      this.menus.kind.value = kindMenuValue(this.filter);
    });

    this.search.addEventListener('input', () => this.emitSearch());
    this.search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.emitSearch.flush();
      else if (event.key === 'Escape') {
        // Keep the text (a search field clears itself on Escape): Escape only leaves the box.
        event.preventDefault();
        event.stopPropagation();
        this.search.blur();
      }
    });
    this.goto.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        const target = this.goto.value.trim();
        if (target !== '') this.handlers.goTo(target);
      } else if (event.key === 'Escape') {
        event.stopPropagation();
        this.goto.blur();
      }
    });
    this.searchWrap = h('span', { class: 'search-wrap', title: SEARCH_WAITING }, this.search);
    this.element = h(
      'div',
      { class: 'filter-bar', role: 'search' },
      h('div', { class: 'filter-row' }, this.searchWrap, this.goto),
      h('div', { class: 'filter-row' }, this.menus.kind, this.menus.questionType, this.menus.category, this.correct),
      h('div', { class: 'filter-row' }, this.withProblems, this.malformed, this.menus.problemCode, h('span', { class: 'spacer' }), ...tools),
      this.chips,
      this.notice,
    );
  }

  get searchText(): string {
    return this.search.value.trim();
  }

  setSearchReady(ready: boolean, unavailable?: string): void {
    if (ready === this.searchReady && unavailable === this.searchUnavailable) return;
    this.searchReady = ready;
    this.searchUnavailable = unavailable;
    const waiting = this.waitingText();
    this.search.disabled = !ready;
    this.search.title = ready ? 'Words to find in questions and chains (the last may be a prefix)' : waiting;
    this.searchWrap.title = ready ? '' : waiting;
  }

  private waitingText(): string {
    return this.searchUnavailable === undefined ? SEARCH_WAITING : `No full-text search: ${this.searchUnavailable}`;
  }

  get isSearchReady(): boolean {
    return this.searchReady;
  }

  /** Fills a filter menu with the values the index counted (values with no record are left out). */
  setCounts(column: MenuColumn, counts: readonly ValueCount[]): void {
    const menu = this.menus[column];
    const current = this.selectedValue(column);
    const values = counts.filter((c): c is { value: string; count: number } => typeof c.value === 'string' && c.count > 0);
    const options = [h('vscode-option', { value: '' }, MENU_LABELS[column])];
    if (column === 'problemCode' && values.some((v) => (GROUNDING_CODES as readonly string[]).includes(v.value))) {
      options.push(h('vscode-option', { value: GROUNDING_VALUE, selected: current === GROUNDING_VALUE }, 'Any grounding problem'));
    }
    for (const { value, count } of values) {
      // "(n)" counts records: a record with a code twice counts once.
      const records = column === 'problemCode' ? `${numberFormat.format(count)} ${count === 1 ? 'record' : 'records'}` : numberFormat.format(count);
      const option = h(
        'vscode-option',
        { value, selected: value === current },
        `${column === 'questionType' ? (TYPE_LABELS[value] ?? value) : value} (${records})`,
      );
      if (column === 'problemCode' && Object.hasOwn(PROBLEM_CODES, value)) option.setAttribute('description', PROBLEM_CODES[value as ProblemCode].title);
      options.push(option);
    }
    // A restored choice the counts no longer list still shows, so the filter in force is visible.
    if (current !== '' && !values.some((v) => v.value === current)) options.push(h('vscode-option', { value: current, selected: true }, `${current} (0)`));
    menu.replaceChildren(...options);
    menu.value = current;
    menu.hidden = (column === 'category' || column === 'problemCode') && values.length === 0 && current === '';
  }

  /** The filter the bar stands for (without the search text). */
  get current(): RecordFilter {
    return this.filter;
  }

  /** A filter set from elsewhere (a histogram bar, a review queue): shown, and reported unless `report` is false. */
  setFilter(filter: RecordFilter, report = true): void {
    this.show(filter);
    if (report) this.handlers.filterChanged(this.filter);
  }

  /** Puts back a saved filter and search text (without reporting them). */
  restore(filter: RecordFilter, search: string): void {
    this.search.value = search;
    this.show(filter);
  }

  private show(filter: RecordFilter): void {
    const next: RecordFilter = { ...filter };
    delete next.text;
    for (const key of Object.keys(next) as (keyof RecordFilter)[]) if (next[key] === undefined) delete next[key];
    this.filter = next;
    this.withProblems.checked = (filter.minProblems ?? 0) >= 1;
    this.malformed.checked = filter.malformed === true;
    this.correct.value = filter.correct === undefined ? '' : String(filter.correct);
    for (const column of Object.keys(this.menus) as MenuColumn[]) {
      const value = this.selectedValue(column);
      if (value !== '' && this.menus[column].querySelector(`vscode-option[value="${CSS.escape(value)}"]`) === null) {
        this.menus[column].append(h('vscode-option', { value, selected: true }, value === GROUNDING_VALUE ? 'Any grounding problem' : value));
      }
      this.menus[column].value = value;
    }
    this.renderChips();
  }

  private renderChips(): void {
    const ranges = this.filter.ranges ?? [];
    this.chips.hidden = ranges.length === 0;
    this.chips.replaceChildren(
      ...ranges.map((range) => {
        const label = rangeLabel(range);
        const remove = h(
          'button',
          {
            type: 'button',
            class: 'range-chip-remove',
            'data-testid': 'range-chip-remove',
            'aria-label': `Remove the filter ${label}`,
            title: 'Remove this filter',
          },
          '×',
        );
        remove.addEventListener('click', () => this.removeRange(range.column));
        return h(
          'span',
          { class: 'range-chip', 'data-testid': 'range-chip', 'data-column': range.column, title: label },
          h('span', { class: 'range-chip-label' }, label),
          remove,
        );
      }),
    );
  }

  private removeRange(column: NumericColumn): void {
    this.filter = withoutRange(this.filter, column);
    this.renderChips();
    this.handlers.filterChanged(this.filter);
  }

  focusSearch(): void {
    if (!this.searchReady) {
      this.setNotice(this.waitingText() + '.');
      return;
    }
    this.search.focus();
    this.search.select();
  }

  focusGoTo(): void {
    this.goto.focus();
    this.goto.select();
  }

  setNotice(text: string | null, kind: 'info' | 'warning' = 'info'): void {
    this.notice.textContent = text ?? '';
    this.notice.dataset.kind = kind;
    this.notice.hidden = text === null;
  }

  private selectedValue(column: MenuColumn): string {
    if (column === 'kind') return kindMenuValue(this.filter);
    if (column === 'questionType') return this.filter.questionTypes?.[0] ?? '';
    if (column === 'problemCode') {
      const codes = this.filter.problemCodes ?? [];
      if (sameCodes(codes, GROUNDING_CODES)) return GROUNDING_VALUE;
      return codes.length === 1 ? codes[0] : '';
    }
    return this.filter.categories?.[0] ?? '';
  }

  private menu(column: MenuColumn, label: string): HTMLElementTagNameMap['vscode-single-select'] {
    const select = h('vscode-single-select', { 'aria-label': label, class: 'filter-menu', 'data-testid': `filter-${column}` });
    select.append(h('vscode-option', { value: '' }, MENU_LABELS[column]));
    select.addEventListener('change', () => {
      const value = select.value;
      if (column === 'kind') {
        this.update(kindMenuPatch(value));
        this.malformed.checked = this.filter.malformed === true;
      } else if (column === 'questionType') this.update({ questionTypes: value ? [value as QuestionType] : undefined });
      else if (column === 'problemCode') this.update({ problemCodes: value === GROUNDING_VALUE ? [...GROUNDING_CODES] : value ? [value] : undefined });
      else this.update({ categories: value ? [value] : undefined });
    });
    return select;
  }

  private update(patch: Partial<RecordFilter>): void {
    const next: RecordFilter = { ...this.filter, ...patch };
    for (const key of Object.keys(next) as (keyof RecordFilter)[]) if (next[key] === undefined) delete next[key];
    this.filter = next;
    this.handlers.filterChanged(next);
  }
}
