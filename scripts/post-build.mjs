// Trunk's one post_build hook (Trunk.toml). Trunk runs post_build hooks at the same time, so the
// release steps that must follow each other are run here, in order, over the staging folder:
//   1. the per-page wasm split (scripts/split-wasm.mjs; a no-op for an unsplit build);
//   2. the Content-Security-Policy (scripts/csp.mjs), over the final index.html;
//   3. the service worker, last, once every file is final (scripts/service-worker.mjs).
// Debug builds (`trunk serve`) are left as Trunk made them.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { writeCsp } from './csp.mjs';
import { splitWasm } from './split-wasm.mjs';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const stagingDir = process.env.TRUNK_STAGING_DIR;
if (!stagingDir) {
  console.error('post-build.mjs: TRUNK_STAGING_DIR is not set (run it as a Trunk hook)');
  process.exit(1);
}
const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = process.env.TRUNK_SOURCE_DIR ?? join(here, '..');
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? '/';

try {
  await splitWasm({ stagingDir, sourceDir, publicUrl });
  await writeCsp(stagingDir);

  // ---- Service worker (issue 16, its own branch): LAST, after every file above is final. ----
  // Guarded, so a checkout without it (or a build that drops it) still builds.
  const serviceWorker = join(here, 'service-worker.mjs');
  if (existsSync(serviceWorker)) {
    const { buildServiceWorker } = await import(serviceWorker);
    await buildServiceWorker(stagingDir, publicUrl);
  }
} catch (err) {
  console.error(`post-build.mjs: ${err.stack ?? err}`);
  process.exit(1);
}
