/**
 * Typed publish/subscribe, pure (no DOM): `M` maps each event's name to its payload. Listeners run
 * in the order they subscribed, so the part made first hears first.
 */
export type Listener<T> = (value: T) => void;

export class Events<M> {
  private readonly listeners = new Map<keyof M, { listener: Listener<never> }[]>();

  /** Calls `listener` with every `type` event from now on; the returned function unsubscribes it. */
  on<K extends keyof M>(type: K, listener: Listener<M[K]>): () => void {
    const entry = { listener: listener as Listener<never> };
    const entries = this.listeners.get(type) ?? [];
    this.listeners.set(type, [...entries, entry]);
    return () => {
      const now = this.listeners.get(type) ?? [];
      this.listeners.set(
        type,
        now.filter((e) => e !== entry),
      );
    };
  }

  emit<K extends keyof M>(type: K, value: M[K]): void {
    // The list as it was: a listener that subscribes or unsubscribes meanwhile changes the next emit.
    for (const { listener } of this.listeners.get(type) ?? []) (listener as Listener<M[K]>)(value);
  }
}
