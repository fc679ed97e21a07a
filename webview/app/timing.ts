/** Rate limiting for UI events (pure timers, no DOM). */

export interface Scheduled {
  (): void;
  /** Runs a pending call now. */
  flush(): void;
  cancel(): void;
}

/** One pending timer that runs `fn`: armed again, run early, or dropped. */
function pendingCall(fn: () => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    fn();
  };
  const cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    run,
    cancel,
    pending: () => timer !== undefined,
    arm: (wait: number): void => {
      cancel();
      timer = setTimeout(run, wait);
    },
    flush: (): void => {
      if (timer === undefined) return;
      cancel();
      run();
    },
  };
}

/** Calls `fn` once `wait` ms have passed without another call. */
export function debounce(fn: () => void, wait: number): Scheduled {
  const call = pendingCall(fn);
  return Object.assign(() => call.arm(wait), { flush: call.flush, cancel: call.cancel });
}

/** Calls `fn` at most once per `interval` ms, the last call always landing (leading and trailing). */
export function throttle(fn: () => void, interval: number, now: () => number = Date.now): Scheduled {
  let last = -Infinity;
  const call = pendingCall(() => {
    last = now();
    fn();
  });
  const scheduled = (): void => {
    if (call.pending()) return;
    const wait = last + interval - now();
    if (wait <= 0) call.run();
    else call.arm(wait);
  };
  return Object.assign(scheduled, { flush: call.flush, cancel: call.cancel });
}
