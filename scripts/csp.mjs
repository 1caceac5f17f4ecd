// Trunk post_build hook: puts a Content-Security-Policy <meta> into the release index.html.
//
// The policy allows only what Voronka needs: its own files ('self'), WebAssembly compilation
// ('wasm-unsafe-eval'), and Trunk's inline loader script by its SHA-256 hash (computed here,
// because the loader names the hashed file names of each build). No remote origin is allowed
// anywhere. Styles allow 'unsafe-inline' because Leptos and ECharts set style attributes; a
// style cannot run script. Debug builds (`trunk serve`) are left alone: the dev server injects
// its own live-reload script and websocket.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('csp.mjs: TRUNK_STAGING_DIR is not set (run it as a Trunk hook)');
  process.exit(1);
}
const file = join(dir, 'index.html');
let html = await readFile(file, 'utf8');
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length === 0) {
  console.error('csp.mjs: found no inline loader script in index.html');
  process.exit(1);
}
const hashes = inline.map((body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '');
// Right after <meta charset>, before any script or style it governs.
html = html.replace(/(<meta charset="utf-8" \/>)/, `$1\n    ${meta}`);
if (!html.includes(meta)) {
  console.error('csp.mjs: could not place the policy after <meta charset="utf-8" />');
  process.exit(1);
}
await writeFile(file, html);
console.log(`csp.mjs: Content-Security-Policy with ${hashes.length} script hash(es)`);

// Last, once every file in the staging dir is final: the service worker that precaches them.
const { buildServiceWorker } = await import('./service-worker.mjs');
await buildServiceWorker(dir);
