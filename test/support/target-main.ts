// Entry point of a target server run as its own process (inside a network namespace, where the
// test process cannot listen): `node --import tsx target-main.ts PORT`. It reports on stdout, one
// JSON object a line: {"listening": port} once, then {"hit": Hit} for every request it answers.
import { startTargetServer } from './target-server.js';

const port = Number(process.argv[2] ?? 0);
const write = (message: object): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};
const target = await startTargetServer({
  host: '0.0.0.0',
  port,
  onHit: (hit) => write({ hit }),
});
write({ listening: Number(new URL(target.url).port) });
process.once('SIGTERM', () => {
  void target.close().then(() => process.exit(0));
});
