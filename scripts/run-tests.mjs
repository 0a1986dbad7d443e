// Runs every test file (src/**/*.test.ts[x] beside the code, test/**/*.test.ts[x] across services)
// with Node's own test runner; Node 20 has no glob support in --test, so the files are listed here.
// Usage: npm test [-- path-filter ...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { availableParallelism } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function find(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...find(path));
    else if (/\.test\.tsx?$/.test(entry)) found.push(relative(root, path));
  }
  return found;
}

const files = ['src', 'test']
  .flatMap((dir) => find(join(root, dir)))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const concurrency =
  process.env.VIGIL_TEST_CONCURRENCY ?? String(Math.max(2, availableParallelism()));
// Fault tests (test/fault/) start whole clusters, kill processes and restart servers; they run
// after the rest, one file at a time, so they neither starve other tests nor each other.
const isFault = (file) => file.startsWith('test/fault/');
const phases = [
  { files: files.filter((file) => !isFault(file)), concurrency },
  { files: files.filter(isFault), concurrency: '1' },
].filter((phase) => phase.files.length > 0);
let status = 0;
for (const phase of phases) {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${phase.concurrency}`,
      '--test-reporter=spec',
      ...phase.files,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
  );
  if ((result.status ?? 1) !== 0) status = result.status ?? 1;
}
process.exit(status);
