// What a command may touch of the process: the CLI's only view of the outside world,
// so that commands run in-process in tests and the entry point is the only place using `process`.

export interface Terminal {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** True when stdout is an interactive terminal (colour is then the default). */
  stdoutIsTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Colour only on a TTY, never when NO_COLOR is set to anything non-empty (https://no-color.org) or --no-color is given. */
export function wantsColor(terminal: Terminal, noColorFlag: boolean): boolean {
  return terminal.stdoutIsTTY && !noColorFlag && !terminal.env.NO_COLOR;
}

export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

export const colors: Paint = { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), yellow: ansi(33, 39), cyan: ansi(36, 39) };

const same = (text: string) => text;
export const noColors: Paint = { bold: same, dim: same, red: same, yellow: same, cyan: same };

/** Writes pieces of output in batches of about 64 KiB: one write per piece costs a system call each, one string for all holds it whole. */
export function writeChunks(write: (text: string) => void, chunks: Iterable<string>): void {
  let batch = '';
  for (const chunk of chunks) {
    batch += chunk;
    if (batch.length >= 65536) {
      write(batch);
      batch = '';
    }
  }
  if (batch.length > 0) write(batch);
}
