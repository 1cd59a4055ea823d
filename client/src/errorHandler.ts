// The language client's default error handler (restart a crashed server up to
// 4 times in 3 minutes, then give up with a message), with each decision logged
// to the output channel so a crash loop is visible there.
import {
  CloseAction,
  ErrorAction,
  type BaseLanguageClient,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type Message,
} from 'vscode-languageclient/node';

/** Restarts allowed within three minutes before the client gives up (the library's default count, stated here). */
export const MAX_SERVER_RESTARTS = 4;

export class LoggingErrorHandler implements ErrorHandler {
  private client: BaseLanguageClient | undefined;
  private defaults: ErrorHandler | undefined;

  /** The default handler needs the client, and the client needs this handler: tie them after construction. */
  attach(client: BaseLanguageClient): void {
    this.client = client;
    this.defaults = client.createDefaultErrorHandler(MAX_SERVER_RESTARTS);
  }

  async error(error: Error, message: Message | undefined, count: number | undefined): Promise<ErrorHandlerResult> {
    const result = await this.delegate().error(error, message, count);
    const next = result.action === ErrorAction.Continue ? 'continuing' : 'shutting the connection down';
    this.client?.warn(`Connection to the server failed (${count ?? 1} time(s)): ${error.message}; ${next}.`, undefined, false);
    return result;
  }

  async closed(): Promise<CloseHandlerResult> {
    const result = await this.delegate().closed();
    if (result.action === CloseAction.Restart)
      this.client?.warn('The NetworkPolicy language server stopped unexpectedly; restarting it.', undefined, false);
    else
      this.client?.error(
        `The NetworkPolicy language server stopped and will not be restarted. ${result.message ?? ''}`.trim(),
        undefined,
        false,
      );
    return result;
  }

  private delegate(): ErrorHandler {
    if (!this.defaults) throw new Error('LoggingErrorHandler used before attach()');
    return this.defaults;
  }
}
