import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandHome } from './expandHome';

export interface VideoLookup {
  /** The record's video path, as written. */
  video: string;
  /** The record's source (e.g. "Vript"), which may pick a root from `sourceRoots`. */
  source: string | null;
  /** The dataset file's folder. */
  datasetDir: string;
  workspaceDirs: readonly string[];
  /** The rewatchInspector video roots setting: absolute, or relative to the dataset or a workspace folder. */
  videoRoots: readonly string[];
  /** Per-source roots, resolved like `videoRoots`. */
  sourceRoots: Readonly<Record<string, string>>;
}

/**
 * Every place `input.video` may be, most specific first and without repeats: an absolute path as
 * is; else under the source's root, beside the dataset, then under each video root. A relative root
 * is tried against the dataset folder, then each workspace folder. `..` is allowed: datasets often
 * point at sibling folders.
 */
export function videoCandidates(input: VideoLookup): string[] {
  const video = expandHome(input.video);
  if (path.isAbsolute(video)) return [path.resolve(video)];

  const under = (root: string): string[] => {
    const expanded = expandHome(root);
    if (path.isAbsolute(expanded)) return [path.resolve(expanded, video)];
    return [input.datasetDir, ...input.workspaceDirs].map((base) => path.resolve(base, expanded, video));
  };
  const sourceRoot = input.source !== null && Object.hasOwn(input.sourceRoots, input.source) ? input.sourceRoots[input.source] : undefined;
  const candidates = [...(sourceRoot !== undefined ? under(sourceRoot) : []), path.resolve(input.datasetDir, video), ...input.videoRoots.flatMap(under)];
  return [...new Set(candidates)];
}

/** The first candidate that exists, and every candidate checked up to and including it. */
export function resolveVideo(input: VideoLookup, exists: (p: string) => boolean = (p) => fs.existsSync(p)): { path: string | undefined; tried: string[] } {
  const tried: string[] = [];
  for (const candidate of videoCandidates(input)) {
    tried.push(candidate);
    if (exists(candidate)) return { path: candidate, tried };
  }
  return { path: undefined, tried };
}
