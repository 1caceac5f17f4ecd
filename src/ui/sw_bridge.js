// The only JavaScript that talks to the service worker (built by scripts/service-worker.mjs
// over release builds). It registers sw.js, tells Rust when a new deployment's worker is
// installed and waiting, and hands control to that worker when the user accepts the reload.

let waiting = null;

// Registers `scriptUrl` (relative to the document base, so subpaths work) and calls
// `onUpdateReady()` when a new version is installed and waiting while this page runs an older
// one. A first visit installs the worker silently: there is no older version to replace.
export function swRegister(scriptUrl, onUpdateReady) {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register(scriptUrl)
    .then((reg) => {
      const offer = (worker) => {
        waiting = worker;
        onUpdateReady();
      };
      if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
      reg.addEventListener('updatefound', () => {
        const worker = reg.installing;
        if (!worker) return;
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
        });
      });
      // A deployment made while the tab stayed open is noticed when the user comes back to it.
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') reg.update().catch(() => {});
      });
    })
    .catch((e) => console.warn('Voronka: the offline copy could not be set up:', e));
}

// Activates the waiting worker, then reloads once it controls the page, so every file of the
// reloaded app comes from the new deployment.
export function swApplyUpdate() {
  if (!waiting || !('serviceWorker' in navigator)) {
    location.reload();
    return;
  }
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  waiting.postMessage({ type: 'SKIP_WAITING' });
}
