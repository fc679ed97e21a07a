/** The video panel's messages: thumbnails, the video's state, and what the user does about a bad one. */
import { z } from 'zod';
import { Position, RequestId } from '../messageParts';
import { Thumbnail, VideoState } from './video';

/** Frames across one cited interval of the record's video (seconds from its first frame), as webview URIs. */
export const ThumbnailsRequest = z.object({
  type: z.literal('thumbnails'),
  id: RequestId,
  position: Position,
  start: z.number().min(0).max(1e7),
  end: z.number().min(0).max(1e7),
});

export const videoMessages = {
  requests: [ThumbnailsRequest],
  responses: { thumbnails: z.array(Thumbnail) },
  toHost: [
    /** "Choose folder…" on a missing video: the host asks for a folder and adds it to `rewatchInspector.videoRoots`. */
    z.object({ type: z.literal('chooseVideoFolder'), position: Position }),
    /** Stop making the current proxy (thumbnails keep working). */
    z.object({ type: z.literal('cancelProxy'), position: Position }),
    /** The player could not play a file served directly: the host makes a proxy of it instead. */
    z.object({ type: z.literal('playbackFailed'), position: Position, message: z.string().max(2000) }),
    /** Look for the video again (after the user moved files or changed settings). */
    z.object({ type: z.literal('retryVideo'), position: Position }),
  ],
  toWebview: [
    /** The video panel's state for the sample at `position` (the webview ignores other positions). */
    z.object({ type: z.literal('video'), position: Position, video: VideoState }),
  ],
} as const;
