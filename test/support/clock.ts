/**
 * Helpers for tests that must not depend on the wall clock: a fake clock for a suite's tests, and
 * ways to wait for events (a deferred, a settled check) instead of sleeping.
 *
 * The fake clock replaces `setTimeout`, `clearTimeout` and `Date` only: I/O, `setImmediate` and
 * promises stay real, so a test can still talk to a real server or process, then move time exactly
 * with `clock.tick(ms)` once the code under test is parked on its timer.
 */
import * as FakeTimers from '@sinonjs/fake-timers';

export type FakeClock = FakeTimers.Clock;

/** Where the fake clock starts (any fixed instant: nothing here reads the real time). */
export const FAKE_EPOCH = Date.UTC(2025, 0, 1);

/** Installs a fake clock before each test of the calling `describe` and removes it after; returns a getter for it. */
export function useFakeClock(toFake: FakeTimers.FakeMethod[] = ['setTimeout', 'clearTimeout', 'Date']): () => FakeClock {
  let clock: FakeClock | undefined;
  beforeEach(() => {
    // Timers armed before the install (by Node or a library) may be cleared while it is on: pass those through.
    clock = FakeTimers.install({ toFake, now: FAKE_EPOCH, shouldClearNativeTimers: true });
  });
  afterEach(() => {
    clock?.uninstall();
    clock = undefined;
  });
  return () => {
    if (!clock) throw new Error('the fake clock is only installed inside a test');
    return clock;
  };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

/** A promise the test resolves when an event it waits for happens. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** One turn of the event loop (after every pending promise continuation). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Whether `promise` has settled once the pending promise continuations and one turn of the event loop
 * have run: after a `clock.tick` that fires no timer of the code under test, a correct promise is
 * still pending. (It only says "not yet"; it never waits for time to pass.)
 */
export async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await nextTurn();
  return settled;
}

/**
 * A stand-in for `AbortSignal.timeout` that the test fires by hand: `timeoutSignal(ms)` records `ms`
 * and returns a signal that aborts (with a TimeoutError, as the real one does) only on `expire()`.
 */
export function manualTimeouts(): { timeoutSignal: (ms: number) => AbortSignal; asked: number[]; expire(): void } {
  const controllers: AbortController[] = [];
  const asked: number[] = [];
  return {
    asked,
    timeoutSignal: (ms) => {
      asked.push(ms);
      const controller = new AbortController();
      controllers.push(controller);
      return controller.signal;
    },
    expire: () => {
      for (const controller of controllers) controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    },
  };
}
