/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

// The app shell (HTML, JS, CSS, the inference worker, tfjs's .wasm files, icons): available
// offline from the first visit. The model is not here: the inference worker keeps it in its own
// cache, verified by SHA-256.
// The build replaces this one reference with the list of files to precache.
const precached = self.__WB_MANIFEST;
precacheAndRoute(precached);
cleanupOutdatedCaches();

// Code a device may never use (WebGL/WebGPU/CPU backends, the plain and threaded .wasm builds)
// is not precached: it is kept the first time it is fetched, so whatever this device runs
// works offline afterwards. File names are content-hashed, so cache-first is always right; each
// build gets its own cache (named by its inference worker's hash) and older ones are dropped.
const workerUrl = precached
  .map((entry) => (typeof entry === 'string' ? entry : entry.url))
  .find((url) => /inference-worker-[^/]+\.js$/.test(url));
const lazyCache = `cifra-lazy-${workerUrl?.replace(/.*inference-worker-|\.js$/g, '') ?? 'dev'}`;
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/lazy-'),
  new CacheFirst({ cacheName: lazyCache }),
);
self.addEventListener('activate', (event: ExtendableEvent) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('cifra-lazy-') && name !== lazyCache)
            .map((name) => caches.delete(name)),
        ),
      ),
  );
});

// Offline navigation: every app URL answers with the cached shell; the API and model files
// always go to the network.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//, /^\/model\//] }),
);

// The page asks before a new version takes over (the update prompt): never mid-session.
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
