// Which work waits for which. The server has one thread: what the user is looking at (the
// Reachability view's answers after an edit, a hover, a lens) must not queue behind work nobody
// is waiting for yet (the what-if, the expectations of the whole workspace, the problems of
// closed files). Background work asks `whenQuiet()` first, and runs once the client's messages
// have left the thread alone for a moment: the view's requests come as a chain (namespaces, then
// the workloads of each open one), each sent once the previous answer has been shown, so one
// quiet gap is no proof that the chain ended; a short wait after the last message is.
import type { Connection } from 'vscode-languageserver/node';

/**
 * How long without a message or a running handler counts as quiet. Longer than the client's turn
 * between two requests of one refresh of the view (an answer shown, the next open node asked).
 */
export const QUIET_MS = 120;

/** Background work runs after this long however busy the client keeps the server, so that it is late, never lost. */
export const MAX_QUIET_WAIT_MS = 2000;

type Handler = (...args: never[]) => unknown;

export class RequestActivity {
  private running = 0;
  private lastActive = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly quietMs = QUIET_MS,
    private readonly maxWaitMs = MAX_QUIET_WAIT_MS,
  ) {}

  /**
   * The connection, with every handler registered through its `on…` methods counted while it
   * runs (a handler's promise counts until it settles). Nested registrations
   * (`connection.languages…`, `connection.workspace…`) are not counted: they are background's own.
   */
  observe(connection: Connection): Connection {
    return new Proxy(connection, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof property !== 'string' || !property.startsWith('on') || typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          (value as (...a: unknown[]) => unknown).apply(
            target,
            args.map((arg) => (typeof arg === 'function' ? this.counted(arg as Handler) : arg)),
          );
      },
    });
  }

  /** The handler, counted while it runs. */
  counted<H extends Handler>(handler: H): H {
    return ((...args: Parameters<H>) => {
      this.started();
      let result: unknown;
      try {
        result = handler(...args);
      } catch (error) {
        this.ended();
        throw error;
      }
      if (result instanceof Promise) {
        // The caller gets the handler's own promise; counting follows it without changing it.
        result.then(
          () => this.ended(),
          () => this.ended(),
        );
      } else this.ended();
      return result;
    }) as H;
  }

  /**
   * The server just told the client that answers changed (the workspace settled): its requests are on their
   * way, and background work started before they arrive would make them wait.
   */
  clientWillAsk(): void {
    this.lastActive = performance.now();
  }

  /**
   * Resolves once no handler runs and none ran for `quietMs`, or at the deadline (`performance.now()`
   * time; by default `maxWaitMs` from now), and then at the next turn of the event loop.
   */
  whenQuiet(deadline = performance.now() + this.maxWaitMs): Promise<void> {
    return new Promise((resolve) => {
      const look = (): void => {
        const now = performance.now();
        const quietFor = now - this.lastActive;
        if ((this.running === 0 && quietFor >= this.quietMs) || now >= deadline) {
          resolve();
          return;
        }
        const wait = this.running === 0 ? this.quietMs - quietFor : this.quietMs;
        setTimeout(look, Math.max(1, Math.min(wait, deadline - now)));
      };
      // Messages already read get their handlers first: the look happens after the I/O phase.
      setImmediate(look);
    });
  }

  private started(): void {
    this.running++;
    this.lastActive = performance.now();
  }

  private ended(): void {
    this.running = Math.max(0, this.running - 1);
    this.lastActive = performance.now();
  }
}
