/**
 * How a feature plugs into an Inspector panel: a slice of the request and notification handlers (each
 * message type handled by exactly one feature), and hooks for the panel's life. The composition root
 * (src/inspectorFeatures.ts) lists the features; this file knows none of them.
 */
import type { WebviewNotification, WebviewRequest } from '../../shared/protocol';
import type { ColumnUpdate } from '../core/store/recordStore';

export type RequestType = WebviewRequest['type'];
/** Notifications the editor itself handles (the page loaded; open a line in the text editor). */
export type EditorNotification = 'ready' | 'openInTextEditor';
export type FeatureNotification = Exclude<WebviewNotification['type'], EditorNotification>;

export type RequestHandler<T extends RequestType> = (request: Extract<WebviewRequest, { type: T }>) => unknown;
export type NotificationHandler<T extends WebviewNotification['type']> = (message: Extract<WebviewNotification, { type: T }>) => void;

export type RequestHandlers = { [T in RequestType]: RequestHandler<T> };
export type NotificationHandlers = { [T in WebviewNotification['type']]: NotificationHandler<T> };

/** What every slice has, whatever it handles. */
export interface SliceBase {
  requests?: Partial<RequestHandlers>;
  notifications?: Partial<Omit<NotificationHandlers, EditorNotification>>;
  /** The page loaded (or loaded again): post what it needs from this feature. */
  ready?(): void;
  /** Records just saved: the index columns this feature recomputes for them. */
  scoreSaved?(positions: readonly number[]): Promise<ColumnUpdate[]>;
  /** The panel closed. */
  dispose?(): void;
}

/** A slice handling requests R and notifications N (kept in its type for the completeness check). */
export interface FeatureSlice<R extends RequestType = never, N extends FeatureNotification = never> extends SliceBase {
  requests?: { [T in R]: RequestHandler<T> };
  notifications?: { [T in N]: NotificationHandler<T> };
}

/** A feature's slice, with the message types it handles inferred from its handlers. */
export function slice<R extends RequestType = never, N extends FeatureNotification = never>(s: FeatureSlice<R, N>): FeatureSlice<R, N> {
  return s;
}

type RequestsOf<S> = S extends { requests?: infer Q } ? keyof NonNullable<Q> & RequestType : never;
type NotificationsOf<S> = S extends { notifications?: infer Q } ? keyof NonNullable<Q> & FeatureNotification : never;
/** Message types no slice handles. */
export type Unhandled<S extends readonly SliceBase[]> = Exclude<RequestType, RequestsOf<S[number]>> | Exclude<FeatureNotification, NotificationsOf<S[number]>>;

/**
 * The slices of one panel, checked at compile time to handle every request and notification (the
 * error names the missing types) and at run time to handle each only once (see mergeSlices).
 */
export function allHandled<const S extends readonly SliceBase[]>(slices: S, ..._complete: [Unhandled<S>] extends [never] ? [] : [unhandled: Unhandled<S>]): S {
  return slices;
}

export interface MergedSlices {
  requests: RequestHandlers;
  notifications: Omit<NotificationHandlers, EditorNotification>;
  slices: readonly SliceBase[];
}

/** One handler table from the slices; throws when two slices handle one message type. */
export function mergeSlices(slices: readonly SliceBase[]): MergedSlices {
  const requests: Record<string, unknown> = {};
  const notifications: Record<string, unknown> = {};
  for (const s of slices) {
    for (const [table, handlers] of [
      [requests, s.requests],
      [notifications, s.notifications],
    ] as const) {
      for (const [type, handler] of Object.entries(handlers ?? {})) {
        if (type in table) throw new Error(`Two features handle the "${type}" message.`);
        table[type] = handler;
      }
    }
  }
  return { requests: requests as RequestHandlers, notifications: notifications as MergedSlices['notifications'], slices };
}
