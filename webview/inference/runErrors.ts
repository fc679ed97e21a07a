/**
 * How a failed run is shown, pure (no DOM): a short title per error code, the host's message, and
 * its fix, prominent, since most failures are set-up problems the user can solve at once (install a
 * package, set the model path, trust the workspace). A `runModel` request that fails outright (the
 * host threw) is turned into the same shape, so the panel has one way of showing failure.
 */
import { fixActions, InferenceError, InferenceErrorCode, type InferenceFixAction } from '../../shared/inference/inference';

const TITLES: Record<InferenceErrorCode, string> = {
  'no-python': 'Python was not found',
  'missing-packages': 'Python packages are missing',
  'no-device': 'The chosen device is not available',
  'model-missing': 'The model was not found',
  'out-of-memory': 'Not enough memory',
  'server-unreachable': 'The inference server cannot be reached',
  'server-error': 'The inference server answered with an error',
  'video-missing': "The sample's video was not found",
  timeout: 'The run timed out',
  'worker-crashed': 'The inference worker crashed',
  'bad-request': 'The run could not be started for this sample',
  untrusted: 'Running a model needs a trusted workspace',
  internal: 'The run failed',
  'not-configured': 'Set up a model to run',
};

/** What to do when the host gave no fix (it always should). */
const DEFAULT_FIXES: Record<InferenceErrorCode, string> = {
  'no-python': 'Install Python 3 or set the Python path in the ReWatch Inspector inference settings.',
  'missing-packages': 'Install the packages the log names (e.g. pip install torch transformers) in the configured Python.',
  'no-device': 'Set the inference device to auto (the GPU when there is one, else the CPU), or point the inference settings at a server.',
  'model-missing': 'Set rewatchInspector.inference.modelPath to a downloaded checkpoint.',
  'out-of-memory': 'Sample fewer frames, use a smaller model or dtype, or free memory.',
  'server-unreachable': 'Start the server (e.g. vllm serve) or fix its URL in the inference settings.',
  'server-error': 'Check the server’s own log; the model name and request size are common causes.',
  'video-missing': 'Locate the video first (Choose folder… in the video panel).',
  timeout: 'Raise the inference timeout in the settings, or sample fewer frames.',
  'worker-crashed': 'Look at the log for the worker’s last output, then run again.',
  'bad-request': 'Check that the sample has a question and a video.',
  untrusted: 'Trust the workspace (Manage Workspace Trust), then run again.',
  internal: 'Look at the log for details.',
  'not-configured': 'Choose a local checkpoint folder, or the URL of an OpenAI-compatible server.',
};

const ACTION_LABELS: Record<InferenceFixAction, string> = {
  showLog: 'Show log',
  openSettings: 'Open setting',
  startServer: 'Start server',
  chooseCheckpoint: 'Choose checkpoint folder…',
  enterServerUrl: 'Use a server URL…',
};

export interface ErrorDisplay {
  code: InferenceErrorCode;
  title: string;
  message: string;
  fix: string;
  /** The buttons under the fix, in order. */
  actions: { action: InferenceFixAction; label: string }[];
}

export function errorDisplay(error: InferenceError): ErrorDisplay {
  const message = error.message.trim();
  const fix = error.fix.trim();
  return {
    code: error.code,
    title: TITLES[error.code],
    message: message === '' ? TITLES[error.code] : message,
    fix: fix === '' ? DEFAULT_FIXES[error.code] : fix,
    actions: fixActions(error.code).map((action) => ({ action, label: ACTION_LABELS[action] })),
  };
}

/**
 * A failed `runModel` request as an InferenceError: the host's error text may be an InferenceError
 * as JSON, or "code: message"; anything else is 'internal' with the text as its message.
 */
export function requestFailure(text: string): InferenceError {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = InferenceError.safeParse(JSON.parse(trimmed));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON after all: fall through to the plain text.
    }
  }
  const prefixed = /^([a-z-]+):\s*([\s\S]+)$/.exec(trimmed);
  const code = prefixed ? InferenceErrorCode.safeParse(prefixed[1]) : null;
  if (prefixed && code?.success) return { code: code.data, message: prefixed[2], fix: DEFAULT_FIXES[code.data] };
  return { code: 'internal', message: trimmed === '' ? 'The run could not be started.' : trimmed, fix: DEFAULT_FIXES.internal };
}
