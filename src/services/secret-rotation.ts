// `vigil secrets rotate`: reseals every stored channel secret with the current key
// (VIGIL_SECRET_KEY), opening each with whichever configured key sealed it (the current one or
// one of VIGIL_SECRET_KEY_PREVIOUS). First every secret is checked, so that a secret no key can
// open stops the rotation before anything is written, naming its channel; then channels are
// resealed in batches, one transaction each, with their rows locked. Secrets already sealed with
// the current key are left as they are, so running it again changes nothing.
import type { Kysely } from 'kysely';
import { VigilError } from '../domain/errors.js';
import { ChannelRepository, type ChannelRow } from '../store/channel-repository.js';
import type { Database } from '../store/schema.js';
import { secretContext } from './channel-config.js';
import { SecretDecryptionError, isCiphertext, type SecretBox } from './secret-box.js';

/** A stored secret that none of the configured keys opens: rotating would lose it. */
export class SecretUnreadableError extends VigilError {
  constructor(
    channel: Pick<ChannelRow, 'id' | 'name'>,
    field: string,
    reason: string,
    /** Secrets already resealed in earlier batches (a channel saved with another key meanwhile). */
    rotatedBefore = 0,
  ) {
    const done =
      rotatedBefore === 0
        ? 'Nothing was rotated.'
        : `The ${rotatedBefore} secrets resealed before it stay resealed.`;
    super(
      'secret_unreadable',
      `channel "${channel.name}" (${channel.id}): ${reason}. ${done} Add the key ` +
        'that sealed it to VIGIL_SECRET_KEY_PREVIOUS, or enter the secret again (PATCH the ' +
        'channel), then run the rotation again.',
      409,
      field,
    );
  }
}

export interface RotationReport {
  /** The current key's id: every secret is sealed with it afterwards. */
  keyId: string;
  /** Secrets resealed now. */
  rotated: number;
  /** Channels that had at least one of them. */
  channels: number;
  /** Secrets that already used the current key. */
  unchanged: number;
}

const BATCH_SIZE = 100;

export class SecretRotationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
    private readonly batchSize = BATCH_SIZE,
  ) {}

  async rotate(): Promise<RotationReport> {
    const keyId = this.box.keyId;
    if (keyId === null) {
      throw new VigilError(
        'secret_key_missing',
        `cannot rotate channel secrets: ${this.box.missingReason ?? 'no key'}`,
        409,
      );
    }
    // Pass 1, read-only: every secret must open, or nothing is written at all.
    const reader = new ChannelRepository(this.db);
    for (let after = ''; ;) {
      const rows = await reader.page(after, this.batchSize);
      if (rows.length === 0) break;
      for (const row of rows) this.resealed(row);
      after = rows.at(-1)!.id;
    }
    const report: RotationReport = { keyId, rotated: 0, channels: 0, unchanged: 0 };
    // Pass 2: one transaction per batch, rows locked, so a channel saved meanwhile is either
    // resealed after its save or saved after its reseal, never half of each.
    let after = '';
    for (;;) {
      // Counted into the report only once the batch has committed.
      const batch = { rotated: 0, channels: 0, unchanged: 0 };
      const last = await this.db.transaction().execute(async (trx) => {
        const repository = new ChannelRepository(trx);
        const rows = await repository.page(after, this.batchSize, true);
        for (const row of rows) {
          const { config, rotated, unchanged } = this.resealed(row, report.rotated);
          batch.unchanged += unchanged;
          if (rotated === 0) continue;
          await repository.replaceConfig(row.id, config);
          batch.rotated += rotated;
          batch.channels += 1;
        }
        return rows.at(-1)?.id;
      });
      report.rotated += batch.rotated;
      report.channels += batch.channels;
      report.unchanged += batch.unchanged;
      if (last === undefined) return report;
      after = last;
    }
  }

  /** The channel's config with every secret sealed with the current key. */
  private resealed(
    row: ChannelRow,
    rotatedBefore = 0,
  ): {
    config: Record<string, unknown>;
    rotated: number;
    unchanged: number;
  } {
    const config: Record<string, unknown> = { ...row.config };
    let rotated = 0;
    let unchanged = 0;
    // Every ciphertext, not only the fields this version's type calls secret: a value sealed by
    // another version must not be left behind on the old key.
    for (const [field, value] of Object.entries(row.config)) {
      if (!isCiphertext(value)) continue;
      const name = `config.${field}`;
      if (this.box.isSealedWithCurrentKey(value, name)) {
        unchanged += 1;
        continue;
      }
      const context = secretContext(row.id, field);
      let plain: string;
      try {
        plain = this.box.decrypt(value, context, name);
      } catch (error) {
        if (error instanceof SecretDecryptionError) {
          throw new SecretUnreadableError(row, name, error.message, rotatedBefore);
        }
        throw error;
      }
      config[field] = this.box.encrypt(plain, context, name);
      rotated += 1;
    }
    return { config, rotated, unchanged };
  }
}
