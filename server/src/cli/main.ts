// `netpol` entry point: the only module that touches `process`.
import { runCli } from './cli';

// `netpol check . | head` closes the pipe early: the reader has what it wanted, which is no crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit();
});

void runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((exitCode) => {
  // exitCode, not exit(): exit() could cut off output still queued for a pipe.
  process.exitCode = exitCode;
});
