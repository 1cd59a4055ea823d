// Help texts, built from the command table so that they cannot drift from what is parsed.
import type { Command } from './command';
import type { OptionHelp } from './options';
import { TOOL_NAME } from './packageInfo';

export function helpFor(command: Command): string {
  return [
    `usage: ${TOOL_NAME} ${command.synopsis}`,
    '',
    command.description,
    '',
    'options:',
    ...optionLines(command.options),
    '',
  ].join('\n');
}

export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    `usage: ${TOOL_NAME} <command> [options]`,
    '',
    'NetworkPolicy Navigator: validates Kubernetes NetworkPolicy manifests and tells who can reach whom.',
    '',
    'commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'options:',
    ...optionLines([
      { flag: '-h, --help', description: 'show this help' },
      { flag: '-v, --version', description: 'print the version' },
    ]),
    '',
    `Run '${TOOL_NAME} <command> --help' for the options of a command.`,
    '',
  ].join('\n');
}

function optionLines(options: readonly OptionHelp[]): string[] {
  const width = Math.max(...options.map((option) => option.flag.length));
  return options.map((option) => `  ${option.flag.padEnd(width)}  ${option.description}`);
}
