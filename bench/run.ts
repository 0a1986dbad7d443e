// Runs every benchmark (bench/<name>/index.ts), one after the other in its own process so one
// benchmark's heap and timers never skew the next; `npm run bench [-- name ...]` picks some.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const names = readdirSync(benchDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(benchDir, entry.name, 'index.ts')))
  .map((entry) => entry.name)
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();
if (names.length === 0) {
  console.error(`no benchmark matched ${wanted.join(', ') || '(none exist)'}`);
  process.exit(1);
}

const failed: string[] = [];
for (const name of names) {
  console.log(`\n=== bench/${name} ===`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(benchDir, name, 'index.ts')],
    {
      stdio: 'inherit',
      env: process.env,
    },
  );
  if (result.status !== 0) failed.push(`${name} (exit ${result.status ?? result.signal})`);
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
