// What a management command is: a name, a check of its JSON arguments, and a run over the services
// that prints text. The CLI runs commands in its own process or, beside a running server, in the
// server's process through the control socket; both use these same implementations.
import type { Kysely } from 'kysely';
import { ValidationError } from '../domain/errors.js';
import type { Services } from '../services/index.js';
import type { Database } from '../store/schema.js';

export interface CommandContext {
  db: Kysely<Database>;
  services: Services;
}

/** What the command prints; the CLI writes it unchanged, whichever process ran the command. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

export interface ControlCommand<A> {
  /** Checks arguments that arrived as JSON (from the CLI's options or over the socket). */
  parse(args: Record<string, unknown>): A;
  run(context: CommandContext, args: A): Promise<CommandOutput>;
}

export function defineCommand<A>(command: ControlCommand<A>): ControlCommand<A> {
  return command;
}

export function output(stdout: string, stderr = ''): CommandOutput {
  return { stdout: withNewline(stdout), stderr: withNewline(stderr) };
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

export function stringArg(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== 'string') throw new ValidationError(name, `${name} is required`);
  return value;
}

export function optionalStringArg(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ValidationError(name, `${name} must be a string`);
  return value;
}

export function booleanArg(args: Record<string, unknown>, name: string): boolean {
  const value = args[name] ?? false;
  if (typeof value !== 'boolean') throw new ValidationError(name, `${name} must be true or false`);
  return value;
}
