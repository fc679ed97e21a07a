import * as vscode from 'vscode';
import type { RewatchInspectorApi } from './api';
import { exportFixedRecords, exportReviewReport } from './review/exportRecords';
import { openInInspector, reopenAsText, reopenAssociatedTextTabs } from './editor/openInInspector';
import { registerQuickFixes } from './quickFixes/quickFixProvider';
import { setDurationProbe } from './editor/problemDiagnostics';
import { videoDuration } from './video/videoSession';
import { DatasetEditorProvider } from './editor/datasetEditorProvider';
import { inspectorFeatures, InspectorServices } from './inspectorFeatures';
import { savedQueues } from './list/listHandlers';
import { apiKeySecret } from './judge/judgeService';
import { log } from './log';
import { describeSqlite, sqliteDriver, sqliteMissingInVsCode } from './core/store/sqlite/openDatabase';

export function activate(context: vscode.ExtensionContext): RewatchInspectorApi {
  const channel = log();
  context.subscriptions.push(channel);
  const services = new InspectorServices(context);
  context.subscriptions.push(services);
  const provider = DatasetEditorProvider.register(context, {
    features: inspectorFeatures(services),
    savedQueues: () => savedQueues(context.workspaceState),
    indexDir: services.indexDir,
  });
  // Every opened dataset is scored in the background (evidence, recomputed totals, group advantages).
  context.subscriptions.push(provider.onDidOpenDocument((document) => void services.scoring.run(document)));
  context.subscriptions.push(
    vscode.commands.registerCommand('rewatchInspector.openInInspector', openInInspector),
    vscode.commands.registerCommand('rewatchInspector.reopenAsText', reopenAsText),
    vscode.commands.registerCommand('rewatchInspector.showLog', () => channel.show()),
    vscode.commands.registerCommand('rewatchInspector.clearVideoCache', () => services.clearVideoCache()),
    vscode.commands.registerCommand('rewatchInspector.setJudgeApiKey', () => services.judge.setApiKey(provider.activeSource()?.document.uri)),
    vscode.commands.registerCommand('rewatchInspector.customizeJudgePrompts', () => services.judge.customizePrompts()),
    vscode.commands.registerCommand('rewatchInspector.rebuildIndex', async () => {
      const document = provider.activeSource()?.document;
      if (!document) return void vscode.window.showInformationMessage('ReWatch: open a dataset in the Inspector first.');
      await provider.rebuildIndex(document, true);
    }),
    vscode.commands.registerCommand('rewatchInspector.rescoreDataset', async () => {
      const document = provider.activeSource()?.document;
      if (!document) return void vscode.window.showInformationMessage('ReWatch: open a dataset in the Inspector first.');
      await services.scoring.run(document, true);
    }),
    vscode.commands.registerCommand('rewatchInspector.exportFixedRecords', () => exportFixedRecords(provider.activeSource())),
    vscode.commands.registerCommand('rewatchInspector.exportReviewReport', () => exportReviewReport(provider.activeSource()?.document)),
  );
  context.subscriptions.push(
    vscode.commands.registerCommand('rewatchInspector.runModel', () => {
      if (!provider.postToActive({ type: 'runModelRequested' }))
        void vscode.window.showInformationMessage('ReWatch: open a dataset in the Inspector and pick a sample first.');
    }),
    vscode.commands.registerCommand('rewatchInspector.startInferenceServer', () => services.inference.startServer(provider.activeSource()?.document.uri)),
    vscode.commands.registerCommand('rewatchInspector.checkInferenceSetup', () => services.inference.checkSetup(provider.activeSource()?.document.uri)),
  );
  registerQuickFixes(context);
  // Past-the-end problems need the videos' durations: probed like the video panel finds and probes them.
  setDurationProbe(videoDuration(services.videos));
  // A file VS Code opened as text before this editor was registered, which the user's associations send here.
  void reopenAssociatedTextTabs().catch((error: unknown) => channel.warn(`Could not reopen text tabs in the Inspector: ${String(error)}`));
  channel.info(
    `ReWatch Inspector ${String(context.extension.packageJSON.version)} activated in VS Code ${vscode.version} on Node ${process.versions.node}; ${describeSqlite()}`,
  );
  if (sqliteDriver() === undefined) {
    // Only below engines.vscode (an odd build, or a host that ignores it); the text editor's checks still work.
    const message = sqliteMissingInVsCode(process.versions.node);
    channel.error(message);
    void vscode.window.showErrorMessage(message);
  }
  return {
    documentFor: (uri) => provider.documentFor(uri),
    onDidOpenDocument: provider.onDidOpenDocument,
    createSession: (document, view) => provider.createSession(document, view),
    setJudgeApiKey: (origin, key) => Promise.resolve(context.secrets.store(apiKeySecret(new URL(origin).origin), key)),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
