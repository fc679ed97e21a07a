/**
 * Model runs on a panel's samples: a run answers at once with its id; `inferenceProgress` notifications
 * stream the text and stats, and one `inferenceEnd` closes it. The journal keeps what streamed for a
 * webview that loads again (its tab was hidden).
 */
import { EMPTY_STATS, type RunEnd, type RunStarted } from '../../shared/inference/inference';
import { RunJournal } from '../core/inference/runJournal';
import { slice } from '../editor/inspectorFeature';
import type { SessionContext } from '../editor/sessionContext';
import { log } from '../log';
import type { VideoSession } from '../video/videoSession';
import type { InferenceService } from './inferenceService';
import { inferenceConfigured, inferenceSettings, NOT_CONFIGURED } from './inferenceSettings';

/** Run ids are unique in the window, so a late message of an old run is never taken for a new one's. */
let nextRunId = 1;

export function runHandlers(session: SessionContext, video: VideoSession, inference: InferenceService) {
  const { document, view } = session;
  const runs = new Map<number, AbortController>();
  const journal = new RunJournal();

  async function runModel(position: number, completion: number): Promise<RunStarted> {
    const { loaded, record } = session.recordFor(position);
    if (!('question' in record) || record.question === null || record.question === '') throw new Error('This record has no question to ask the model.');
    const settings = inferenceSettings(document.uri);
    // Nothing set up yet: the webview shows the setup card (a checkpoint folder or a server URL), not a failed run.
    if (!inferenceConfigured(settings)) throw new Error(JSON.stringify(NOT_CONFIGURED));
    const runId = nextRunId++;
    const started: RunStarted = {
      runId,
      backend: settings.backend,
      model: settings.backend === 'python' ? settings.modelPath : settings.servedModel || settings.endpoint,
    };
    const controller = new AbortController();
    runs.set(runId, controller);
    journal.start(started, position, completion, EMPTY_STATS);
    const { question, options, questionType } = record;
    void (async () => {
      const end = await inference.run(
        { resource: document.uri, video: await video.forRun(position, loaded), question, options, questionType },
        {
          onProgress: (phase, delta, stats) => {
            journal.progress(runId, phase, delta, stats);
            view.post({ type: 'inferenceProgress', runId, position, phase, delta, stats });
          },
        },
        controller.signal,
      );
      runs.delete(runId);
      log().info(`Model run ${runId} on record ${position + 1}: ${end.status}${end.error ? ` (${end.error.code})` : ''}, ${end.stats.tokens} tokens`);
      const ended: RunEnd = { ...end, runId, position };
      journal.end(ended);
      view.post({ type: 'inferenceEnd', end: ended });
    })();
    return started;
  }

  return slice({
    requests: { runModel: (r) => runModel(r.position, r.completion) },
    notifications: {
      cancelModel: (m) => runs.get(m.runId)?.abort(),
      /** The panel's Close on a finished run. */
      forgetRun: (m) => journal.forget(m.runId),
      // A setup card's choice that set a model up runs it at once on the sample on show.
      inferenceFix: (m) =>
        void inference.applyFix(m.action, m.code, document.uri).then((configured) => {
          if (configured) view.post({ type: 'runModelRequested' });
        }),
    },
    ready: () => {
      const snapshots = journal.snapshots();
      if (snapshots.length > 0) view.post({ type: 'inferenceRuns', runs: snapshots });
    },
    dispose: () => {
      for (const controller of runs.values()) controller.abort();
    },
  });
}
