/**
 * The judge as the extension runs it: endpoint and model from `rewatchInspector.judge.*`, the API key
 * from SecretStorage, prompts from the user's file or the shipped one, replies cached by content hash
 * in the extension's storage, runs shown with progress and cancellable. Restricted Mode never calls out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JudgeScores } from '../../shared/rewards/scores';
import { JudgeCache } from '../core/judge/judgeCache';
import { chatCompletionsUrl, type JudgeEndpoint } from '../core/judge/judgeClient';
import { defaultPromptsPath, loadPrompts } from '../core/judge/judgePrompts';
import { runJudge, type JudgeInput } from '../core/judge/judgeRunner';
import { log } from '../log';

/** Before keys were kept per server: one key, sent wherever the settings pointed. No longer read. */
export const LEGACY_API_KEY_SECRET = 'rewatchInspector.judge.apiKey';

/** The SecretStorage name of the judge key given for one origin (`https://host:port`). */
export function apiKeySecret(origin: string): string {
  return `rewatchInspector.judge.apiKey:${origin}`;
}

/** The origin of the judge endpoint a setting names; undefined when it is not an http(s) URL. */
export function judgeOrigin(endpoint: string): string | undefined {
  try {
    return new URL(chatCompletionsUrl(endpoint)).origin;
  } catch {
    return undefined;
  }
}
export const JUDGE_SETTINGS = 'rewatchInspector.judge';

export interface JudgeSettings {
  endpoint: string;
  model: string;
  promptsFile: string;
  concurrency: number;
  timeoutSeconds: number;
  stream: boolean;
}

export function judgeSettings(scope?: vscode.Uri): JudgeSettings {
  const config = vscode.workspace.getConfiguration(JUDGE_SETTINGS, scope);
  return {
    endpoint: config.get<string>('endpoint', 'http://127.0.0.1:8000/v1').trim(),
    model: config.get<string>('model', '').trim(),
    promptsFile: config.get<string>('promptsFile', '').trim(),
    concurrency: Math.max(1, config.get<number>('concurrency', 4)),
    timeoutSeconds: Math.max(1, config.get<number>('timeoutSeconds', 60)),
    stream: config.get<boolean>('stream', false),
  };
}

export class JudgeService implements vscode.Disposable {
  private cacheFile: JudgeCache | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {}

  /** Why the judge cannot run here, or undefined when it can. */
  unavailable(scope?: vscode.Uri): string | undefined {
    if (!vscode.workspace.isTrusted) return 'The judge is not called in an untrusted workspace (Restricted Mode).';
    const settings = judgeSettings(scope);
    if (settings.endpoint === '') return 'Set rewatchInspector.judge.endpoint to an OpenAI-compatible server (e.g. a local vLLM).';
    if (settings.model === '') return 'Set rewatchInspector.judge.model to the model the endpoint serves.';
    return undefined;
  }

  async run(input: JudgeInput, scope: vscode.Uri, label: string, signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<JudgeScores> {
    const why = this.unavailable(scope);
    if (why !== undefined) throw new Error(why);
    const settings = judgeSettings(scope);
    const promptsFile = settings.promptsFile === '' ? undefined : this.resolve(settings.promptsFile, scope);
    const { prompts, path: promptsPath } = await loadPrompts(promptsFile, defaultPromptsPath(this.context.extensionUri.fsPath));
    // A key is sent only to the origin it was given for: a workspace that points the endpoint elsewhere gets none.
    const origin = judgeOrigin(settings.endpoint);
    const apiKey = origin === undefined ? undefined : await this.context.secrets.get(apiKeySecret(origin));
    const endpoint: JudgeEndpoint = {
      url: settings.endpoint,
      model: settings.model,
      apiKey,
      timeoutMs: settings.timeoutSeconds * 1000,
      stream: settings.stream,
      temperature: 0,
    };
    log().info(`Judging ${label} with ${settings.model} at ${settings.endpoint} (prompts ${promptsPath})`);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `ReWatch: judging ${label}`, cancellable: true },
      async (report, token) => {
        const controller = new AbortController();
        const abort = () => controller.abort();
        signal.addEventListener('abort', abort);
        token.onCancellationRequested(abort);
        let reported = 0;
        try {
          const scores = await runJudge(input, {
            endpoint,
            prompts,
            cache: this.cache(),
            concurrency: settings.concurrency,
            signal: controller.signal,
            onProgress: (done, total) => {
              const percent = total === 0 ? 100 : Math.floor((100 * done) / total);
              report.report({ increment: percent - reported, message: `${done} of ${total} calls` });
              reported = percent;
              onProgress(done, total);
            },
          });
          const failed = [...scores.steps.map((s) => s.verdict), ...(scores.rea ? [scores.rea.verdict] : [])].filter((v) => v.verdict === 'error');
          if (failed.length > 0) log().warn(`Judge: ${failed.length} call(s) failed on ${label}: ${failed[0].error ?? ''}`);
          return scores;
        } finally {
          signal.removeEventListener('abort', abort);
        }
      },
    );
  }

  /**
   * Asks for the API key of the configured endpoint's origin and keeps it in SecretStorage under that
   * origin (an empty answer deletes it): it is sent to that origin only.
   */
  async setApiKey(scope?: vscode.Uri): Promise<void> {
    const origin = judgeOrigin(judgeSettings(scope).endpoint);
    if (origin === undefined) {
      void vscode.window.showWarningMessage("ReWatch: set rewatchInspector.judge.endpoint to the judge server's URL first; its key is kept for that server.");
      return;
    }
    const key = await vscode.window.showInputBox({
      title: `ReWatch: judge API key for ${origin}`,
      prompt: `Sent as "Authorization: Bearer …" to ${origin} only, never to another server. Leave empty to remove it.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    await this.context.secrets.delete(LEGACY_API_KEY_SECRET);
    if (key.trim() === '') await this.context.secrets.delete(apiKeySecret(origin));
    else await this.context.secrets.store(apiKeySecret(origin), key.trim());
    void vscode.window.showInformationMessage(
      key.trim() === ''
        ? `ReWatch: the judge API key for ${origin} was removed.`
        : `ReWatch: the judge API key for ${origin} is stored in VS Code's secret storage.`,
    );
  }

  /** Copies the shipped prompts into the workspace (or the user's storage), points the setting at the copy and opens it. */
  async customizePrompts(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const target = folder
      ? path.join(folder.uri.fsPath, '.vscode', 'rewatch-judge-prompts.json')
      : path.join(this.context.globalStorageUri.fsPath, 'rewatch-judge-prompts.json');
    if (!fs.existsSync(target)) {
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.copyFile(defaultPromptsPath(this.context.extensionUri.fsPath), target);
    }
    await vscode.workspace
      .getConfiguration(JUDGE_SETTINGS)
      .update('promptsFile', target, folder ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    await vscode.window.showTextDocument(vscode.Uri.file(target));
  }

  dispose(): void {
    this.cacheFile?.close();
  }

  private cache(): JudgeCache {
    if (this.cacheFile === undefined) {
      this.cacheFile = new JudgeCache(path.join(this.context.globalStorageUri.fsPath, 'judge-cache.sqlite'));
    }
    return this.cacheFile;
  }

  private resolve(file: string, scope: vscode.Uri): string {
    if (path.isAbsolute(file) || file.startsWith('~')) return file;
    const folder = vscode.workspace.getWorkspaceFolder(scope) ?? vscode.workspace.workspaceFolders?.[0];
    return path.resolve(folder?.uri.fsPath ?? path.dirname(scope.fsPath), file);
  }
}
