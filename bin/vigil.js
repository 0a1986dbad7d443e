#!/usr/bin/env node
// Entry point of the `vigil` command: runs the TypeScript sources in a checkout (through tsx),
// the compiled `dist/` in a production image where only the build output is shipped.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'main.ts');
const built = join(root, 'dist', 'cli', 'main.js');
if (existsSync(source) && existsSync(join(root, 'node_modules', 'tsx'))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(built).href);
}
