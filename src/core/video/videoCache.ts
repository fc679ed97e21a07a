import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VideoProbe } from '../../../shared/video/video';
import { roundTenth } from './thumbnails';

/**
 * Identifies a video's current state for the cache: its resolved path, size and mtime. Editing or
 * replacing the file gives a new key, so stale probes, proxies and thumbnails are simply not found.
 */
export function videoKey(filePath: string, stat: { size: number; mtimeMs: number }): string {
  return createHash('sha1')
    .update(`${path.resolve(filePath)}\0${stat.size}\0${stat.mtimeMs}`)
    .digest('hex')
    .slice(0, 20);
}

/** One folder per video key under `root`, holding its probe, proxy and thumbnails. */
export class VideoCache {
  constructor(readonly root: string) {}

  dir(key: string): string {
    return path.join(this.root, key);
  }

  probePath(key: string): string {
    return path.join(this.dir(key), 'probe.json');
  }

  proxyPath(key: string): string {
    return path.join(this.dir(key), 'proxy.mp4');
  }

  /** Stable for the same key, time (to 0.1 s) and width: "thumb-12.3s-w240.jpg". */
  thumbnailPath(key: string, seconds: number, width: number): string {
    return path.join(this.dir(key), `thumb-${roundTenth(seconds).toFixed(1)}s-w${Math.round(width)}.jpg`);
  }

  /** The cached probe, or undefined when there is none or it is unreadable or out of date with the schema. */
  readProbe(key: string): VideoProbe | undefined {
    try {
      const parsed = VideoProbe.safeParse(JSON.parse(fs.readFileSync(this.probePath(key), 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes atomically (temp file + rename) so a concurrent reader never sees half a file. */
  writeProbe(key: string, probe: VideoProbe): void {
    const file = this.probePath(key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      fs.writeFileSync(temp, JSON.stringify(VideoProbe.parse(probe)));
      fs.renameSync(temp, file);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
  }
}
