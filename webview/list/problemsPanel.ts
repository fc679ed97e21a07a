/** The file's problems (after indexing): each line opens the raw record in the text editor. */
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { Problem } from '../../shared/records/recordSummary';
import { h } from '../app/dom';

export class ProblemsPanel {
  readonly element = h('section', { class: 'problems', hidden: true, 'aria-label': 'Problems' });

  constructor(
    private readonly openLine: (line: number) => void,
    private readonly selectRecord: (position: number) => void,
  ) {}

  show(problems: Problem[], limit: number): void {
    this.element.hidden = problems.length === 0;
    if (problems.length === 0) return;
    const list = h('ul', { class: 'problem-list' });
    for (const problem of problems) {
      const link = h('a', { href: '#', title: `Open line ${problem.line} in the text editor` }, `Line ${problem.line}:${problem.column}`);
      link.addEventListener('click', (event) => {
        event.preventDefault();
        this.openLine(problem.line);
      });
      const message = h('span', { class: 'problem-message' }, problem.message);
      const position = problem.position;
      if (position !== undefined) {
        message.classList.add('selectable');
        message.title = `Show record #${position + 1}`;
        message.addEventListener('click', () => this.selectRecord(position));
      }
      list.append(h('li', { class: `severity-${problem.severity}` }, link, ' ', message));
    }
    const more = problems.length >= limit ? ` — first ${limit}` : '';
    const collapsible = h('vscode-collapsible', { title: `Problems (${problems.length}${more})`, open: true });
    collapsible.append(list);
    this.element.replaceChildren(collapsible);
  }
}
