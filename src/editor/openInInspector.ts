/**
 * The ways into (and out of) the Inspector, one tab per file: "Open in Inspector" replaces the file's text
 * tab in its group instead of adding a second tab with the same name, "Reopen as Text" replaces the
 * Inspector's tab, and a text tab that `workbench.editorAssociations` sends to the Inspector (a file VS Code
 * opened before the extension registered, as the demo's URL does) is reopened in the Inspector.
 */
import * as vscode from 'vscode';
import { associationMatches } from './editorAssociations';
import { VIEW_TYPE } from './viewType';

/** The file the user means: the clicked resource, else the active editor's (text or custom). */
function targetUri(resource: unknown): vscode.Uri | undefined {
  if (resource instanceof vscode.Uri) return resource;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

type TabKind = 'text' | 'inspector';

function isTabOf(tab: vscode.Tab, uri: vscode.Uri, kind: TabKind): boolean {
  const input = tab.input;
  if (kind === 'text') return input instanceof vscode.TabInputText && input.uri.toString() === uri.toString();
  return input instanceof vscode.TabInputCustom && input.viewType === VIEW_TYPE && input.uri.toString() === uri.toString();
}

/** Every tab of `uri` of that kind, in every group (read afresh: tabs change as editors open). */
export function tabsOf(uri: vscode.Uri, kind: TabKind): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs.filter((tab) => isTabOf(tab, uri, kind)));
}

/** The group to open in: the active one when it shows the file, else the first that does, else the active one. */
function groupShowing(uri: vscode.Uri, kind: TabKind): vscode.ViewColumn {
  const active = vscode.window.tabGroups.activeTabGroup;
  if (active.tabs.some((tab) => isTabOf(tab, uri, kind))) return active.viewColumn;
  return tabsOf(uri, kind)[0]?.group.viewColumn ?? active.viewColumn;
}

/** Opens `uri` with `viewType` where its `from` tab is, then closes the `from` tabs of that group (unless unsaved). */
async function replaceTab(uri: vscode.Uri, from: TabKind, viewType: string): Promise<void> {
  const column = groupShowing(uri, from);
  await vscode.commands.executeCommand('vscode.openWith', uri, viewType, { viewColumn: column, preview: false });
  const stale = tabsOf(uri, from).filter((tab) => tab.group.viewColumn === column && !tab.isDirty);
  if (stale.length > 0) await vscode.window.tabGroups.close(stale, true);
}

export async function openInInspector(resource?: unknown): Promise<void> {
  const uri = targetUri(resource);
  if (!uri) {
    void vscode.window.showWarningMessage('ReWatch: open a .jsonl or .json dataset file first.');
    return;
  }
  await replaceTab(uri, 'text', VIEW_TYPE);
}

export async function reopenAsText(resource?: unknown): Promise<void> {
  const uri = targetUri(resource);
  if (uri) await replaceTab(uri, 'inspector', 'default');
}

/** Whether the user's editor associations send `uri` to the Inspector. */
export function associatedWithInspector(uri: vscode.Uri): boolean {
  const associations = vscode.workspace.getConfiguration('workbench').get<Record<string, string>>('editorAssociations') ?? {};
  return Object.entries(associations).some(([pattern, viewType]) => viewType === VIEW_TYPE && associationMatches(pattern, uri.fsPath));
}

/**
 * Text tabs open when the extension starts whose files the associations send to the Inspector (VS Code
 * opened them before the custom editor was registered): each is replaced by the Inspector, in place.
 */
export async function reopenAssociatedTextTabs(): Promise<void> {
  const uris = new Map<string, vscode.Uri>();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputText && !tab.isDirty && associatedWithInspector(tab.input.uri)) uris.set(tab.input.uri.toString(), tab.input.uri);
    }
  }
  for (const uri of uris.values()) await replaceTab(uri, 'text', VIEW_TYPE);
}
