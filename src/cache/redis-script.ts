// A Lua script run on Redis by its SHA1 (EVALSHA), loaded with EVAL the first time a server has
// not seen it (after a restart, for example), so each call sends only the hash.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type RedisArgument = string | number | Buffer;

export class RedisScript {
  private readonly sha: string;

  constructor(
    private readonly source: string,
    private readonly numberOfKeys: number,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Replies as strings and numbers. */
  run(client: Redis, keys: string[], args: RedisArgument[] = []): Promise<unknown> {
    return this.call((...rest) => client.call(...rest), keys, args);
  }

  /** Replies with bulk strings as Buffers (binary values). */
  runBuffer(client: Redis, keys: string[], args: RedisArgument[] = []): Promise<unknown> {
    return this.call((...rest) => client.callBuffer(...rest), keys, args);
  }

  private async call(
    send: (command: string, ...args: RedisArgument[]) => Promise<unknown>,
    keys: string[],
    args: RedisArgument[],
  ): Promise<unknown> {
    if (keys.length !== this.numberOfKeys) {
      throw new Error(`script expects ${this.numberOfKeys} keys, got ${keys.length}`);
    }
    try {
      return await send('EVALSHA', this.sha, this.numberOfKeys, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return send('EVAL', this.source, this.numberOfKeys, ...keys, ...args);
    }
  }
}
