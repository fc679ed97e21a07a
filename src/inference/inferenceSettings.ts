import * as vscode from 'vscode';
import type { InferenceBackend, InferenceDevice, InferenceError } from '../../shared/inference/inference';

/** `rewatchInspector.inference.*`, with the paper's defaults (see package.json). */
export interface InferenceSettings {
  backend: InferenceBackend;
  /** The interpreter for the managed worker; empty: the Python extension's, else `python3`. */
  python: string;
  modelPath: string;
  device: InferenceDevice;
  dtype: 'auto' | 'bfloat16' | 'float16' | 'float32';
  attention: 'auto' | 'flash_attention_2' | 'sdpa' | 'eager';
  fps: number;
  maxFrames: number;
  maxPixels: number;
  minPixels: number;
  temperature: number;
  topP: number;
  maxTokens: number;
  endpoint: string;
  /** The model name the server serves; empty: the first one `/v1/models` lists. */
  servedModel: string;
  /** How the server gets the video: a `file://` reference (vLLM `--allowed-local-media-path`) or sampled frames. */
  videoInput: 'file' | 'frames';
  serverCommand: string;
  firstTokenTimeoutSeconds: number;
  idleTimeoutSeconds: number;
}

export function inferenceSettings(scope?: vscode.Uri): InferenceSettings {
  const c = vscode.workspace.getConfiguration('rewatchInspector.inference', scope);
  return {
    backend: c.get<InferenceBackend>('backend', 'python'),
    python: c.get<string>('python', '').trim(),
    modelPath: c.get<string>('modelPath', '').trim(),
    device: c.get<InferenceDevice>('device', 'auto'),
    dtype: c.get<InferenceSettings['dtype']>('dtype', 'auto'),
    attention: c.get<InferenceSettings['attention']>('attention', 'auto'),
    fps: c.get<number>('fps', 2),
    maxFrames: c.get<number>('maxFrames', 192),
    maxPixels: c.get<number>('maxPixels', 128 * 28 * 28),
    minPixels: c.get<number>('minPixels', 4 * 28 * 28),
    temperature: c.get<number>('temperature', 0.8),
    topP: c.get<number>('topP', 0.9),
    maxTokens: c.get<number>('maxTokens', 4096),
    endpoint: c.get<string>('endpoint', 'http://127.0.0.1:8000/v1').trim(),
    servedModel: c.get<string>('servedModel', '').trim(),
    videoInput: c.get<'file' | 'frames'>('videoInput', 'file'),
    serverCommand: c.get<string>('serverCommand', ''),
    firstTokenTimeoutSeconds: c.get<number>('firstTokenTimeoutSeconds', 600),
    idleTimeoutSeconds: c.get<number>('idleTimeoutSeconds', 120),
  };
}

/** Settings whose change means the warm worker must be started again (the loaded model no longer fits). */
export const WORKER_SETTINGS = [
  'rewatchInspector.inference.python',
  'rewatchInspector.inference.modelPath',
  'rewatchInspector.inference.device',
  'rewatchInspector.inference.dtype',
  'rewatchInspector.inference.attention',
  'rewatchInspector.inference.backend',
];

/**
 * Whether a run has a model to run: a checkpoint folder for the local worker; the server backend always has
 * its URL (a default one, which the user chose by choosing that backend).
 */
export function inferenceConfigured(settings: Pick<InferenceSettings, 'backend' | 'modelPath' | 'endpoint'>): boolean {
  return settings.backend === 'server' ? settings.endpoint !== '' : settings.modelPath !== '';
}

/** The run's answer when nothing is set up; the webview shows the setup card for it. */
export const NOT_CONFIGURED: InferenceError = {
  code: 'not-configured',
  message: 'No model is set up to run.',
  fix: 'Choose a local checkpoint folder, or the URL of an OpenAI-compatible server.',
};
