// The shape of a subcommand. Adding one (reach, explain) = one module exporting a Command + one line in the table in cli.ts.
import type { OptionHelp } from './options';
import type { Terminal } from './terminal';

export interface Command {
  name: string;
  /** One line for `netpol --help`. */
  summary: string;
  /** Synopsis after `netpol `, e.g. `check <file|dir>... [options]`. */
  synopsis: string;
  /** Paragraphs printed by `netpol <name> --help` between the synopsis and the options. */
  description: string;
  options: OptionHelp[];
  /** Runs with the arguments after the subcommand name; returns the exit code. Throws UsageError for a wrong command line. */
  run(args: string[], terminal: Terminal): number | Promise<number>;
}
