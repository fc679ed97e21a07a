/** Rate limiting for UI events (pure timers, no DOM). */

export interface Scheduled {
  (): void;
  /** Runs a pending call now. */
  flush(): void;
  cancel(): void;
}

/** Calls `fn` once `wait` ms have passed without another call. */
export function debounce(fn: () => void, wait: number): Scheduled {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    fn();
  };
  const scheduled = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, wait);
  };
  scheduled.flush = (): void => {
    if (timer === undefined) return;
    clearTimeout(timer);
    run();
  };
  scheduled.cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return scheduled;
}

/** Calls `fn` at most once per `interval` ms, the last call always landing (leading and trailing). */
export function throttle(fn: () => void, interval: number, now: () => number = Date.now): Scheduled {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    last = now();
    fn();
  };
  const scheduled = (): void => {
    if (timer !== undefined) return;
    const wait = last + interval - now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  scheduled.flush = (): void => {
    if (timer === undefined) return;
    clearTimeout(timer);
    run();
  };
  scheduled.cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return scheduled;
}
