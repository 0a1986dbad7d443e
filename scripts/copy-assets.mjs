// Copies the non-TypeScript files the server reads at run time (SQL migrations, CSS, images) from
// src/ into dist/ after `tsc`, keeping their relative paths.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const ASSET = /\.(sql|css|svg|png|ico|txt|woff2)$/;

function copyAssets(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) copyAssets(path);
    else if (ASSET.test(entry)) cpSync(path, join(root, 'dist', relative(join(root, 'src'), path)));
  }
}
copyAssets(join(root, 'src'));
