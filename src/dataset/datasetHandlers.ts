/** The dataset view's messages: histograms, the scatter, means by type, and running the scoring pass again. */
import { slice } from '../editor/inspectorFeature';
import type { SessionContext } from '../editor/sessionContext';
import type { ScoringPass } from './scoringPass';

export function datasetHandlers(session: SessionContext, scoring: ScoringPass) {
  const { document } = session;
  return slice({
    requests: {
      histogram: (r) => document.histogram(r.column, r.bins, r.filter),
      scatter: (r) => document.scatter(r.x, r.y, r.bins, r.filter),
      meanBy: (r) => document.meanBy(r.by, r.column, r.filter),
    },
    notifications: {
      rescore: () => void scoring.run(document, true),
    },
  });
}
