// `user create|set-password|list`: admin accounts from a terminal (for example when the setup
// token is lost, or to script the first admin). Passwords never travel on the command line.
import { NotFoundError } from '../../domain/errors.js';
import { requireEmail } from '../../services/auth-service.js';
import { AccountRepository } from '../../store/account-repository.js';
import { defineCommand, optionalStringArg, output, stringArg } from '../command.js';
import { table } from './api-key-commands.js';

export const userCreate = defineCommand({
  parse: (args) => ({
    email: stringArg(args, 'email'),
    password: stringArg(args, 'password'),
    name: optionalStringArg(args, 'name'),
  }),
  async run({ services }, args) {
    const user = await services.auth.createAdmin(args);
    return output(`Created admin ${user.email} (id ${user.id}).`);
  },
});

export const userSetPassword = defineCommand({
  parse: (args) => ({ email: stringArg(args, 'email'), password: stringArg(args, 'password') }),
  async run({ db, services }, args) {
    const email = requireEmail('email', args.email);
    const user = await new AccountRepository(db).findUserByEmail(email);
    if (!user) throw new NotFoundError('user', email);
    await services.auth.changePassword(user.id, args.password);
    return output(`Changed the password of ${user.email}.`);
  },
});

export const userList = defineCommand({
  parse: () => ({}),
  async run({ db }) {
    const users = await new AccountRepository(db).listUsers();
    if (users.length === 0) return output('', 'No users.');
    const rows = users.map((u) => [u.id, u.email, u.name, u.role, u.created_at.toISOString()]);
    return output(table(['ID', 'EMAIL', 'NAME', 'ROLE', 'CREATED'], rows));
  },
});
