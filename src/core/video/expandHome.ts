import * as os from 'node:os';
import * as path from 'node:path';

/** "~/x" → "$HOME/x": settings and datasets are often written that way, and no shell expands them for us. */
export function expandHome(p: string, home: string = os.homedir()): string {
  if (p === '~') return home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(home, p.slice(2));
  return p;
}
