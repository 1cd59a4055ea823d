// Polling for what the editor does asynchronously (activation, diagnostics from the server).
// A fixed sleep is never an assertion: we poll until the condition holds or the deadline passes.

export const EDITOR_TIMEOUT_MS = 30_000;

export async function waitFor<T>(
  describeWait: string,
  probe: () => T | undefined | false,
  timeoutMs = EDITOR_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describeWait}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Runs `attempt` (asserts included) until it stops throwing, and returns its value. On timeout
 * the last assertion error is thrown, so a failure shows what the editor answered last
 * (the server answers after the workspace scan and after debounced edits: first answers may be early).
 */
export async function eventually<T>(attempt: () => T | Promise<T>, timeoutMs = EDITOR_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
