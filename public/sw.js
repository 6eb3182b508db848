// Werkzaam's service worker. `.ci/build-site` replaces __BUILD_ID__ with the id of the build,
// so the shell, the wasm, the js and the css are cached (and replaced) together.
//
// * install: precache the offline shell and this build's files;
// * activate: drop the caches of earlier builds;
// * navigations: the network first (server-rendered page); without an answer in time, the
//   offline shell, which mounts the app client-side and fits every route;
// * this build's files: from the cache; /api: always the network, never cached.
'use strict';

const BUILD = '__BUILD_ID__';
const CACHE = `werkzaam-${BUILD}`;
const SHELL = '/shell.html';
const PRECACHE = [
  SHELL,
  `/boot.js?v=${BUILD}&entry=mount`,
  `/boot.js?v=${BUILD}&entry=hydrate`,
  `/pkg/werkzaam.js?v=${BUILD}`,
  `/pkg/werkzaam_bg.wasm?v=${BUILD}`,
  `/style/werkzaam.css?v=${BUILD}`,
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/icon-maskable-512.png',
];
// How long a navigation may wait for the network before the shell answers (bad reception).
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
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

async function navigate(request) {
  try {
    const response = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS);
    if (response.status < 500) return response;
  } catch (_) {
    // offline or too slow: the shell answers
  }
  const cache = await caches.open(CACHE);
  return (await cache.match(SHELL)) || Response.error();
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });
}
