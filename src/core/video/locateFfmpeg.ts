import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandHome } from './expandHome';

export const FFMPEG_INSTALL_HINT =
  'Install ffmpeg (Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg) or set rewatchInspector.ffmpegPath to the ffmpeg binary or the folder that holds ffmpeg and ffprobe.';

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
}

/**
 * Finds ffmpeg and ffprobe. `configured` (the rewatchInspector.ffmpegPath setting) names the ffmpeg
 * binary or a folder holding both; ffprobe is taken beside ffmpeg. A configured path that does not
 * work is an error rather than a silent fall back to PATH, so a typo in the setting is noticed.
 * `platform` is a parameter so Windows lookup can be tested anywhere.
 */
export function locateFfmpeg(
  configured: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): FfmpegTools | { error: string } {
  const names = (tool: string) => executableNames(tool, env, platform);
  const setting = configured?.trim();

  if (setting) {
    const target = path.resolve(expandHome(setting));
    const isDir = isDirectory(target);
    const ffmpeg = isDir ? findIn([target], names('ffmpeg')) : isExecutable(target) ? target : undefined;
    const folder = isDir ? target : path.dirname(target);
    if (!ffmpeg) {
      const what = isDir ? `no executable ffmpeg in the folder ${target}` : `${target} is not an executable file`;
      return { error: `rewatchInspector.ffmpegPath is "${setting}", but there is ${what}. ${FFMPEG_INSTALL_HINT}` };
    }
    const ffprobe = findIn([folder], siblingNames(path.basename(ffmpeg), names('ffprobe')));
    if (!ffprobe) {
      return { error: `Found ffmpeg at ${ffmpeg} (rewatchInspector.ffmpegPath), but no executable ffprobe beside it in ${folder}. ${FFMPEG_INSTALL_HINT}` };
    }
    return { ffmpeg, ffprobe };
  }

  const dirs = searchPath(env, platform);
  const ffmpeg = findIn(dirs, names('ffmpeg'));
  // Prefer the ffprobe that ships with this ffmpeg; fall back to any on PATH.
  const ffprobe = ffmpeg ? (findIn([path.dirname(ffmpeg)], names('ffprobe')) ?? findIn(dirs, names('ffprobe'))) : undefined;
  if (ffmpeg && ffprobe) return { ffmpeg, ffprobe };
  const missing = [ffmpeg ? undefined : 'ffmpeg', ffprobe ? undefined : 'ffprobe'].filter(Boolean).join(' and ');
  const where = dirs.length > 0 ? `on PATH (${dirs.join(path.delimiter)})` : 'on PATH (PATH is empty)';
  return { error: `Could not find ${missing} ${where}. ${FFMPEG_INSTALL_HINT}` };
}

/** PATH's folders, in order, without blanks or repeats. Windows spells the variable Path. */
function searchPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const value = env.PATH ?? env.Path ?? '';
  const delimiter = platform === 'win32' ? ';' : ':';
  const dirs = value
    .split(delimiter)
    .map((dir) => dir.trim().replace(/^"(.*)"$/, '$1'))
    .filter((dir) => dir.length > 0);
  return [...new Set(dirs)];
}

/**
 * File names to try for `tool`. On Windows only PATHEXT's .exe and .com count: spawn cannot run
 * .cmd/.bat without a shell, and we never use one.
 */
function executableNames(tool: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform !== 'win32') return [tool];
  const exts = (env.PATHEXT ?? '.EXE')
    .split(';')
    .map((ext) => ext.trim().toLowerCase())
    .filter((ext) => ext === '.exe' || ext === '.com');
  return (exts.length > 0 ? exts : ['.exe']).map((ext) => tool + ext);
}

/** "ffprobe-6.exe" beside "ffmpeg-6.exe" first (custom builds), then the plain names. */
function siblingNames(ffmpegName: string, plain: string[]): string[] {
  const twin = ffmpegName.replace(/ffmpeg/i, 'ffprobe');
  return twin !== ffmpegName ? [twin, ...plain.filter((name) => name !== twin)] : plain;
}

function findIn(dirs: readonly string[], names: readonly string[]): string | undefined {
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
