// Werkzaam's service worker. `.ci/build-site` replaces __BUILD_ID__ with the id of the build,
// so the shell, the wasm, the js and the css are cached (and replaced) together.
//
// * install: precache the offline shell and this build's files; a new build then *waits*
//   (the app shows "Er is een nieuwe versie — nu vernieuwen") until the page asks it to take
//   over, so a page never runs one build's code against another build's cache;
// * activate: drop the caches of earlier builds;
// * navigations: the cached shell at once (cache-first: a start on a network that does not
//   answer must not wait for it); the page checks for a newer build in the background;
// * this build's files: from the cache; /api: always the network, never cached.
'use strict';

const BUILD = '__BUILD_ID__';
// Caches of builds that wait for the page before taking over start with this prefix; builds
// before them ("werkzaam-<id>") took over at once and their pages cannot ask for an update.
const PREFIX = 'werkzaam-u-';
const CACHE = `${PREFIX}${BUILD}`;
const SHELL = '/shell.html';
const PRECACHE = [
  SHELL,
  `/boot.js?v=${BUILD}&entry=mount`,
  `/boot.js?v=${BUILD}&entry=replace`,
  '/pkg/werkzaam.js',
  '/pkg/werkzaam_bg.wasm',
  '/pkg/__wasm_split.js',
  // The lazily loaded parts of the app (`.ci/build-site` lists them): every area works offline.
  ...__PARTS__,
  `/style/werkzaam.css?v=${BUILD}`,
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/icon-maskable-512.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })));
      // Take over at once only when no earlier build of this kind is there to ask first: the
      // first install, or a build from before updates waited (its page has no banner).
      const keys = await caches.keys();
      if (!keys.some((k) => k.startsWith(PREFIX) && k !== CACHE)) await self.skipWaiting();
    })(),
  );
});

// The page says when: the worker tapped "Nu vernieuwen", or the app started with nothing open.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'werkzaam-take-over') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('werkzaam-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(request)).then((hit) => hit || fetch(request)),
  );
});

// The shell fits every route (it mounts the app client-side); only without it (a cache the
// browser dropped) does a navigation go to the network.
async function navigate(request) {
  const cache = await caches.open(CACHE);
  const shell = await cache.match(SHELL);
  if (shell) return shell;
  return fetch(request);
}
