/**
 * The host's notifications (every message but `response`) to whoever subscribed to their type: each
 * part of the page subscribes to what it follows, typed by the message's `type`. Pure (no DOM).
 */
import type { HostToWebview } from '../../shared/protocol';
import { Events, type Listener } from './events';

export type HostNotification = Exclude<HostToWebview, { type: 'response' }>;
export type NotificationType = HostNotification['type'];
/** Each notification's message by its type. */
export type NotificationOf = { [T in NotificationType]: Extract<HostNotification, { type: T }> };

export class NotificationRouter {
  private readonly events = new Events<NotificationOf>();

  /** Calls `handler` with every `type` notification, in the order of subscription; the returned function unsubscribes it. */
  on<T extends NotificationType>(type: T, handler: Listener<NotificationOf[T]>): () => void {
    return this.events.on(type, handler);
  }

  /** A notification from the host (validated by the channel); one nobody subscribed to is dropped. */
  deliver(message: HostNotification): void {
    this.events.emit(message.type, message);
  }
}
