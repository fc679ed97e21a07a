/** The dataset scoring pass (evidence, recomputed totals, group advantages) with the caption files the settings give. */
import * as vscode from 'vscode';
import type { CaptionLibrary } from '../core/captions/captionLibrary';
import type { DatasetDocument } from '../editor/datasetDocument';

export class ScoringPass {
  constructor(
    private readonly captions: CaptionLibrary,
    private readonly indexDir: string,
  ) {}

  /** Scores the document (again when `force`; otherwise only what is not scored yet). */
  run(document: DatasetDocument, force = false) {
    const configured = vscode.workspace.getConfiguration('rewatchInspector', document.uri).get<string[]>('captionFiles', []);
    return document.score(this.captions.captionFilesFor(document.uri.fsPath, configured), this.indexDir, force);
  }
}
