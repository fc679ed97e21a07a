import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { z } from 'zod';
import type { OptionSchema } from '../../shared/records/datasetRecord';
import {
  EMPTY_STATS,
  settingForFailure,
  type InferenceError,
  type InferenceErrorCode,
  type InferenceFixAction,
  type InferencePhase,
  type InferenceStats,
  type RunEnd,
} from '../../shared/inference/inference';
import { planFrames } from '../core/inference/framePlan';
import { serverCommandLine, videoRootFor } from '../core/inference/serverCommand';
import { videoSettings } from '../video/videoSettings';
import { InferenceFailure, inferenceFailure as failure } from '../core/inference/inferenceFailure';
import { queryGpuMemory } from '../core/inference/nvidiaSmi';
import { buildPrompt } from '../core/inference/prompt';
import { probeReport, type ProbeReport } from '../core/inference/probeReport';
import { PythonWorker, type WorkerDevice } from '../core/inference/pythonWorker';
import { sampleFrames } from '../core/inference/sampleFrames';
import { listModels, ServerFailure, streamCompletion, type VideoInput } from '../core/inference/serverClient';
import { waitForServer } from '../core/inference/serverHealth';
import type { ToolsOrError } from '../core/video/videoLibrary';
import { log } from '../log';
import { inferenceSettings, type InferenceSettings, WORKER_SETTINGS } from './inferenceSettings';
import { pythonInterpreter } from './pythonInterpreter';

/** What a run needs to know about the sample. */
export interface RunInput {
  /** The dataset file (settings scope). */
  resource: vscode.Uri;
  video: { path: string; duration: number | null; width: number | null; height: number | null } | { missing: string };
  question: string;
  options: z.infer<typeof OptionSchema>[];
  questionType: 'multiple-choice' | 'open-ended';
}

export interface RunCallbacks {
  onProgress(phase: InferencePhase, delta: string, stats: InferenceStats): void;
}

/** How often GPU memory is read while a run goes. */
const GPU_POLL_MS = 2000;

/**
 * Runs the configured model on one sample: the managed Python worker (kept warm between samples,
 * restarted when its settings change) or an OpenAI-compatible server. Every failure comes back as an
 * InferenceError naming the fix; nothing waits without a timeout and a cancel.
 */
