// Builds the web app when dist/web is missing or older than any source file, so that
// `npm start` always serves a build of the current sources without rebuilding every time.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.resolve(webDir, '../dist/web/index.html');

function newest(dir) {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const stat = statSync(full);
    latest = Math.max(latest, stat.isDirectory() ? newest(full) : stat.mtimeMs);
  }
  return latest;
}

let builtAt = 0;
try {
  builtAt = statSync(built).mtimeMs;
} catch {
  // not built yet
}
const sourcesAt = Math.max(
  newest(path.join(webDir, 'src')),
  newest(path.join(webDir, 'public')),
  statSync(path.join(webDir, 'index.html')).mtimeMs,
  statSync(path.join(webDir, 'vite.config.ts')).mtimeMs,
);
if (builtAt > sourcesAt) process.exit(0);
console.error(builtAt ? 'web app sources changed: building' : 'web app not built yet: building');
const vite = path.resolve(webDir, '../node_modules/vite/bin/vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(webDir, 'vite.config.ts'), '--logLevel', 'warn'], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
