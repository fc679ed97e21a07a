import * as vscode from 'vscode';
import { HostToWebview, WebviewToHost, type ResponseData, type WebviewNotification, type WebviewRequest } from '../../shared/protocol';
import { log } from '../log';
import type { NotificationHandlers, RequestHandlers } from './inspectorFeature';

export interface MessengerHandlers {
  requests: RequestHandlers;
  notifications: NotificationHandlers;
}

/** A request as code sends it: the dispatcher gives it its id. */
export type RequestWithoutId = WebviewRequest extends infer R ? (R extends WebviewRequest ? Omit<R, 'id'> : never) : never;

/**
 * The host end of the typed channel, whoever is at the other end (a webview, or code through the
 * API): every incoming message is validated with zod before use (anything else is logged and
 * dropped), every request gets exactly one response.
 */
export class MessageDispatcher {
  private nextId = 0;

  constructor(
    private readonly handlers: MessengerHandlers,
    private readonly post: (message: HostToWebview) => void,
  ) {}

  async receive(raw: unknown): Promise<void> {
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
    this.notify(message);
  }

  notify(message: WebviewNotification): void {
    try {
      (this.handlers.notifications[message.type] as (m: WebviewNotification) => void)(message);
    } catch (error) {
      log().error(`Handling ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A request from code, validated as the webview's are; resolves with the reply's data, rejects with its error. */
  async request<T extends RequestWithoutId>(request: T): Promise<ResponseData<T['type']>> {
    const message = WebviewToHost.parse({ ...request, id: this.nextId++ }) as WebviewRequest;
    return (await this.handle(message)) as ResponseData<T['type']>;
  }

  private async handle(request: WebviewRequest): Promise<unknown> {
    const handler = this.handlers.requests[request.type] as (r: WebviewRequest) => unknown;
    return handler(request);
  }

  private async answer(request: WebviewRequest): Promise<void> {
    try {
      const data = await this.handle(request);
      this.post({ type: 'response', id: request.id, ok: true, data });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log().error(`Request ${request.type} failed: ${message}`);
      this.post({ type: 'response', id: request.id, ok: false, error: message });
    }
  }
}

/** A webview panel's end of the channel: what it posts goes to the dispatcher; replies go back to it. */
export class WebviewMessenger implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private disposed = false;

  constructor(
    private readonly webview: vscode.Webview,
    dispatcher: (post: (message: HostToWebview) => void) => MessageDispatcher,
  ) {
    const inbound = dispatcher((message) => this.post(message));
    this.subscription = webview.onDidReceiveMessage((raw: unknown) => void inbound.receive(raw));
  }

  post(message: HostToWebview): void {
    // A panel closed while a reply was being computed: nothing to tell.
    if (!this.disposed) void this.webview.postMessage(message);
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
  }
}
