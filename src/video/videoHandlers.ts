/** The video panel's messages: thumbnails, and what the user does about a video that will not play. */
import { slice } from '../editor/inspectorFeature';
import type { VideoSession } from './videoSession';

export function videoHandlers(video: VideoSession) {
  return slice({
    requests: {
      thumbnails: (r) => video.thumbnails(r.position, r.start, r.end),
    },
    notifications: {
      chooseVideoFolder: (m) => void video.chooseFolder(m.position),
      cancelProxy: (m) => video.cancelProxy(m.position),
      retryVideo: (m) => video.retry(m.position),
      playbackFailed: (m) => video.playbackFailed(m.position, m.message),
    },
  });
}
