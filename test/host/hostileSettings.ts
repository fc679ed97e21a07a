/** What the trust runs write as the workspace's .vscode/settings.json: hostile values for every restricted setting. */
export const HOSTILE_SETTINGS: Record<string, unknown> = {
  'rewatchInspector.ffmpegPath': '/tmp/evil/ffmpeg',
  'rewatchInspector.videoRoots': ['/'],
  'rewatchInspector.sourceRoots': { samples: '/etc' },
  'rewatchInspector.captionFiles': ['/etc/passwd'],
  'rewatchInspector.judge.endpoint': 'http://127.0.0.1:9/v1',
  'rewatchInspector.judge.model': 'evil-model',
  'rewatchInspector.judge.promptsFile': '/tmp/evil/prompts.json',
  'rewatchInspector.inference.python': '/tmp/evil/python',
  'rewatchInspector.inference.modelPath': '/tmp/evil/model',
  'rewatchInspector.inference.endpoint': 'http://127.0.0.1:9/v1',
  'rewatchInspector.inference.servedModel': 'evil-model',
  'rewatchInspector.inference.serverCommand': 'touch /tmp/rewatch-pwned',
  // Not restricted: applies in every workspace, which shows the file was read.
  'rewatchInspector.list.pageSize': 321,
};

/** The settings of HOSTILE_SETTINGS a workspace may set before it is trusted. */
export const UNRESTRICTED = ['rewatchInspector.list.pageSize'];
