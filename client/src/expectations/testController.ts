// The Testing view's "NetworkPolicy expectations": items from `netpol/expectations`, one
// run profile "Check" (default, continuous). The server evaluates on every settled change;
// a run only reads its latest answer, so running is as cheap as asking. In continuous mode
// every `netpol/expectationsChanged` reports again; otherwise results are marked outdated.
import {
  EventEmitter,
  Location,
  MarkdownString,
  Position,
  Range,
  TestMessage,
  TestMessageStackFrame,
  TestRunProfileKind,
  TestRunRequest,
  TestTag,
  commands,
  tests,
  Uri,
  workspace,
  type CancellationToken,
  type Disposable,
  type Event,
  type TestController,
  type TestItem,
} from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import {
  CommandIds,
  ExpectationsChangedNotification,
  ExpectationsRequest,
  type ProtocolRange,
  type SourceRef,
} from '../../../server/src/protocol';
import { outcomeOf, planTestItems, type PlannedMessage, type PlannedOutcome } from './testModel';

export const EXPECTATIONS_CONTROLLER_ID = 'netpol.expectations';
export const EXPECTATIONS_CONTROLLER_LABEL = 'NetworkPolicy expectations';

/** For the in-editor tests and the commands: the controller, the last answer, and what runs reported. */
export interface ExpectationsApi {
  readonly controller: TestController;
  /** The last `netpol/expectations` answer the items were built from. */
  readonly answer: ExpectationsRequest.Result | undefined;
  /** The outcome each expectation's item got in the last run that included it, by item id (`uri#id`). */
  readonly outcomes: ReadonlyMap<string, PlannedOutcome>;
  /** Fires after each run (continuous runs included) has reported. */
  readonly onDidRun: Event<void>;
  /** Asks the server again and rebuilds the items. */
  refresh(): Promise<ExpectationsRequest.Result | undefined>;
}

