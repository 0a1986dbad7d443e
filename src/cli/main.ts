// The `vigil` command line: start everything, serve one role, migrate, and manage Vigil from a
// terminal (configuration files, API keys, admins), beside a running server or on its own.
import { isMainThread, workerData } from 'node:worker_threads';
import { Command, CommanderError } from 'commander';
import { isProbeWorker, runProbeWorker } from './probe-worker.js';
import { registerStartCommands } from './start-command.js';
import { registerAdminCommands } from './admin-commands.js';
import { allCommandsHelp } from './help.js';
import { ConfigError } from '../config/env.js';
import { VigilError } from '../domain/errors.js';
import { ConfigFileError, formatProblems } from '../config-file/config-file-error.js';

const program = new Command('vigil')
  .description(
    'Vigil: a self-hosted status page and uptime monitor.\nConfiguration comes from environment variables; see README.md.',
  )
  .version('0.1.0')
  .showHelpAfterError('(vigil --help lists every command and option)')
  .exitOverride();

registerStartCommands(program);
registerAdminCommands(program);
program.addHelpText('after', () => allCommandsHelp(program));

if (isMainThread) {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    process.exitCode = report(error);
  }
} else if (isProbeWorker(workerData)) {
  // `vigil start` runs its probe on a thread of its own, loaded through this same entry point.
  await runProbeWorker();
}

/** Prints a user error plainly and returns the exit status; anything else is a bug and keeps its stack. */
function report(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof ConfigFileError) {
    const count = error.problems.length;
    process.stderr.write(
      `${formatProblems(error.file, error.problems)}\n` +
        `vigil: ${count} error${count === 1 ? '' : 's'} in ${error.file}; nothing was changed\n`,
    );
    return 2;
  }
  if (error instanceof VigilError) {
    process.stderr.write(`vigil: ${error.message}\n`);
    return 2;
  }
  if (error instanceof ConfigError || (error as { userFacing?: boolean }).userFacing) {
    process.stderr.write(`vigil: ${(error as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`vigil: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}
