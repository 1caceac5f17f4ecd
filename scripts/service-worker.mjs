// Builds the service worker (sw.js) over a finished release dist with npm's Workbox.
//
// Why a service worker: Voronka is opened in workshops on poor venue Wi-Fi, and a head of sales
// opens it again on a train. After the first visit every built file is in the precache, so a
// reload with no network opens the app with its data (the data is in localStorage already).
//
// Why these settings:
// - Everything in dist is precached by content revision, so one deployment is one consistent
//   set: the old worker keeps serving the old files until the user accepts the new version —
//   never a half-old, half-new app.
// - `skipWaiting: false`: a new worker waits; the app sees it waiting and offers a reload
//   (src/ui/update.rs), then posts SKIP_WAITING, which generateSW's worker listens for.
// - Navigations fall back to the precached index.html (routes are in the hash, so the only
//   document is index.html).
// - The wasm module is larger than Workbox's default 2 MB precache limit.
// - The runtime is inlined: one file, nothing fetched from a CDN.
import { generateSW } from 'workbox-build';
import { join } from 'node:path';

export async function buildServiceWorker(distDir) {
  const { count, size, warnings } = await generateSW({
    globDirectory: distDir,
    globPatterns: ['**/*.{html,js,wasm,css,svg,png,webmanifest,json}'],
    globIgnores: ['sw.js', 'workbox-*.js', '**/*.map'],
    swDest: join(distDir, 'sw.js'),
    mode: 'production',
    sourcemap: false,
    inlineWorkboxRuntime: true,
    skipWaiting: false,
    clientsClaim: false,
    cleanupOutdatedCaches: true,
    navigateFallback: 'index.html',
    maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
    // Trunk puts a content hash in every built file name: no cache-busting query needed.
    dontCacheBustURLsMatching: /-[0-9a-f]{16}[._]/,
  });
  for (const w of warnings) console.warn(`service-worker.mjs: ${w}`);
  console.log(`service-worker.mjs: sw.js precaches ${count} files, ${size} bytes`);
  if (count === 0) throw new Error('service-worker.mjs: nothing to precache in ' + distDir);
}

// Run directly (node scripts/service-worker.mjs DIST) to rebuild sw.js over a dist folder.
if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/service-worker.mjs DIST');
    process.exit(2);
  }
  await buildServiceWorker(dir);
}
