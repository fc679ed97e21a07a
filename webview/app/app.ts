/**
 * The page's plumbing, made once and handed to every part: the host channel, the router of its
 * notifications, the saved view state, the parts' events and the error line.
 */
import { AppEvents } from './appEvents';
import { ErrorBanner } from './errorBanner';
import { HostChannel } from './hostChannel';
import { NotificationRouter } from './router';
import { StateStore } from './state';

export interface App {
  readonly channel: HostChannel;
  readonly router: NotificationRouter;
  /** What the page remembers while hidden or reloaded. */
  readonly store: StateStore;
  readonly events: AppEvents;
  /** Shows an error under the header (until dismissed or replaced). */
  showError(message: string): void;
}

export interface AppShell extends App {
  readonly errorBanner: HTMLElement;
  /** Every part is made and subscribed: tell the host, which answers with `init`. */
  ready(): void;
}

export function createApp(): AppShell {
  const router = new NotificationRouter();
  const channel = new HostChannel(router);
  const store = new StateStore(channel.getState(), (state) => channel.setState(state));
  const errors = new ErrorBanner();
  return {
    channel,
    router,
    store,
    events: new AppEvents(),
    showError: (message) => errors.show(message),
    errorBanner: errors.element,
    ready: () => {
      // Save at once when the tab is hidden or the page goes away (the throttle might not have fired).
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'hidden') store.flush();
      });
      window.addEventListener('pagehide', () => store.flush());
      channel.send({ type: 'ready' });
    },
  };
}
