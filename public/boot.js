// Starts the app: loads this build's wasm and renders the app, in place of the server-rendered
// first screen (`entry=replace`) or into the service worker's empty shell (`entry=mount`), then
// registers the service worker.
// A file, not an inline script, so the Content-Security-Policy can say `script-src 'self'`.
//
// Updates: a newer build installs in the background and waits. At start, when nothing can be
// open yet, a waiting build takes over at once (one reload); later the app shows "Er is een
// nieuwe versie — nu vernieuwen" (it hears the `werkzaam-update` event) and calls
// `werkzaamApplyUpdate()` once everything typed is on the device.
const params = new URL(import.meta.url).searchParams;
const entry = params.get('entry') === 'mount' ? 'mount' : 'replace';
// What Leptos's server render would set in inline scripts (empty: the app serialises no
// resources); the server strips those scripts, so they are set here.
for (const name of ['__RESOLVED_RESOURCES', '__SERIALIZED_ERRORS', '__PENDING_RESOURCES', '__RESOURCE_RESOLVERS', '__INCOMPLETE_CHUNKS']) {
  if (!(name in globalThis)) globalThis[name] = [];
}

/** Lets the waiting build take over and reloads into it; without one, just reloads. */
globalThis.werkzaamApplyUpdate = async () => {
  const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : null;
  if (!registration || !registration.waiting) {
    location.reload();
    return;
  }
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  registration.waiting.postMessage({ type: 'werkzaam-take-over' });
};

/** Asks the server for a newer build (the service worker script is never cached). */
globalThis.werkzaamCheckUpdate = () => {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.getRegistration().then((r) => r && r.update()).catch(() => {});
};

// Unversioned: the lazily loaded parts import this module by this address, and must get the
// same instance (the service worker's cache is per build, so the files match the page).
// The wasm downloads while the module (preloaded by the page) is imported, not after it.
let loading = null;
const load = () => {
  if (!loading) {
    loading = { wasm: fetch('/pkg/werkzaam_bg.wasm'), app: import('/pkg/werkzaam.js') };
    // A failure is reported when the app starts, not as an unhandled rejection before.
    loading.wasm.catch(() => {});
    loading.app.catch(() => {});
  }
  return loading;
};
let started = null;
let running = false;
/** Instantiates the wasm and renders the app (once; after a failure, again at the next try). */
const start = () =>
  (started ??= (async () => {
    const { wasm, app } = load();
    await (await app).default({ module_or_path: wasm });
    const carried = lockScreen && takeLockScreen();
    (await app)[entry]();
    if (carried) carryIntoApp(carried);
    running = true;
    document.documentElement.dataset.app = 'running';
  })().catch((error) => {
    console.warn('app', error);
    started = null;
    loading = null;
    const form = document.querySelector('form[data-before-app]');
    if (form && !form.querySelector('[data-start-failed]')) {
      const notice = document.createElement('p');
      notice.className = 'notice error';
      notice.setAttribute('role', 'alert');
      notice.dataset.startFailed = '';
      notice.textContent = 'De app kon niet laden. Controleer je verbinding en probeer het opnieuw.';
      form.prepend(notice);
    }
  }));

// The server's login screen (a first visit, or after logging out) works before the app runs:
// its form opens here, at once, and the app starts at the first touch of the page — while the
// worker types — instead of blocking a cheap phone in its first seconds. What is typed, where
// the cursor is, and a tap on "Inloggen" before the app runs are carried over (`replace()`).
// So does the unlock screen (decision 18): the shell holds it hidden, and it shows here while a
// worker with a PIN is logged in on this device (the app keeps the worker's name under
// `werkzaam.vergrendeld`, see `vault::before_app`, and reads it back from
// `werkzaamLockedName`). When the app starts, the PIN typed, the cursor and a tap on
// "Ontgrendelen" or "Pincode vergeten?" go into the app's own unlock screen (here: its code
// is smaller as script than in the first screen's wasm).
// Set up before anything is awaited, so no tap can send the form past the app.
const lockScreen = (() => {
  const screen = document.querySelector('[data-before-app-screen]');
  let name = null;
  try {
    if (entry !== 'replace' && location.pathname !== '/inloggen') name = localStorage.getItem('werkzaam.vergrendeld');
  } catch {}
  if (!screen) return null;
  // Not shown at this start: out of the page, so the app's own unlock screen is the only one.
  if (name === null) return screen.remove();
  globalThis.werkzaamLockedName = name;
  screen.querySelector('.who').textContent = name;
  screen.hidden = false;
  screen.querySelector('[data-before-app-forgot]').addEventListener('click', () => {
    globalThis.werkzaamForgotOnStart = true;
  });
  return screen;
})();
const beforeAppForm =
  entry === 'replace' ? document.querySelector('form[data-before-app]') : lockScreen && lockScreen.querySelector('form');
/** What the unlock screen before the app holds; it leaves the page (the app's takes its place). */
const takeLockScreen = () => {
  const input = lockScreen.querySelector('input');
  const carried = { pin: input.value, focused: document.activeElement === input };
  lockScreen.remove();
  return carried;
};
/** Into the app's unlock screen, just rendered: the PIN, the cursor, and a tap made before. */
const carryIntoApp = ({ pin, focused }) => {
  const input = document.getElementById('unlock-pin');
  if (!input) return;
  if (pin) {
    input.value = pin;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  if (focused) input.focus();
  if (globalThis.werkzaamForgotOnStart) {
    document.querySelector('[data-testid=forgot-pin]')?.click();
  } else if (globalThis.werkzaamSubmitOnStart) {
    // The app's button waits while the vault is read: send once it can.
    const button = input.form.querySelector('button[type=submit]');
    const send = () => {
      if (button.disabled) return;
      watch.disconnect();
      input.form.requestSubmit();
    };
    const watch = new MutationObserver(send);
    watch.observe(button, { attributes: true });
    send();
  }
};
if (beforeAppForm) {
  document.addEventListener(
    'submit',
    (event) => {
      if (running) return;
      event.preventDefault();
      globalThis.werkzaamSubmitOnStart = true;
      start();
    },
    { capture: true },
  );
  for (const type of ['focusin', 'pointerdown', 'keydown']) {
    addEventListener(type, () => start(), { capture: true, once: true });
  }
  for (const fieldset of beforeAppForm.querySelectorAll('fieldset')) fieldset.disabled = false;
}

// A build installed during an earlier visit takes over now, before anything can be open.
if ('serviceWorker' in navigator && navigator.serviceWorker.controller) {
  const registration = await navigator.serviceWorker.getRegistration();
  if (registration && registration.waiting) globalThis.werkzaamApplyUpdate();
}
load();
if (!beforeAppForm) await start();
// After the first screen: the service worker precaches the rest of the app for offline use.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register('/sw.js')
    .then((registration) => {
      const controlled = () => navigator.serviceWorker.controller !== null;
      const announce = () => {
        if (!registration.waiting || !controlled()) return;
        globalThis.werkzaamUpdateReady = true;
        globalThis.dispatchEvent(new Event('werkzaam-update'));
      };
      announce();
      registration.addEventListener('updatefound', () => {
        const installing = registration.installing;
        if (!installing) return;
        installing.addEventListener('statechange', () => {
          if (installing.state === 'installed') announce();
        });
      });
      registration.update().catch(() => {});
      // A phone keeps the app open for days: look again every hour.
      setInterval(() => registration.update().catch(() => {}), 60 * 60 * 1000);
    })
    .catch((e) => console.warn('service worker', e));
}
