import * as vscode from 'vscode';
import { HostToWebview, WebviewRequest, WebviewToHost } from '../../shared/protocol';
import { log } from '../log';

export type RequestHandlers = {
  [T in WebviewRequest['type']]: (request: Extract<WebviewRequest, { type: T }>) => unknown | Promise<unknown>;
};

export interface MessengerHandlers {
  requests: RequestHandlers;
  /** Messages that are not requests (no reply). */
  ready(): void;
  openInTextEditor(line: number): void;
}

/**
 * The host end of the typed channel: every incoming message is validated with zod before use
 * (anything else is logged and dropped), every request gets exactly one response.
 */
export class WebviewMessenger implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly handlers: MessengerHandlers,
  ) {
    this.subscription = webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw));
  }

  post(message: HostToWebview): void {
    void this.webview.postMessage(message);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = WebviewToHost.safeParse(raw);
    if (!parsed.success) {
      log().warn(`Ignored an invalid message from the webview: ${parsed.error.message}`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.handlers.ready();
        return;
      case 'openInTextEditor':
        this.handlers.openInTextEditor(message.line);
        return;
      default:
        await this.answer(message);
    }
  }

  private async answer(request: WebviewRequest): Promise<void> {
    try {
      const handler = this.handlers.requests[request.type] as (r: WebviewRequest) => unknown;
      const data = await handler(request);
      this.post({ type: 'response', id: request.id, ok: true, data });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log().error(`Request ${request.type} failed: ${message}`);
      this.post({ type: 'response', id: request.id, ok: false, error: message });
    }
  }
}
