/** The sample list's messages: pages, problems, queries, "go to", counts; and the saved review queues. */
import type * as vscode from 'vscode';
import { SavedQueue } from '../../shared/list/savedQueue';
import { slice } from '../editor/inspectorFeature';
import type { SessionContext } from '../editor/sessionContext';

/** Workspace-state key of the user's saved review queues. */
const QUEUES_KEY = 'rewatchInspector.queues';

/** The saved review queues (entries that no longer parse are dropped). */
export function savedQueues(state: vscode.Memento): SavedQueue[] {
  return state.get<unknown[]>(QUEUES_KEY, []).flatMap((q) => {
    const parsed = SavedQueue.safeParse(q);
    return parsed.success ? [parsed.data] : [];
  });
}

export function listHandlers(session: SessionContext, workspaceState: vscode.Memento) {
  const { document } = session;
  return slice({
    requests: {
      requestPage: (r) => ({ start: r.start, total: document.progress.records, records: document.page(r.start, r.limit) }),
      requestProblems: (r) => document.problems(r.limit),
      query: (r) => {
        session.lastQuery = r.query;
        return document.query(r.query);
      },
      findRecord: (r) => {
        const position = document.findRecord(r.target);
        return position === undefined ? null : { position };
      },
      rankOf: (r) => document.rankOf(r.query, r.position),
      countsBy: (r) => document.countsBy(r.column, r.filter),
    },
    notifications: {
      saveQueues: (m) => void workspaceState.update(QUEUES_KEY, m.queues),
    },
  });
}
