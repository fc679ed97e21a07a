import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The extension's folder (the one holding `resources/`), found from a module's `__dirname`: `dist/`
 * in the bundle, `out/src/…` in tsc output.
 */
export function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'resources')) && fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(from);
  }
}
