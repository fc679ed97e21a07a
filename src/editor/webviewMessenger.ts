import * as vscode from 'vscode';
import { HostToWebview, WebviewNotification, WebviewRequest, WebviewToHost } from '../../shared/protocol';
import { log } from '../log';

export type RequestHandlers = {
  [T in WebviewRequest['type']]: (request: Extract<WebviewRequest, { type: T }>) => unknown | Promise<unknown>;
};

/** Messages that are not requests (no reply). */
export type NotificationHandlers = {
  [T in WebviewNotification['type']]: (message: Extract<WebviewNotification, { type: T }>) => void;
};

export interface MessengerHandlers {
  requests: RequestHandlers;
  notifications: NotificationHandlers;
}

/**
 * The host end of the typed channel: every incoming message is validated with zod before use
 * (anything else is logged and dropped), every request gets exactly one response.
 */
export class WebviewMessenger implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private disposed = false;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly handlers: MessengerHandlers,
  ) {
    this.subscription = webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw));
  }

  post(message: HostToWebview): void {
    // A panel closed while a reply was being computed: nothing to tell.
    if (!this.disposed) void this.webview.postMessage(message);
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = WebviewToHost.safeParse(raw);
    if (!parsed.success) {
      log().warn(`Ignored an invalid message from the webview: ${parsed.error.message}`);
      return;
    }
    const message = parsed.data;
    if ('id' in message) {
      await this.answer(message);
      return;
    }
    try {
      (this.handlers.notifications[message.type] as (m: WebviewNotification) => void)(message);
    } catch (error) {
      log().error(`Handling ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
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
