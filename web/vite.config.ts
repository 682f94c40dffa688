import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(webDir, '../dist/web');

/**
 * Writes a .br and a .gz beside every text file of the build, which the server sends as
 * they are (no compression work per request), and reports the compressed JavaScript the
 * worker portal's first page loads.
 */
function precompress(): Plugin {
  return {
    name: 'lindung-precompress',
    apply: 'build',
    closeBundle() {
      const files = walk(outDir).filter((f) => /\.(js|css|html|svg|webmanifest|json|txt)$/.test(f));
      for (const file of files) {
        const body = readFileSync(file);
        // Tiny files gain nothing from compression, but every script is compressed: the
        // first load is measured (and served) from the compressed copies.
        if (body.length < 512 && !file.endsWith('.js')) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
      const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
      const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
      const gzip = initial.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(outDir, f)), { level: 9 }).length, 0);
      const brotli = initial.reduce((sum, f) => sum + readFileSync(path.join(outDir, `${f}.br`)).length, 0);
      const summary = { initialScripts: initial, gzipBytes: gzip, brotliBytes: brotli };
      writeFileSync(path.join(outDir, 'first-load.json'), JSON.stringify(summary, null, 2));
      console.log(
        `worker portal first load: ${initial.length} scripts, ${(gzip / 1024).toFixed(1)} KiB gzip, ${(brotli / 1024).toFixed(1)} KiB brotli`,
      );
    },
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

export default defineConfig({
  root: webDir,
  base: '/',
  publicDir: path.join(webDir, 'public'),
  plugins: [react(), precompress()],
  build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': 'http://localhost:8080', '/.well-known': 'http://localhost:8080' } },
});
