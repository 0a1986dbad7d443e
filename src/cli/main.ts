// The `vigil` command line: start everything, serve one role, migrate, and manage Vigil from a
// terminal (API keys, configuration files), beside a running server or on its own.
import { Command, CommanderError } from 'commander';
import { registerStartCommands } from './start-command.js';
import { registerAdminCommands } from './admin-commands.js';
import { ConfigError } from '../config/env.js';
import { VigilError } from '../domain/errors.js';

const program = new Command('vigil')
  .description(
    'Vigil: a self-hosted status page and uptime monitor.\nConfiguration comes from environment variables; see README.md.',
  )
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerStartCommands(program);
registerAdminCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (
    error instanceof ConfigError ||
    error instanceof VigilError ||
    (error as { userFacing?: boolean }).userFacing
  ) {
    process.stderr.write(`vigil: ${(error as Error).message}\n`);
    process.exit(error instanceof VigilError ? 2 : 1);
  }
  throw error;
}
