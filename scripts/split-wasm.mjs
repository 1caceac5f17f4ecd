// Per-page code splitting of the release build (issue 16), run by scripts/post-build.mjs over
// Trunk's output. Trunk cannot run a step between cargo and wasm-bindgen, so this redoes that
// part: it takes cargo's own output (built with `--emit-relocs` and `--cfg voronka_split` by
// scripts/trunk-release.sh), and
//   1. wasm-split-cli cuts it into the main module, one split_*.wasm per page behind
//      `wasm_split` (src/ui/page_loader.rs), shared chunk_*.wasm and the loader __wasm_split.js;
//   2. wasm-bindgen --keep-lld-exports runs on the main module only (the chunks link against
//      the exports LLD made);
//   3. wasm-opt -Oz runs on every .wasm;
//   4. everything goes into one folder named after a hash of all its files, wasm-<hash>/, so a
//      main module can only ever meet the chunks it was cut with (chunks load relative to the
//      JS module), and an old cached file can never be mixed into a new deployment;
//   5. index.html points at that folder, with fresh integrity attributes and preload links.
// Trunk's unsplit JS, wasm and snippets are removed. An unsplit build (no split points in the
// wasm, e.g. a plain `trunk build --release`) is left as Trunk made it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const SPLIT_MARK = '__wasm_split_placeholder__';

function cargoTargetDir(sourceDir) {
  if (process.env.CARGO_TARGET_DIR) return process.env.CARGO_TARGET_DIR;
  const meta = execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1', '--offline'], {
    cwd: sourceDir,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return JSON.parse(meta).target_directory;
}

async function filesUnder(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath ?? entry.path, entry.name));
  }
  return out.sort();
}

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });

export const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** Points every integrity attribute of index.html at the bytes its href/src names now. */
export async function refreshIntegrity(stagingDir, html, publicUrl) {
  const tags = [...html.matchAll(/<(?:link|script)\b[^>]*>/g)].map((m) => m[0]);
  for (const tag of tags) {
    const url = /\b(?:href|src)="([^"]+)"/.exec(tag)?.[1];
    if (!url || !/\bintegrity="/.test(tag)) continue;
    const path = join(stagingDir, url.startsWith(publicUrl) ? url.slice(publicUrl.length) : url);
    if (!existsSync(path)) throw new Error(`split-wasm: ${url} in index.html is not in the build`);
    const fresh = tag.replace(/\bintegrity="[^"]*"/, `integrity="${sri(await readFile(path))}"`);
    html = html.replace(tag, fresh);
  }
  return html;
}

/**
 * Splits the release wasm in `stagingDir`. Returns the split folder's name, or null when the
 * build has no split points.
 */
export async function splitWasm({ stagingDir, sourceDir, publicUrl, name = 'voronka' }) {
  const cargoWasm = join(cargoTargetDir(sourceDir), 'wasm32-unknown-unknown', 'release', `${name}.wasm`);
  if (!existsSync(cargoWasm)) throw new Error(`split-wasm: no cargo output at ${cargoWasm}`);
  const input = await readFile(cargoWasm);
  if (!input.includes(Buffer.from(SPLIT_MARK))) {
    console.log('split-wasm: the wasm has no split points (built without --cfg voronka_split); left unsplit');
    return null;
  }
  const htmlFile = join(stagingDir, 'index.html');
  let html = await readFile(htmlFile, 'utf8');
  const trunkJs = new RegExp(`${name}-[0-9a-f]+\\.js`).exec(html)?.[0];
  const trunkWasm = new RegExp(`${name}-[0-9a-f]+_bg\\.wasm`).exec(html)?.[0];
  if (!trunkJs || !trunkWasm) throw new Error(`split-wasm: index.html names no ${name}-<hash>.js / _bg.wasm`);

  const work = await mkdtemp(join(tmpdir(), 'voronka-split-'));
  try {
    const cut = join(work, 'cut');
    const out = join(work, 'out');
    run('wasm-split-cli', ['--target', 'web', '--out-name', name, cargoWasm, cut]);
    run('wasm-bindgen', [
      '--target', 'web', '--keep-lld-exports', '--no-typescript',
      '--out-dir', out, '--out-name', name, join(cut, `${name}.wasm`),
    ]);
    for (const file of await readdir(cut)) {
      if (file.endsWith('.wasm') && file !== `${name}.wasm`) await rename(join(cut, file), join(out, file));
      else if (file.endsWith('.js')) await rename(join(cut, file), join(out, file));
    }
    for (const file of await readdir(out)) {
      if (file.endsWith('.wasm')) run('wasm-opt', ['-Oz', join(out, file), '-o', join(out, file)]);
    }

    const hash = createHash('sha256');
    for (const file of await filesUnder(out)) {
      hash.update(relative(out, file));
      hash.update(await readFile(file));
    }
    const folder = `wasm-${hash.digest('hex').slice(0, 16)}`;
    await rm(join(stagingDir, folder), { recursive: true, force: true });
    await rm(join(out, 'package.json'), { force: true }); // wasm-bindgen's, not served
    await cp(out, join(stagingDir, folder), { recursive: true });

    // Trunk's unsplit files: its JS and wasm, and the snippets it wrote next to them.
    await rm(join(stagingDir, trunkJs), { force: true });
    await rm(join(stagingDir, trunkWasm), { force: true });
    await rm(join(stagingDir, 'snippets'), { recursive: true, force: true });

    html = html.replaceAll(`${publicUrl}${trunkJs}`, `${publicUrl}${folder}/${name}.js`);
    html = html.replaceAll(`${publicUrl}${trunkWasm}`, `${publicUrl}${folder}/${name}_bg.wasm`);
    html = html.replaceAll(`${publicUrl}snippets/`, `${publicUrl}${folder}/snippets/`);
    // The loader of the chunks is imported by the main JS module: preload it with it.
    const loader = `${publicUrl}${folder}/__wasm_split.js`;
    const preload = `<link rel="modulepreload" href="${loader}" crossorigin="anonymous" integrity="">`;
    const mainPreload = new RegExp(`(<link rel="modulepreload" href="[^"]*/${name}\\.js"[^>]*>)`);
    html = html.replace(mainPreload, `$1${preload}`);
    if (!html.includes(loader)) throw new Error('split-wasm: could not add the modulepreload of __wasm_split.js');
    html = await refreshIntegrity(stagingDir, html, publicUrl);
    await writeFile(htmlFile, html);

    const sizes = (await filesUnder(join(stagingDir, folder))).filter((f) => f.endsWith('.wasm'));
    console.log(`split-wasm: ${folder}/ with ${sizes.length} wasm files`);
    return folder;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
