// Puts a Content-Security-Policy <meta> into the release index.html (called by
// scripts/post-build.mjs, Trunk's one post_build hook, after the wasm split).
//
// The policy allows only what Voronka needs: its own files ('self'), WebAssembly compilation
// ('wasm-unsafe-eval'), and Trunk's inline loader script by its SHA-256 hash (computed here,
// because the loader names the hashed file names of each build). No remote origin is allowed
// anywhere. Styles allow 'unsafe-inline' because Leptos and ECharts set style attributes; a
// style cannot run script. Debug builds (`trunk serve`) are left alone: the dev server injects
// its own live-reload script and websocket. The split build's chunks need nothing more: the
// chunk loader is a module script of this origin ('self'), the chunks are fetched from it
// (connect-src 'self') and compiled under 'wasm-unsafe-eval'.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes the policy into `dir`/index.html. */
export async function writeCsp(dir) {
  const file = join(dir, 'index.html');
  let html = await readFile(file, 'utf8');
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  if (inline.length === 0) {
    throw new Error('csp.mjs: found no inline loader script in index.html');
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
    throw new Error('csp.mjs: could not place the policy after <meta charset="utf-8" />');
  }
  await writeFile(file, html);
  console.log(`csp.mjs: Content-Security-Policy with ${hashes.length} script hash(es)`);
}
