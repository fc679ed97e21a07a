import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's one output channel, "ReWatch Inspector". */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('ReWatch Inspector', { log: true });
  return channel;
}
