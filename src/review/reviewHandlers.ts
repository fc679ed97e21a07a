/** Review marks: reviewed / fixed / rejected with a note, appended to `<file>.review.jsonl`. */
import * as vscode from 'vscode';
import type { ReviewEntry } from '../../shared/review/review';
import { reviewHash } from '../core/review/reviewSidecar';
import { slice } from '../editor/inspectorFeature';
import type { SessionContext } from '../editor/sessionContext';

export function reviewHandlers(session: SessionContext) {
  return slice({
    requests: {
      /** Marks the record (a null status clears the mark). */
      setReview: (r): ReviewEntry => {
        if (!vscode.workspace.isTrusted) throw new Error('Review marks are not written in Restricted Mode: trust the workspace first.');
        const { record } = session.recordFor(r.position);
        const entry: ReviewEntry = {
          id: record.id,
          hash: reviewHash(record),
          status: r.status,
          note: r.note,
          time: new Date().toISOString(),
          position: r.position,
        };
        session.document.reviews().append(entry);
        return entry;
      },
    },
  });
}