export class InferenceService implements vscode.Disposable {
  private worker: { key: string; worker: PythonWorker } | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionPath: string,
    private readonly ffmpeg: () => ToolsOrError,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (this.worker && WORKER_SETTINGS.some((s) => event.affectsConfiguration(s))) {
          log().info('Inference settings changed: the Python worker starts again on the next run');
          this.stopWorker();
        }
      }),
    );
  }

  dispose(): void {
    this.stopWorker();
    for (const s of this.subscriptions) s.dispose();
  }

  private stopWorker(): void {
    this.worker?.worker.dispose();
    this.worker = undefined;
  }

  /** One run, start to end; resolves (never rejects) with how it ended. */
  async run(input: RunInput, callbacks: RunCallbacks, signal: AbortSignal): Promise<Omit<RunEnd, 'runId' | 'position'>> {
    const settings = inferenceSettings(input.resource);
    const stats = new RunStats(settings.maxTokens);
    let text = '';
    let phase: InferencePhase = 'starting';
    const report = (delta: string) => callbacks.onProgress(phase, delta, stats.snapshot());
    const onToken = (delta: string, tokens?: number) => {
      text += delta;
      stats.token(tokens);
      report(delta);
    };
    const setPhase = (next: InferencePhase) => {
      phase = next;
      report('');
    };
    const gpu = setInterval(() => void queryGpuMemory().then((m) => m && stats.gpu(m.usedMiB, m.totalMiB)), GPU_POLL_MS);
    try {
      report('');
      if (!vscode.workspace.isTrusted)
        throw failure('untrusted', 'Models are not run in Restricted Mode.', 'Trust the workspace (Manage Workspace Trust) to run local inference.');
      if ('missing' in input.video)
        throw failure(
          'video-missing',
          input.video.missing,
          'Point rewatchInspector.videoRoots or rewatchInspector.sourceRoots at the videos, or use "Choose folder…" in the video panel.',
        );
      const video = input.video;
      const prompt = buildPrompt({ question: input.question, options: input.options, duration: video.duration, questionType: input.questionType });
      const result =
        settings.backend === 'python'
          ? await this.runWorker(
              settings,
              input.resource,
              video.path,
              prompt,
              { setPhase, onToken, onFrames: (n) => stats.frames(n), onDevice: (d) => (stats.device(d), report('')) },
              signal,
            )
          : await this.runServer(settings, video, prompt, { setPhase, onToken, onFrames: (n) => stats.frames(n) }, signal);
      return { status: result.cancelled ? 'cancelled' : 'done', text, stats: stats.snapshot(), error: null };
    } catch (error) {
      if (signal.aborted) return { status: 'cancelled', text, stats: stats.snapshot(), error: null };
      const described = describe(error);
      log().error(`Inference failed (${described.code}): ${described.message} Fix: ${described.fix}`);
      return { status: 'error', text, stats: stats.snapshot(), error: described };
    } finally {
      clearInterval(gpu);
    }
  }

  private async runWorker(
    settings: InferenceSettings,
    resource: vscode.Uri,
    video: string,
    prompt: { system: string; user: string },
    on: { setPhase(p: InferencePhase): void; onToken(t: string, tokens?: number): void; onFrames(n: number): void; onDevice(d: WorkerDevice): void },
    signal: AbortSignal,
  ): Promise<{ cancelled: boolean }> {
    if (settings.modelPath === '') {
      throw failure(
        'model-missing',
        'No model is set for local inference.',
        'Set rewatchInspector.inference.modelPath to a local ReWatch-R1 (or Qwen2.5-VL) checkpoint folder; models are never downloaded.',
      );
    }
    const worker = await this.warmWorker(settings, resource);
    on.setPhase('loading');
    const result = await worker.generate(
      {
        model: settings.modelPath,
        device: settings.device,
        dtype: settings.dtype,
        attention: settings.attention,
        video,
        prompt: prompt.user,
        system: prompt.system,
        fps: settings.fps,
        max_frames: settings.maxFrames,
        max_pixels: settings.maxPixels,
        min_pixels: settings.minPixels,
        temperature: settings.temperature,
        top_p: settings.topP,
        max_new_tokens: settings.maxTokens,
        seed: null,
      },
      {
        onPhase: (p) => on.setPhase(p),
        onFrames: (f) => on.onFrames(f.count),
        onDevice: (d) => {
          log().info(
            `Inference on ${d.device} (${d.name}: ${d.reason}), ${d.dtype}, ${d.attention} attention, video inputs by ${d.inputs === 'torch' ? 'the worker (no usable torchvision)' : "transformers' processor"}`,
          );
          on.onDevice(d);
        },
        onToken: on.onToken,
        signal,
        firstTokenTimeoutMs: settings.firstTokenTimeoutSeconds * 1000,
        idleTimeoutMs: settings.idleTimeoutSeconds * 1000,
      },
    );
    return { cancelled: result.cancelled };
  }

  /** The running worker for these settings, or a new one (the old one is stopped). */
  private async warmWorker(settings: InferenceSettings, resource: vscode.Uri | undefined): Promise<PythonWorker> {
    const { python, from } = await pythonInterpreter(settings.python, resource);
    const script = path.join(this.extensionPath, 'python', 'rewatch_worker.py');
    const key = `${python}\0${script}`;
    if (this.worker?.key === key && this.worker.worker.running) return this.worker.worker;
    this.stopWorker();
    log().info(`Starting the inference worker: ${python} (${from}) ${script}`);
    const worker = new PythonWorker({ python, script, log: (line) => log().info(`[worker] ${line}`) });
    this.worker = { key, worker };
    try {
      await worker.start();
    } catch (error) {
      this.stopWorker();
      throw error;
    }
    return worker;
  }

  private async runServer(
    settings: InferenceSettings,
    video: { path: string; duration: number | null; width: number | null; height: number | null },
    prompt: { system: string; user: string },
    on: { setPhase(p: InferencePhase): void; onToken(t: string): void; onFrames(n: number): void },
    signal: AbortSignal,
  ): Promise<{ cancelled: boolean }> {
    const model = settings.servedModel !== '' ? settings.servedModel : ((await listModels(settings.endpoint, undefined, signal))[0] ?? '');
    if (model === '') {
      throw failure(
        'server-error',
        `The server at ${settings.endpoint} lists no model at /v1/models.`,
        'Set rewatchInspector.inference.servedModel to the name it serves (transformers serve lists only models from the Hugging Face cache: use the path it was started with), or start it with your checkpoint ("ReWatch: Start Inference Server").',
      );
    }
    const scratch = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'rewatch-frames-'));
    try {
      const stream = (input: VideoInput) =>
        streamCompletion({
          url: settings.endpoint,
          model,
          system: prompt.system,
          user: prompt.user,
          video: input,
          fps: settings.fps,
          maxPixels: settings.maxPixels,
          temperature: settings.temperature,
          topP: settings.topP,
          maxTokens: settings.maxTokens,
          signal,
          connectTimeoutMs: 10_000,
          firstTokenTimeoutMs: settings.firstTokenTimeoutSeconds * 1000,
          idleTimeoutMs: settings.idleTimeoutSeconds * 1000,
          onToken: on.onToken,
        });
      const frames = async (): Promise<VideoInput> => {
        on.setPhase('sampling');
        const files = await this.sampleForServer(settings, video, scratch, signal);
        on.onFrames(files.length);
        return { kind: 'frames', files };
      };
      let result;
      if (settings.videoInput === 'frames') {
        const input = await frames();
        on.setPhase('generating');
        result = await stream(input);
      } else {
        on.setPhase('generating');
        try {
          result = await stream({ kind: 'file', path: video.path });
        } catch (error) {
          if (!refusesVideoFile(error)) throw error;
          // Not every server takes a video by file reference (transformers serve refuses vLLM's
          // mm_processor_kwargs; others lack a video decoder): the same video as frames, sampled here.
          log().warn(
            `The server refused the video as a file reference (${(error as InferenceFailure).message}); sending it as sampled frames instead. Set rewatchInspector.inference.videoInput to "frames" to skip the first try.`,
          );
          const input = await frames();
          on.setPhase('generating');
          result = await stream(input);
        }
      }
      return { cancelled: 'cancelled' in result && result.cancelled === true };
    } finally {
      void fs.promises.rm(scratch, { recursive: true, force: true });
    }
  }

  /** The video as JPEG frames by the paper's plan (2 fps, at most maxFrames, maxPixels each), sampled with ffmpeg. */
  private async sampleForServer(
    settings: InferenceSettings,
    video: { path: string; duration: number | null; width: number | null; height: number | null },
    scratch: string,
    signal: AbortSignal,
  ): Promise<string[]> {
    const tools = this.ffmpeg();
    if ('error' in tools)
      throw failure('video-missing', tools.error, 'Install ffmpeg or set rewatchInspector.ffmpegPath, or set rewatchInspector.inference.videoInput to "file".');
    if (video.duration === null || video.width === null || video.height === null) {
      throw failure(
        'video-missing',
        `ffprobe could not read the duration and size of ${video.path}.`,
        'Check the video file, or set rewatchInspector.inference.videoInput to "file".',
      );
    }
    const plan = planFrames({
      duration: video.duration,
      width: video.width,
      height: video.height,
      fps: settings.fps,
      maxFrames: settings.maxFrames,
      maxPixels: settings.maxPixels,
      minPixels: settings.minPixels,
    });
    return sampleFrames(tools.ffmpeg, video.path, plan, scratch, signal);
  }

  /** "ReWatch: Check Inference Setup": the worker's interpreter, packages and the device runs would use. */
  async checkSetup(resource: vscode.Uri | undefined): Promise<ProbeReport | undefined> {
    const settings = inferenceSettings(resource);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'ReWatch: asking the inference worker what it has…' },
      async () => {
        try {
          const worker = await this.warmWorker(settings, resource);
          const report = probeReport(await worker.probe());
          for (const line of report.lines) log().info(`[setup] ${line}`);
          const choice = await (report.ready ? vscode.window.showInformationMessage : vscode.window.showWarningMessage)(
            `ReWatch: ${report.summary}`,
            'Show log',
            'Open settings',
          );
          if (choice === 'Show log') log().show(true);
          else if (choice === 'Open settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'rewatchInspector.inference');
          return report;
        } catch (error) {
          const described = describe(error);
          void vscode.window.showErrorMessage(`ReWatch: ${described.message} ${described.fix}`);
          return undefined;
        }
      },
    );
  }

  /** A button beside a failed run's fix (the webview offers those of `fixActions`). */
  /** A fix's button; true when it set a model up (a setup card's choice), so the run can start at once. */
  async applyFix(action: InferenceFixAction, code: InferenceErrorCode, resource: vscode.Uri | undefined): Promise<boolean> {
    if (action === 'showLog') log().show(true);
    else if (action === 'openSettings')
      await vscode.commands.executeCommand('workbench.action.openSettings', settingForFailure(code) ?? 'rewatchInspector.inference');
    else if (action === 'chooseCheckpoint') return chooseCheckpoint(resource);
    else if (action === 'enterServerUrl') return enterServerUrl(resource);
    else await this.startServer(resource);
    return false;
  }

  /** "ReWatch: Start Inference Server": the configured command in a terminal, then waits until it answers; true once it does. */
  async startServer(resource: vscode.Uri | undefined): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        'ReWatch: an inference server is not started in Restricted Mode. Trust the workspace first (Manage Workspace Trust).',
      );
      return false;
    }
    const settings = inferenceSettings(resource);
    // The terminal's shell reads the command: the paths are quoted so spaces and quotes in them stay one word.
    const video = videoSettings(resource);
    const datasetDir = resource ? path.dirname(resource.fsPath) : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir());
    const videoRoot = videoRootFor(datasetDir, [...video.videoRoots, ...Object.values(video.sourceRoots)]);
    const command = serverCommandLine(settings.serverCommand, { modelPath: settings.modelPath, videoRoot }, vscode.env.shell);
    if (command.trim() === '') {
      void vscode.window.showWarningMessage(
        'ReWatch: set rewatchInspector.inference.serverCommand (for example `vllm serve /path/to/ReWatch-R1 --port 8000 --allowed-local-media-path /`).',
      );
      return false;
    }
    const terminal = vscode.window.createTerminal({ name: 'ReWatch inference server' });
    terminal.show(true);
    terminal.sendText(command);
    log().info(`Started the inference server command in a terminal: ${command}`);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Waiting for the inference server at ${settings.endpoint}`, cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        try {
          const models = await waitForServer(settings.endpoint, { timeoutMs: 15 * 60_000, intervalMs: 2000, signal: controller.signal });
          void vscode.window.showInformationMessage(`ReWatch: the inference server is up (${models.join(', ') || 'no model listed'}).`);
          return true;
        } catch (error) {
          if (controller.signal.aborted) return false;
          const described = describe(error);
          void vscode.window.showErrorMessage(`ReWatch: ${described.message} ${described.fix}`);
          return false;
        }
      },
    );
  }
}

/** Live run statistics: time to first token, tokens per second, frames, GPU memory. */
class RunStats {
  private readonly started = Date.now();
  private where: InferenceStats['device'] = null;

  constructor(private readonly maxTokens: number) {}

  device(device: WorkerDevice): void {
    this.where = { kind: device.device, name: device.name, dtype: device.dtype };
  }

  private first: number | undefined;
  private last: number | undefined;
  private tokens = 0;
  private frameCount: number | null = null;
  private memory: { used: number; total: number } | undefined;

  /** A piece of text came: with the generated-token count when the worker gives it (pieces may hold several). */
  token(count?: number): void {
    const now = Date.now();
    this.first ??= now;
    this.last = now;
    this.tokens = count ?? this.tokens + 1;
  }

  frames(count: number): void {
    this.frameCount = count;
  }

  gpu(used: number, total: number): void {
    this.memory = { used, total };
  }

  snapshot(): InferenceStats {
    const elapsed = this.first !== undefined && this.last !== undefined ? (this.last - this.first) / 1000 : 0;
    return {
      ...EMPTY_STATS,
      ttftMs: this.first === undefined ? null : this.first - this.started,
      tokens: this.tokens,
      tokensPerSecond: this.tokens > 1 && elapsed > 0 ? (this.tokens - 1) / elapsed : null,
      frames: this.frameCount,
      gpuMemoryUsedMiB: this.memory?.used ?? null,
      gpuMemoryTotalMiB: this.memory?.total ?? null,
      device: this.where,
      maxTokens: this.maxTokens,
    };
  }
}

/**
 * A server's refusal of the request's video file reference: an HTTP 4xx (so before anything streamed)
 * naming the request's shape (an unexpected field such as vLLM's mm_processor_kwargs, a video part it
 * does not take). vLLM's "not under --allowed-local-media-path" is not one: its fix is a server flag.
 */
function refusesVideoFile(error: unknown): boolean {
  if (!(error instanceof ServerFailure) || error.status === undefined || error.status >= 500 || error.status === 401 || error.status === 403) return false;
  if (/allowed[-_]local[-_]media[-_]path/i.test(error.message)) return false;
  return (
    error.status === 422 ||
    /unexpected field|extra (?:field|input)|not permitted|mm_processor_kwargs|video_url|video|unsupported|not supported/i.test(error.message)
  );
}

function describe(error: unknown): InferenceError {
  if (error instanceof InferenceFailure) return error.error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message, fix: 'See "ReWatch: Show Log" for details.' };
}

/**
 * The setup card's "Choose checkpoint folder…": a folder picker; the folder becomes the local worker's model
 * (user settings: a path on this machine, which a workspace may not set while untrusted).
 */
async function chooseCheckpoint(resource: vscode.Uri | undefined): Promise<boolean> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Use this checkpoint',
    title: 'A ReWatch-R1 (or Qwen2.5-VL) checkpoint folder: config.json and the weights',
  });
  const folder = picked?.[0];
  if (!folder) return false;
  const config = vscode.workspace.getConfiguration('rewatchInspector.inference', resource);
  await config.update('modelPath', folder.fsPath, vscode.ConfigurationTarget.Global);
  await config.update('backend', 'python', vscode.ConfigurationTarget.Global);
  log().info(`Inference: the local checkpoint is now ${folder.fsPath}`);
  return true;
}

/** Whether `text` is an http(s) URL; the reason when not (the input box shows it). */
export function serverUrlProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'Enter the server’s URL, e.g. http://127.0.0.1:8000/v1';
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'The URL must start with http:// or https://';
  } catch {
    return 'Not a URL: e.g. http://127.0.0.1:8000/v1';
  }
}

/** The setup card's "Use a server URL…": the OpenAI-compatible server's URL becomes the backend (user settings). */
async function enterServerUrl(resource: vscode.Uri | undefined): Promise<boolean> {
  const config = vscode.workspace.getConfiguration('rewatchInspector.inference', resource);
  const url = await vscode.window.showInputBox({
    title: 'The URL of an OpenAI-compatible server (vLLM, SGLang, transformers serve) serving ReWatch-R1 or Qwen2.5-VL',
    value: config.get<string>('endpoint', 'http://127.0.0.1:8000/v1'),
    prompt: 'The base URL, up to /v1',
    validateInput: serverUrlProblem,
    ignoreFocusOut: true,
  });
  if (url === undefined || serverUrlProblem(url) !== undefined) return false;
  await config.update('endpoint', url.trim(), vscode.ConfigurationTarget.Global);
  await config.update('backend', 'server', vscode.ConfigurationTarget.Global);
  log().info(`Inference: the server is now ${url.trim()}`);
  return true;
}
