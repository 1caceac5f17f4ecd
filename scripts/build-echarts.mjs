#!/usr/bin/env node
// Builds vendor/echarts.custom.min.js, the ECharts that index.html ships, from
// scripts/echarts-entry.js and the ECharts in node_modules (npm, no network at this step).
// Run by Trunk as a pre_build hook (Trunk.toml) before it reads index.html, so every build path
// (scripts/build.sh, dev.sh, test.sh, a plain `trunk build`) has it. Does nothing when the output
// is newer than its inputs, so a rebuild costs one node start-up.
//
//   node scripts/build-echarts.mjs            the shipped, minified bundle (skips when up to date)
//   node scripts/build-echarts.mjs --force    rebuild it anyway
//   node scripts/build-echarts.mjs --dev FILE an unminified bundle with ECharts' development
//                                             warnings ("... is used but not imported") into FILE
import { build } from 'esbuild';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'scripts', 'echarts-entry.js');
const devAt = process.argv.indexOf('--dev');
const dev = devAt >= 0;
const out = dev ? process.argv[devAt + 1] : join(root, 'vendor', 'echarts.custom.min.js');
if (!out) throw new Error('--dev needs an output file');
const inputs = [
  entry,
  fileURLToPath(import.meta.url),
  join(root, 'node_modules', 'echarts', 'package.json'),
  join(root, 'node_modules', 'zrender', 'package.json'),
  join(root, 'node_modules', 'esbuild', 'package.json'),
];

const mtime = (f) => statSync(f).mtimeMs;
if (!dev && existsSync(out) && !process.argv.includes('--force')) {
  const outTime = mtime(out);
  if (inputs.every((f) => existsSync(f) && mtime(f) <= outTime)) process.exit(0);
}

mkdirSync(dirname(out), { recursive: true });
const result = await build({
  entryPoints: [entry],
  outfile: out,
  bundle: true,
  format: 'iife',
  minify: !dev,
  target: 'es2018',
  legalComments: 'none',
  // ECharts' development-only checks and warnings go, as in its own dist/echarts.min.js.
  define: { 'process.env.NODE_ENV': dev ? '"development"' : '"production"' },
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs)[0].bytes;
console.log(`build-echarts: wrote ${out} (${bytes.toLocaleString('en')} B)`);
