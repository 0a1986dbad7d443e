// A Kysely plugin that counts the statements sent through it, for tests proving that something
// is served from memory (a page snapshot) rather than read from the database each time.
import type { KyselyPlugin } from 'kysely';

export interface StatementCounter extends KyselyPlugin {
  count: number;
}

export function statementCounter(): StatementCounter {
  return {
    count: 0,
    transformQuery(args) {
      this.count++;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
}
