// `config apply` and `config export` as commands (run in the CLI's process or the server's), and
// `config validate`, which needs no database.
import { applyConfigText, loadState } from '../../config-file/apply.js';
import { exportConfig } from '../../config-file/export.js';
import { countSteps, formatPlan } from '../../config-file/plan.js';
import { readConfig } from '../../config-file/read-config.js';
import type { ConfigSpec } from '../../config-file/spec.js';
import { booleanArg, defineCommand, output, stringArg, type CommandOutput } from '../command.js';

export const configApply = defineCommand({
  parse: (args) => ({
    // The CLI reads the file (paths are relative to where it runs) and sends its text and name.
    file: stringArg(args, 'file'),
    text: stringArg(args, 'text'),
    dryRun: booleanArg(args, 'dryRun'),
    prune: booleanArg(args, 'prune') || booleanArg(args, 'prunePages'),
    prunePages: booleanArg(args, 'prunePages'),
  }),
  async run({ db, services }, args) {
    const result = await applyConfigText(db, args.text, { ...args, channels: services.channels });
    if (result.steps.length === 0) {
      return output(`No changes: the database already matches ${args.file}.`);
    }
    const counts = countSteps(result.steps);
    const summary = args.dryRun
      ? `Dry run: ${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete; nothing was written.`
      : `Applied ${args.file}: ${counts.create} created, ${counts.update} updated, ${counts.delete} deleted.`;
    // Heartbeat secrets are stored hashed: this is the only time they can be shown.
    const heartbeats = result.heartbeats.map(
      (h) =>
        `Heartbeat monitor ${h.monitor}: push to ${h.path} (after the base URL); this is shown only once.`,
    );
    return output([formatPlan(result.steps), summary, ...heartbeats].join('\n'));
  },
});

export const configExport = defineCommand({
  parse: () => ({}),
  async run({ db, services }) {
    // One snapshot of everything, so a write landing mid-export cannot produce a mixed file.
    const state = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((trx) => loadState(trx, services.channels));
    const groups = state.pages.reduce((n, p) => n + p.groups.length, 0);
    const components = state.pages.reduce((n, p) => n + p.components.length, 0);
    return output(
      exportConfig(state),
      `Exported ${channelsPart(state.channels.length)}${plural(state.monitors.length, 'monitor')}, ${plural(state.pages.length, 'page')}, ${plural(groups, 'group')} and ${plural(components, 'component')}.`,
    );
  },
});

/** Checks a file without touching any database (syntax, keys, types, values, duplicates). */
export function validateConfig(text: string, file: string): CommandOutput {
  const spec = readConfig(text, file);
  return output(`${file} is valid: ${describeSpec(spec)}.`);
}

function describeSpec(spec: ConfigSpec): string {
  const groups = spec.pages.reduce((n, p) => n + p.groups.length, 0);
  const components = spec.pages.reduce((n, p) => n + p.components.length, 0);
  return `${channelsPart(spec.channels.length)}${plural(spec.monitors.length, 'monitor')}, ${plural(spec.pages.length, 'page')}, ${plural(groups, 'group')}, ${plural(components, 'component')}`;
}

/** Channels are named only when there are some, so files without any read as before. */
function channelsPart(count: number): string {
  return count === 0 ? '' : `${plural(count, 'channel')}, `;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
