// When background work may run (server/src/lsp/requestActivity.ts): after the client's
// handlers have ended and left the server alone for a moment, never while one runs, and
// late rather than never.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { Connection } from 'vscode-languageserver/node';
import { RequestActivity } from '../../server/src/lsp/requestActivity';

/** A connection that keeps the handlers registered with it, by method. */
function fakeConnection() {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const connection = {
    console: { log: () => undefined },
    onRequest: (method: string, handler: (...args: unknown[]) => unknown) => handlers.set(method, handler),
    onHover: (handler: (...args: unknown[]) => unknown) => handlers.set('hover', handler),
  };
  return { connection: connection as unknown as Connection, handlers };
}

describe('request activity', () => {
  it('background work waits while a handler registered through the connection is still answering', async () => {
    const activity = new RequestActivity(5, 60_000);
    const { connection, handlers } = fakeConnection();
    let answer: (value: string) => void = () => undefined;
    activity.observe(connection).onRequest('netpol/namespaces', () => new Promise<string>((resolve) => (answer = resolve)));
    const order: string[] = [];
    const pending = (handlers.get('netpol/namespaces')!() as Promise<string>).then((value) => order.push(value));
    const background = activity.whenQuiet().then(() => order.push('background'));
    await sleep(30);
    assert.deepEqual(order, [], 'nothing ran while the request was open');
    answer('answered');
    await Promise.all([pending, background]);
    assert.deepEqual(order, ['answered', 'background']);
  });

  it('a handler that throws, or answers at once, is counted and done with', async () => {
    const activity = new RequestActivity(5, 60_000);
    const { connection, handlers } = fakeConnection();
    const observed = activity.observe(connection);
    observed.onHover(() => {
      throw new Error('bug');
    });
    observed.onRequest('netpol/workloads', () => 'now');
    assert.throws(() => handlers.get('hover')!(), /bug/);
    assert.equal(handlers.get('netpol/workloads')!(), 'now');
    await activity.whenQuiet();
  });

  it('a request that comes soon after the server announced a change runs before background work', async () => {
    const activity = new RequestActivity(80, 60_000);
    const order: string[] = [];
    activity.clientWillAsk();
    const background = activity.whenQuiet().then(() => order.push('background'));
    const request = activity.counted(async () => {
      order.push('request');
    });
    await sleep(5);
    await request();
    await background;
    assert.deepEqual(order, ['request', 'background']);
  });

  it(
    'runs background work at the latest after the longest wait, however busy the client keeps the server',
    { timeout: 10_000 },
    async () => {
      const activity = new RequestActivity(5, 50);
      const never = activity.counted(() => new Promise<never>(() => undefined));
      void never();
      await activity.whenQuiet();
    },
  );

  it(
    'a deadline shared by many waits (a problems pass and its slices) ends them all once it has passed',
    { timeout: 10_000 },
    async () => {
      const activity = new RequestActivity(5, 60_000);
      void activity.counted(() => new Promise<never>(() => undefined))();
      const deadline = performance.now() + 20;
      await activity.whenQuiet(deadline);
      // Past the deadline, each further wait is one turn of the event loop.
      for (let slice = 0; slice < 3; slice++) await activity.whenQuiet(deadline);
    },
  );

  it('passes what is not a registration through unchanged', () => {
    const { connection } = fakeConnection();
    const observed = new RequestActivity().observe(connection);
    assert.equal(observed.console, connection.console);
  });
});
