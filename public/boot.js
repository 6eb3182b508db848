// Starts the app: registers the service worker, loads this build's wasm, and hydrates the
// server-rendered page (`entry=hydrate`) or mounts the app in the offline shell (`entry=mount`).
// A file, not an inline script, so the Content-Security-Policy can say `script-src 'self'`.
const params = new URL(import.meta.url).searchParams;
const build = params.get('v');
const entry = params.get('entry') === 'mount' ? 'mount' : 'hydrate';
// What Leptos's server render would set in inline scripts (empty: the app serialises no
// resources); the server strips those scripts, so they are set here.
for (const name of ['__RESOLVED_RESOURCES', '__SERIALIZED_ERRORS', '__PENDING_RESOURCES', '__RESOURCE_RESOLVERS', '__INCOMPLETE_CHUNKS']) {
  if (!(name in globalThis)) globalThis[name] = [];
}
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('service worker', e));
}
const app = await import(`/pkg/werkzaam.js?v=${build}`);
await app.default({ module_or_path: `/pkg/werkzaam_bg.wasm?v=${build}` });
app[entry]();
