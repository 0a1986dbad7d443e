// `vigil config ...`, `vigil api-key ...`, `vigil probe-token ...`, `vigil user ...` and `vigil secrets ...`: the options people type, turned into
// control commands that run beside a running server or on their own (see command-runner.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { loadConfig, type VigilConfig } from '../config/env.js';
import type { CommandOutput } from '../control/command.js';
import { CliError } from './cli-error.js';

export function registerAdminCommands(program: Command): void {
  registerConfigCommands(program);
  registerApiKeyCommands(program);
  registerProbeTokenCommands(program);
  registerUserCommands(program);
  registerSecretCommands(program);
}

function registerSecretCommands(program: Command): void {
  const secrets = program
    .command('secrets')
    .description('The key that encrypts channel secrets in the database (VIGIL_SECRET_KEY).');

  secrets
    .command('rotate')
    .description(
      'Re-encrypt every stored channel secret with VIGIL_SECRET_KEY, opening each with that key or ' +
        'one of VIGIL_SECRET_KEY_PREVIOUS; one transaction per batch of channels. Changes nothing ' +
        'when a secret opens with none of them (the channel is named), or when all already use ' +
        'the current key. Beside a running embedded server it runs in the server, with its keys.',
    )
    .action(async () => {
      await run('secrets.rotate', {});
    });
}

function registerConfigCommands(program: Command): void {
  const config = program
    .command('config')
    .description(
      'Configuration as code: declare monitors, pages, groups and components in a YAML file.',
    );

  config
    .command('apply')
    .description(
      'Make the database match FILE (use - for stdin) in one transaction: creates and updates what differs, ' +
        'writes nothing when nothing differs, and nothing at all when the file has an error.',
    )
    .argument('<file>', 'YAML configuration file, e.g. examples/vigil.yaml')
    .option('--dry-run', 'print the plan without writing anything')
    .option(
      '--prune',
      'also delete groups and components that the declared pages have but FILE does not, ' +
        'and monitors FILE does not declare (when it has a monitors section)',
    )
    .option(
      '--prune-pages',
      'also delete whole pages FILE does not declare, with their incidents (implies --prune)',
    )
    .action(
      async (
        file: string,
        options: { dryRun?: boolean; prune?: boolean; prunePages?: boolean },
      ) => {
        const text = readInput(file);
        // Checked here first so that a broken file fails at once, without opening any database.
        const { readConfig } = await import('../config-file/read-config.js');
        readConfig(text, displayName(file));
        await run('config.apply', {
          file: displayName(file),
          text,
          dryRun: options.dryRun ?? false,
          prune: options.prune ?? false,
          prunePages: options.prunePages ?? false,
        });
      },
    );

  config
    .command('validate')
    .description(
      'Check FILE (syntax, keys, types, values, duplicates) without opening any database; ' +
        'apply --dry-run also shows what would change.',
    )
    .argument('<file>', 'YAML configuration file (use - for stdin)')
    .action(async (file: string) => {
      const { validateConfig } = await import('../control/commands/config-commands.js');
      print(validateConfig(readInput(file), displayName(file)));
    });

  config
    .command('export')
    .description(
      'Write the current monitors, pages, groups and components in the format config apply reads.',
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (options: { output?: string }) => {
      const result = await runCommand(loadConfig(), 'config.export', {});
      if (options.output) {
        try {
          writeFileSync(options.output, result.stdout);
        } catch (error) {
          throw new CliError(`cannot write ${options.output}: ${(error as Error).message}`);
        }
        print({ stdout: '', stderr: result.stderr.replace(/\.\n$/, ` to ${options.output}.\n`) });
      } else {
        print(result);
      }
    });
}

function registerApiKeyCommands(program: Command): void {
  const apiKey = program
    .command('api-key')
    .description('Keys for the management API (/api/v1): `Authorization: Bearer <key>`.');

  apiKey
    .command('create')
    .description(
      'Create a key and print it alone on stdout (it is stored hashed and shown only once).',
    )
    .requiredOption('--name <name>', 'what the key is for, e.g. "deploy pipeline"')
    .addOption(
      new Option('--scope <scope>', 'read: GET only; write: everything')
        .choices(['read', 'write'])
        .default('read'),
    )
    .action(async (options: { name: string; scope: string }) => {
      await run('api-key.create', { name: options.name, scope: options.scope });
    });

  apiKey
    .command('list')
    .description('List keys (id, name, scope, prefix, dates); secrets are never shown again.')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      await run('api-key.list', { json: options.json ?? false });
    });

  apiKey
    .command('revoke')
    .description('Revoke a key at once; requests using it get 401.')
    .argument('<id>', 'key id, as printed by create and list')
    .action(async (id: string) => {
      await run('api-key.revoke', { id });
    });
}

