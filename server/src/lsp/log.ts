// The server's log: connection.console (the client's output channel), filtered by netpol.log.level.
import type { RemoteConsole } from 'vscode-languageserver/node';
import { LOG_LEVELS, type LogLevel } from '../protocol';

export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

export class Log {
  private level: LogLevel = DEFAULT_LOG_LEVEL;

  constructor(private readonly console: Pick<RemoteConsole, 'error' | 'warn' | 'info' | 'log'>) {}

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  error(message: string, error?: unknown): void {
    if (this.enabled('error')) this.console.error(error === undefined ? message : `${message}\n${describeError(error)}`);
  }

  warning(message: string): void {
    if (this.enabled('warning')) this.console.warn(message);
  }

  info(message: string): void {
    if (this.enabled('info')) this.console.info(message);
  }

  /** Messages only worth their cost when someone is debugging; the text is built lazily. */
  debug(message: () => string): void {
    if (this.enabled('debug')) this.console.log(message());
  }

  private enabled(level: Exclude<LogLevel, 'off'>): boolean {
    return this.level !== 'off' && LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(this.level);
  }
}

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}
