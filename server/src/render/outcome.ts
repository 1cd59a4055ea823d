// What one run of a renderer gives its caller: the output with the folder its origin marks are
// relative to (see engine/renderedBuilds.ts), or a message that says what went wrong and what to do.
export type RenderOutcome =
  | {
      ok: true;
      output: string;
      /** Folder URI the output's origins resolve against (RenderedBuild.originBase). */
      originBase: string;
      durationMs: number;
    }
  | { ok: false; message: string; durationMs: number };