export function registerExpectationsTests(client: LanguageClient): { api: ExpectationsApi; disposables: Disposable[] } {
  const controller = tests.createTestController(EXPECTATIONS_CONTROLLER_ID, EXPECTATIONS_CONTROLLER_LABEL);
  const outcomes = new Map<string, PlannedOutcome>();
  const didRun = new EventEmitter<void>();
  const tags = new Map<string, TestTag>();
  /** The witness each failure message is about, for its Explain button. */
  const witnesses = new WeakMap<TestMessage, NonNullable<PlannedMessage['explain']>>();
  const tagOf = (name: string) => tags.get(name) ?? tags.set(name, new TestTag(name)).get(name)!;
  /** Continuous runs in progress: each reports again when the server's results change. */
  const continuous = new Set<{ request: TestRunRequest; token: CancellationToken }>();
  let answer: ExpectationsRequest.Result | undefined;
  let asking: Promise<ExpectationsRequest.Result | undefined> | undefined;

  const ask = async (): Promise<ExpectationsRequest.Result | undefined> => {
    if (client.state !== State.Running) return answer;
    try {
      const fresh = await client.sendRequest(ExpectationsRequest.type, {});
      // An answer for an older version than the one shown changes nothing.
      if (!answer || fresh.version >= answer.version) {
        answer = fresh;
        rebuild(fresh);
      }
    } catch (error) {
      client.warn('NetworkPolicy expectations: asking the server failed.', error, false);
    }
    return answer;
  };
  const refresh = () => (asking ??= ask().finally(() => (asking = undefined)));

  /** Items are replaced in place: ids stay, so VS Code keeps their results and expansion. */
  const rebuild = (fresh: ExpectationsRequest.Result): void => {
    const files = planTestItems(fresh).map((file) => {
      const uri = Uri.parse(file.uri);
      const item = controller.items.get(file.id) ?? controller.createTestItem(file.id, workspace.asRelativePath(uri, false), uri);
      item.error = file.error === undefined ? undefined : new MarkdownString().appendText(file.error);
      item.children.replace(
        file.children.map((planned) => {
          const child = item.children.get(planned.id) ?? controller.createTestItem(planned.id, planned.label, uri);
          child.label = planned.label;
          child.range = toRange(planned.range);
          child.tags = planned.tags.map(tagOf);
          return child;
        }),
      );
      return item;
    });
    controller.items.replace(files);
  };

  const report = (request: TestRunRequest, fresh: ExpectationsRequest.Result | undefined, token?: CancellationToken): void => {
    const run = controller.createTestRun(request, undefined, false);
    const excluded = new Set((request.exclude ?? []).map((item) => item.id));
    const wanted = request.include ? collect(request.include) : collect([...iterate(controller.items)]);
    const results = new Map((fresh ? planTestItems(fresh) : []).flatMap((file) => file.children.map((c) => [c.id, c])));
    for (const item of wanted) {
      if (token?.isCancellationRequested) break;
      if (excluded.has(item.id) || (item.parent && excluded.has(item.parent.id))) continue;
      const planned = results.get(item.id);
      if (!planned) continue;
      const outcome = outcomeOf(planned.result);
      outcomes.set(item.id, outcome);
      const messages = outcome.messages.map((planned) => {
        const message = toTestMessage(planned);
        if (planned.explain) witnesses.set(message, planned.explain);
        return message;
      });
      if (outcome.state === 'passed') run.passed(item);
      else if (outcome.state === 'skipped') run.skipped(item);
      else if (outcome.state === 'errored') run.errored(item, messages);
      else run.failed(item, messages);
    }
    run.end();
    didRun.fire();
  };

  const runHandler = async (request: TestRunRequest, token: CancellationToken): Promise<void> => {
    if (request.continuous) {
      const entry = { request, token };
      continuous.add(entry);
      token.onCancellationRequested(() => continuous.delete(entry));
    }
    report(request, await refresh(), token);
  };
  const profile = controller.createRunProfile('Check', TestRunProfileKind.Run, runHandler, true, undefined, true);
  controller.resolveHandler = async (item) => {
    if (!item) await refresh();
  };
  controller.refreshHandler = async () => {
    await refresh();
  };

  const changed = async (): Promise<void> => {
    const fresh = await refresh();
    if (continuous.size === 0) {
      controller.invalidateTestResults();
      return;
    }
    for (const { request, token } of continuous) if (!token.isCancellationRequested) report(request, fresh, token);
  };

  const disposables: Disposable[] = [
    controller,
    profile,
    didRun,
    client.onNotification(ExpectationsChangedNotification.type, () => void changed()),
    // VS Code passes { test, message } from testing/message/content.
    commands.registerCommand(CommandIds.explainExpectationWitness, (context?: { message?: TestMessage }) => {
      const question = context?.message && witnesses.get(context.message);
      return question ? commands.executeCommand(CommandIds.checkConnection, question) : undefined;
    }),
    client.onDidChangeState((change) => {
      if (change.newState === State.Running) void refresh();
    }),
  ];
  return {
    api: {
      controller,
      get answer() {
        return answer;
      },
      outcomes,
      onDidRun: didRun.event,
      refresh,
    },
    disposables,
  };
}

function collect(items: readonly TestItem[]): TestItem[] {
  // A file item stands for its expectations.
  return items.flatMap((item) => (item.children.size > 0 ? [...iterate(item.children)] : [item]));
}

function* iterate(collection: TestController['items']): Generator<TestItem> {
  for (const [, item] of collection) yield item;
}

function toTestMessage(planned: PlannedMessage): TestMessage {
  const message = planned.diff
    ? TestMessage.diff(planned.text, planned.diff.expected, planned.diff.actual)
    : new TestMessage(planned.text);
  message.location = toLocation(planned.location);
  message.contextValue = 'netpolExpectation';
  message.stackTrace = planned.frames.map(
    (frame) =>
      new TestMessageStackFrame(
        frame.label,
        frame.location && Uri.parse(frame.location.uri),
        frame.location && new Position(frame.location.range.start.line, frame.location.range.start.character),
      ),
  );
  return message;
}

function toLocation(ref: SourceRef): Location {
  return new Location(Uri.parse(ref.uri), toRange(ref.range));
}

function toRange(range: ProtocolRange): Range {
  return new Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
