import * as fs from 'node:fs';
import * as path from 'node:path';

/** The system programs the demo and the tests need, with the exact way to install each. */
const PROGRAMS = {
  ffmpeg: 'sudo apt-get install -y ffmpeg',
  ffprobe: 'sudo apt-get install -y ffmpeg',
  chromium: 'sudo apt-get install -y chromium',
} as const;
export type SystemProgram = keyof typeof PROGRAMS;

export function findOnPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  return findOnPath('chromium') ?? findOnPath('chromium-browser') ?? findOnPath('google-chrome');
}

/** Throws one readable error naming every missing program and the command that installs it. */
export function requirePrograms(...programs: SystemProgram[]): void {
  const missing = programs.filter((p) => (p === 'chromium' ? chromiumPath() : findOnPath(p)) === undefined);
  if (missing.length === 0) return;
  const commands = [...new Set(missing.map((p) => PROGRAMS[p]))];
  throw new MissingProgramsError(
    `Missing system program${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.\n` +
      `Install with:\n${commands.map((c) => `  ${c}`).join('\n')}\n(or run .ci/run once, which installs everything).`,
  );
}

export class MissingProgramsError extends Error {
  override name = 'MissingProgramsError';
}
