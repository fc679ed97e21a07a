/**
 * The webview end of the typed channel: promise-returning requests, and the host's validated
 * notifications handed to the router.
 */
import { HostToWebview, ResponseData, WebviewRequest, WebviewToHost } from '../../shared/protocol';
import type { NotificationRouter } from './router';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type RequestWithoutId = WebviewRequest extends infer R ? (R extends WebviewRequest ? Omit<R, 'id'> : never) : never;

export class HostChannel {
  private readonly vscode = acquireVsCodeApi();
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(data: unknown): void; reject(error: Error): void }>();

  constructor(private readonly router: Pick<NotificationRouter, 'deliver'>) {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  /** The webview's saved state (VS Code keeps it while the tab is hidden and across window reloads). */
  getState(): unknown {
    return this.vscode.getState();
  }

  setState(state: unknown): void {
    this.vscode.setState(state);
  }

  send(message: Exclude<WebviewToHost, { id: number }>): void {
    this.vscode.postMessage(WebviewToHost.parse(message));
  }

  request<T extends RequestWithoutId>(request: T): Promise<ResponseData<T['type']>> {
    const id = this.nextId++;
    const message = WebviewToHost.parse({ ...request, id });
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (data) => resolve(ResponseData[request.type].parse(data) as ResponseData<T['type']>),
        reject,
      });
      this.vscode.postMessage(message);
    });
  }

  private receive(raw: unknown): void {
    const parsed = HostToWebview.safeParse(raw);
    if (!parsed.success) {
      console.warn('ReWatch Inspector: ignored an invalid message from the host', parsed.error.message);
      return;
    }
    const message = parsed.data;
    if (message.type !== 'response') {
      this.router.deliver(message);
      return;
    }
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.ok) {
      try {
        waiter.resolve(message.data);
      } catch (error) {
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
      }
    } else waiter.reject(new Error(message.error ?? 'The request failed.'));
  }
}
