// `netpol` entry point: the only module that touches `process`.
import { runCli } from './cli';

const exitCode = runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
// exitCode, not exit(): exit() could cut off output still queued for a pipe.
process.exitCode = exitCode;