function registerProbeTokenCommands(program: Command): void {
  const probeToken = program
    .command('probe-token')
    .description('Tokens of probe agents (`vigil serve --role probe`), each bound to one region.');

  probeToken
    .command('create')
    .description(
      'Create a token for a region and print it alone on stdout (it is stored hashed and shown only once).',
    )
    .requiredOption('--region <name>', 'region the probe checks from, e.g. eu-west')
    .option('--name <name>', 'what the token is for, e.g. "eu-west-1 vm"')
    .action(async (options: { region: string; name?: string }) => {
      await run('probe-token.create', { region: options.region, name: options.name });
    });

  probeToken
    .command('list')
    .description('List probe tokens (id, region, name, dates); tokens are never shown again.')
    .option('--region <name>', 'only the tokens of this region')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { region?: string; json?: boolean }) => {
      await run('probe-token.list', { region: options.region, json: options.json ?? false });
    });

  probeToken
    .command('revoke')
    .description('Revoke a probe token at once; probes using it are refused (401).')
    .argument('<id>', 'token id, as printed by create and list')
    .action(async (id: string) => {
      await run('probe-token.revoke', { id });
    });
}

function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Admin accounts of the admin UI.');
  const passwordHelp =
    'read the password from this file (- for stdin); default: VIGIL_ADMIN_PASSWORD or VIGIL_ADMIN_PASSWORD_FILE';

  user
    .command('create')
    .description('Create an admin (password of at least 10 characters).')
    .requiredOption('--email <email>', 'e-mail address to sign in with')
    .option('--name <name>', 'display name')
    .option('--password-file <file>', passwordHelp)
    .action(async (options: { email: string; name?: string; passwordFile?: string }) => {
      await run('user.create', {
        config: userConfig(options.email),
        email: options.email,
        name: options.name,
        password: readPassword(options.passwordFile, options.email),
      });
    });

  user
    .command('set-password')
    .description("Change an admin's password (for example when it is forgotten).")
    .requiredOption('--email <email>', 'e-mail address of the admin')
    .option('--password-file <file>', passwordHelp)
    .action(async (options: { email: string; passwordFile?: string }) => {
      await run('user.set-password', {
        config: userConfig(options.email),
        email: options.email,
        password: readPassword(options.passwordFile, options.email),
      });
    });

  user
    .command('list')
    .description('List admins.')
    .action(async () => {
      await run('user.list', {});
    });
}

async function run(
  name: string,
  { config, ...args }: Record<string, unknown> & { config?: VigilConfig },
): Promise<void> {
  print(await runCommand(config ?? loadConfig(), name, args));
}

async function runCommand(
  config: VigilConfig,
  name: string,
  args: Record<string, unknown>,
): Promise<CommandOutput> {
  const runner = await import('./command-runner.js');
  return runner.runCommand(config, name, args);
}

function print(output: CommandOutput): void {
  if (output.stdout) process.stdout.write(output.stdout);
  if (output.stderr) process.stderr.write(output.stderr);
}

function displayName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (error as Error).message;
    throw new CliError(`cannot read ${file}: ${reason}`);
  }
}

/** VIGIL_ADMIN_PASSWORD normally comes with VIGIL_ADMIN_EMAIL; for user commands --email plays that part. */
function userConfig(email: string): VigilConfig {
  const env = process.env;
  const password = env.VIGIL_ADMIN_PASSWORD || env.VIGIL_ADMIN_PASSWORD_FILE;
  return loadConfig(password ? { ...env, VIGIL_ADMIN_EMAIL: env.VIGIL_ADMIN_EMAIL || email } : env);
}

/** From --password-file, else from VIGIL_ADMIN_PASSWORD(_FILE): never from the command line itself. */
function readPassword(file: string | undefined, email: string): string {
  if (file) return readInput(file).replace(/\r?\n$/, '');
  const { adminPassword } = userConfig(email);
  if (!adminPassword) {
    throw new CliError(
      'no password given: use --password-file FILE (- for stdin) or set VIGIL_ADMIN_PASSWORD',
    );
  }
  return adminPassword;
}
