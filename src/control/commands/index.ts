// Every command the CLI can run through the control socket or directly, by wire name.
import type { ControlCommand } from '../command.js';
import { apiKeyCreate, apiKeyList, apiKeyRevoke } from './api-key-commands.js';
import { configApply, configExport } from './config-commands.js';
import { probeTokenCreate, probeTokenList, probeTokenRevoke } from './probe-token-commands.js';
import { secretsRotate } from './secret-commands.js';
import { userCreate, userList, userSetPassword } from './user-commands.js';

// Each command checks its own arguments in parse(), so the registry can hold them uniformly.
type AnyCommand = ControlCommand<unknown>;

export const CONTROL_COMMANDS: Readonly<Record<string, AnyCommand>> = {
  'config.apply': configApply as AnyCommand,
  'config.export': configExport as AnyCommand,
  'api-key.create': apiKeyCreate as AnyCommand,
  'api-key.list': apiKeyList as AnyCommand,
  'api-key.revoke': apiKeyRevoke as AnyCommand,
  'probe-token.create': probeTokenCreate as AnyCommand,
  'probe-token.list': probeTokenList as AnyCommand,
  'probe-token.revoke': probeTokenRevoke as AnyCommand,
  'user.create': userCreate as AnyCommand,
  'user.set-password': userSetPassword as AnyCommand,
  'user.list': userList as AnyCommand,
  'secrets.rotate': secretsRotate as AnyCommand,
};
