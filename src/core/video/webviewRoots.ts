/**
 * Which folders the Inspector's webview may read files from (its `localResourceRoots`): the caches, the
 * dataset's folder, the workspace, the configured video roots, and the folder of each video that
 * probed as directly playable; never the file system's root, nor the home folder or one above it,
 * whatever a record names as its video.
 */
import * as os from 'node:os';
import * as path from 'node:path';

export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** A folder the webview may be opened to: not the file system's root, nor the home folder or one above it. */
export function safeRoot(dir: string, home = os.homedir()): boolean {
  const resolved = path.resolve(dir);
  if (path.dirname(resolved) === resolved) return false;
  return !(home !== '' && isInside(home, resolved));
}
