// The command table and top-level dispatch: `netpol <command> ...`, `netpol --help`, `netpol --version`.
import { checkCommand } from './check';
import { diffCommand } from './diff';
import { explainCommand } from './explain';
import { reachCommand } from './reach';
import { testCommand } from './test';
import type { Command } from './command';
import { helpFor, mainHelp } from './help';
import { TOOL_NAME, TOOL_VERSION } from './packageInfo';
import type { Terminal } from './terminal';
import { BuildFailedError, EXIT_OK, EXIT_USAGE, UsageError } from './usage';

/** Every subcommand. */
export const commands: readonly Command[] = [checkCommand, reachCommand, explainCommand, testCommand, diffCommand];

export async function runCli(args: readonly string[], terminal: Terminal): Promise<number> {
  try {
    return await dispatch([...args], terminal);
  } catch (error) {
    if (error instanceof BuildFailedError) {
      terminal.stderr(`${TOOL_NAME}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (!(error instanceof UsageError)) throw error;
    const command = commands.find((candidate) => candidate.name === error.command);
    const hint = command ? `Run '${TOOL_NAME} ${command.name} --help' for usage.` : `Run '${TOOL_NAME} --help' for usage.`;
    terminal.stderr(`${TOOL_NAME}: ${error.message}\n${hint}\n`);
    return EXIT_USAGE;
  }
}

function dispatch(args: string[], terminal: Terminal): number | Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined) {
    terminal.stderr(mainHelp(commands));
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h') {
    terminal.stdout(mainHelp(commands));
    return EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    terminal.stdout(`${TOOL_VERSION}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    const command = rest[0] === undefined ? undefined : findCommand(rest[0]);
    terminal.stdout(command ? helpFor(command) : mainHelp(commands));
    return EXIT_OK;
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option '${first}' (a command comes first: ${commandNames()})`);
  return findCommand(first).run(rest, terminal);
}

function findCommand(name: string): Command {
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command '${name}' (commands: ${commandNames()})`);
  return command;
}

const commandNames = () => commands.map((command) => command.name).join(', ');
