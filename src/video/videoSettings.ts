import * as vscode from 'vscode';

/** The `rewatchInspector.*` settings the video side reads, for one dataset file's scope. */
export interface VideoSettings {
  ffmpegPath: string | undefined;
  videoRoots: string[];
  sourceRoots: Record<string, string>;
  proxyMaxHeight: number;
  proxyAudio: 'none' | 'mp3';
}

export function videoSettings(scope?: vscode.Uri): VideoSettings {
  const config = vscode.workspace.getConfiguration('rewatchInspector', scope);
  const ffmpegPath = config.get<string>('ffmpegPath', '').trim();
  const sourceRoots = config.get<Record<string, unknown>>('sourceRoots', {});
  return {
    ffmpegPath: ffmpegPath === '' ? undefined : ffmpegPath,
    videoRoots: config.get<unknown[]>('videoRoots', []).filter((r): r is string => typeof r === 'string' && r.trim() !== ''),
    sourceRoots: Object.fromEntries(Object.entries(sourceRoots).filter((e): e is [string, string] => typeof e[1] === 'string')),
    proxyMaxHeight: config.get<number>('video.proxyMaxHeight', 480),
    proxyAudio: config.get<'none' | 'mp3'>('video.proxyAudio', 'none'),
  };
}

/** Settings whose change means videos must be looked up (or ffmpeg found) again. */
export const VIDEO_SETTINGS = ['rewatchInspector.ffmpegPath', 'rewatchInspector.videoRoots', 'rewatchInspector.sourceRoots', 'rewatchInspector.video'];
