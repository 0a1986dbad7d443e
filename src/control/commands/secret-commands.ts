// `secrets rotate`: reseals every stored channel secret with the current key (see
// services/secret-rotation.ts) and says how many it resealed; the secrets themselves are never
// printed, only counts and key ids.
import { defineCommand, output } from '../command.js';

export const secretsRotate = defineCommand({
  parse: () => ({}),
  async run({ services }) {
    const report = await services.secrets.rotate();
    if (report.rotated === 0) {
      return output(
        `Nothing to rotate: all ${report.unchanged} stored secret${plural(report.unchanged)} ` +
          `already use the current key (id ${report.keyId}).`,
      );
    }
    return output(
      `Rotated ${report.rotated} secret${plural(report.rotated)} of ${report.channels} ` +
        `channel${plural(report.channels)} to the current key (id ${report.keyId}); ` +
        `${report.unchanged} already used it.`,
      'Every stored secret now uses the current key: VIGIL_SECRET_KEY_PREVIOUS can be removed.',
    );
  },
});

function plural(count: number): string {
  return count === 1 ? '' : 's';
}
