/** One panel's captions: the caption segments of a record's video, from the caption files the settings give. */
import * as vscode from 'vscode';
import type { CaptionLibrary, VideoCaptions } from '../core/captions/captionLibrary';
import type { LoadedRecord } from '../core/records/readRecord';
import type { SessionContext } from '../editor/sessionContext';

/** How long a request waits for a caption index before answering without captions (it asks again when they come). */
const CAPTION_WAIT_MS = 300;

export class SessionCaptions implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly session: SessionContext,
    private readonly library: CaptionLibrary,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('rewatchInspector.captionFiles', session.document.uri)) this.changed();
    });
  }

  /** The captions of the record's video; undefined when there are none (or they are still being indexed). */
  async of(loaded: LoadedRecord): Promise<VideoCaptions | undefined> {
    const video = loaded.record?.video;
    if (!video || loaded.record?.kind === 'caption') return undefined;
    const uri = this.session.document.uri;
    const configured = vscode.workspace.getConfiguration('rewatchInspector', uri).get<string[]>('captionFiles', []);
    const files = this.library.captionFilesFor(uri.fsPath, configured);
    if (files.length === 0) return undefined;
    const found = await this.library.lookupSoon(files, video, CAPTION_WAIT_MS);
    return found === 'pending' ? undefined : found;
  }

  /** Captions became available or their files changed: the shown sample may have others now. */
  changed(): void {
    this.session.view.post({ type: 'sampleStale' });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
