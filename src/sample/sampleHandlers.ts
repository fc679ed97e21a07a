/** The sample view's request: one record, made the panel's current sample (its video starts in the background). */
import type { SampleDetail } from '../../shared/sample/sample';
import type { SessionCaptions } from '../captions/sessionCaptions';
import { reviewHash } from '../core/review/reviewSidecar';
import { buildSample } from '../core/sample/buildSample';
import { recordCaptions } from '../core/sample/recordCaptions';
import { slice } from '../editor/inspectorFeature';
import type { SessionContext } from '../editor/sessionContext';
import type { VideoSession } from '../video/videoSession';

/** How long a sample request waits for a first probe before answering without the video's duration. */
const PROBE_WAIT_MS = 1500;

export function sampleHandlers(session: SessionContext, video: VideoSession, captions: SessionCaptions) {
  const { document } = session;

  async function sample(position: number, completion: number): Promise<SampleDetail> {
    const loaded = session.loadedFor(position);
    const videoJob = video.videoFor(position, loaded);
    // A caption file's segments for the video, else the ones the record carries (which the evidence check scores against).
    const found = (await captions.of(loaded)) ?? recordCaptions(loaded.value, document.profile);
    // A first probe of a slow disk must not hold the sample up: answer without the duration, refresh after.
    const resolved = await Promise.race([videoJob, delay(PROBE_WAIT_MS).then(() => undefined)]);
    if (resolved === undefined) void videoJob.then(() => video.isCurrent(position) && session.view.post({ type: 'sampleStale' }));
    const detail = buildSample({
      loaded,
      problems: document.problemsOf(position),
      completion,
      captions: found ?? null,
      videoDuration: resolved?.prepared?.probe.duration ?? null,
    });
    return {
      ...detail,
      edited: document.isEdited(position),
      review: loaded.record ? document.reviews().entryFor(loaded.record.id, reviewHash(loaded.record)) : null,
    };
  }

  return slice({
    requests: { sample: (r) => sample(r.position, r.completion) },
  });
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
