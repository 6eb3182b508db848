// Sync figures (issue 4), measured in headless Chromium against the release server on loopback
// with the app's own storage and sync code (the `bench` hooks of app/src/device/bench.rs).
// Prints a table; checks only that every record arrived exactly once. The worker chooses a PIN
// after logging in (the fixtures answer the vault), so the figures include the encryption.
const { test, expect } = require('../tests/fixtures');
const { LoginPage } = require('../tests/pages');
const { OwnServer } = require('../tests/server');

const PORT = Number(process.env.WERKZAAM_E2E_PORT || 3917) + 2;
const N = Number(process.env.WERKZAAM_BENCH_RECORDS || 10000);
const BINARY = process.env.WERKZAAM_BENCH_SERVER || 'target/release/werkzaam-server';

const ms = (x) => `${x.toFixed(1)} ms`;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** A device: a browser context whose app does not sync on its own, logged in (as Anna). */
async function device(browser, server, email = 'anna@noord.demo') {
  const context = await browser.newContext({ baseURL: server.url });
  await context.addInitScript(() => localStorage.setItem('werkzaam.bench', '1'));
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.open();
  await login.login(email);
  await expect(page.getByRole('heading', { name: 'Werkalliantie-dialogen' })).toBeVisible();
  const userId = await page.evaluate(async () => (await (await fetch('/api/ik')).json()).user_id);
  /** Calls a bench hook of the running app's wasm module. */
  const call = (name, ...args) =>
    page.evaluate(
      async ([name, userId, args]) => {
        const app = await import(`/pkg/werkzaam.js`);
        const out = await app[name](userId, ...args);
        return Array.from(out.length === undefined ? [out] : out);
      },
      [name, userId, args],
    );
  return { context, page, call };
}

test('sync figures', async ({ browser }) => {
  const server = new OwnServer(PORT, { binary: BINARY, siteRoot: 'site-bench' });
  await server.start();
  const rows = [];
  const row = (what, figure, target = '') => {
    rows.push([what, figure, target]);
    console.log(`${what.padEnd(58)} ${figure.padStart(14)}  ${target}`);
  };
  try {
    const phone = await device(browser, server);

    // The floor: plain IndexedDB in this browser, no app code, no encryption — rows shaped like
    // the app's (an id and 1.1 KB of bytes), in a database of its own.
    const floor = await phone.page.evaluate(async () => {
      const db = await new Promise((ok, fail) => {
        const r = indexedDB.open(`vloer-${Math.random()}`, 1);
        r.onupgradeneeded = () => r.result.createObjectStore('s', { keyPath: 'id' });
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      const rows = (n, i0) => Array.from({ length: n }, (_, i) => ({ id: `r-${i0 + i}`, enc: new Uint8Array(1100).fill(i & 255) }));
      const write = (list) => new Promise((ok) => {
        const t0 = performance.now();
        const tx = db.transaction('s', 'readwrite');
        for (const r of list) tx.objectStore('s').put(r);
        tx.oncomplete = () => ok(performance.now() - t0);
      });
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const batches = [];
      for (let k = 0; k < 3; k++) batches.push(await write(rows(1000, k * 1000)));
      const singles = [];
      for (let k = 0; k < 51; k++) singles.push(await write(rows(1, 10000 + k)));
      db.close();
      return [median(batches), median(singles)];
    });
    row('  floor: plain IndexedDB, 1,000 rows of 1.1 KB in one tx (median of 3)', ms(floor[0]));
    row('  floor: plain IndexedDB, one row in its own tx (p50 of 51)', ms(floor[1]));

    // Where a batch write's time goes (1,000 dialogues, or N when fewer).
    const B = Math.min(N, 1000);
    const [json, seal, put, get, open, sealAgain, one] = await phone.call('werkzaamBenchBreakdown', B);
    row(`  ${B} dialogues: serialize / encrypt / put in one tx`, `${ms(json)} / ${ms(seal)} / ${ms(put)}`);
    row(`  ${B} dialogues: read in one request / decrypt`, `${ms(get)} / ${ms(open)}`);
    row(`  ${B} dialogues: encryption alone; one dialogue sealed`, `${ms(sealAgain)} / ${ms(one)}`);

    // Where one push's time goes: another worker's phone (Bram's, so Anna's figures below stay
    // as they are) sends one batch.
    const scratch = await device(browser, server, 'bram@noord.demo');
    await scratch.call('werkzaamBenchFill', B, B);
    const [read, serialize, request, ack, sent, bytes] = await scratch.call('werkzaamBenchPushBreakdown');
    row(`  one push of ${sent}: read+decrypt / serialize / request / acknowledge`, `${ms(read)} / ${ms(serialize)} / ${ms(request)} / ${ms(ack)}`);
    row(`  (its body: ${Math.round(bytes / 1024)} KiB of JSON)`, '');
    // The one place the app writes 1,000 dialogues in one transaction: a pulled page (decision
    // 15: one encrypted pack). On Bram's phone too, so Anna's figures stay comparable.
    const pageWrites = await scratch.call('werkzaamBenchStorePage', B, 5);
    row(`write ${B} dialogues in one transaction: a pulled page (median of 5)`, ms(pct(pageWrites, 50)), 'goal ≤ 150 ms');
    await scratch.context.close();

    // Local writes: the benchmark's own bulk saves (no screen saves many at once; each has its
    // change in the outbox and a row of its own).
    const batches = await phone.call('werkzaamBenchFill', N, 1000);
    row(`  ${N} local saves, 1,000 per transaction (mean per tx)`, ms(batches.reduce((a, b) => a + b) / batches.length));
    row(`  slowest 1,000-save transaction`, ms(Math.max(...batches)));

    // Push of everything created on the device.
    const [push] = await phone.call('werkzaamBenchPush');
    row(`push ${N} dialogues created on the device`, ms(push), 'goal ≤ 1,500 ms (10,000)');
    const stored = await server.dialoguesOf('anna@noord.demo');
    expect(stored.length).toBe(N);
    expect(new Set(stored.map((d) => d.id)).size).toBe(N);

    // The phone pulls its own push back once (the cursor moves past it).
    const [echo] = await phone.call('werkzaamBenchPull');
    row(`pull after that push (own ${N} come back once)`, ms(echo));

    // Single saves and an incremental push of 50 edits.
    const saves = await phone.call('werkzaamBenchEdit', 200);
    row('single-record local save p50', ms(pct(saves, 50)), 'goal ≤ 1.5 ms');
    row('single-record local save p95', ms(pct(saves, 95)), 'goal ≤ 3 ms');
    const [incremental0] = await phone.call('werkzaamBenchPush');
    row('  (push of those 200 edits)', ms(incremental0));
    const pushes50 = [];
    for (let round = 0; round < 5; round++) {
      await phone.call('werkzaamBenchEdit', 50);
      const [t] = await phone.call('werkzaamBenchPush');
      pushes50.push(t);
    }
    row('incremental push of 50 edits (median of 5)', ms(pct(pushes50, 50)), 'goal ≤ 40 ms');

    // A fresh device pulls everything.
    const tablet = await device(browser, server);
    const [firstPull] = await tablet.call('werkzaamBenchPull');
    row(`first pull of ${N} dialogues to a fresh device`, ms(firstPull), 'goal ≤ 1,500 ms (10,000)');
    const [held, unique, pending] = await tablet.call('werkzaamBenchCount');
    expect([held, unique, pending]).toEqual([N, N, 0]);

    // Where one page's time goes, step after step, on a device of its own.
    const other = await device(browser, server);
    const [fetched, parsed, headed, kept, count] = await other.call('werkzaamBenchPullBreakdown');
    row(`  one page of ${count}: request / read / heads / store`,
      `${ms(fetched)} / ${ms(parsed)} / ${ms(headed)} / ${ms(kept)}`);
    await other.context.close();

    // A third device's pull is cut by 2 s offline halfway (MAX_DIALOGUES_PER_PULL per page).
    const laptop = await device(browser, server);
    const PAGE = 1000;
    // Halfway; with one page only (a small run) the first page is cut.
    const cutAt = N > PAGE ? Math.ceil(N / PAGE / 2) + 1 : 1;
    let pages = 0;
    await laptop.page.route('**/api/sync/pull', async (route) => {
      pages += 1;
      if (pages === cutAt) {
        await laptop.context.setOffline(true);
        return route.abort('internetdisconnected');
      }
      return route.continue();
    });
    const cut = await laptop.call('werkzaamBenchPull').then(
      () => 'completed',
      (e) => String(e.message || e),
    );
    expect(cut).not.toBe('completed');
    await new Promise((r) => setTimeout(r, 2000));
    await laptop.context.setOffline(false);
    const [resumed] = await laptop.call('werkzaamBenchPull');
    row(`pull cut by 2 s offline halfway: the other ${N - (cutAt - 1) * PAGE} after reconnecting`, ms(resumed), 'goal ≤ 600 ms (5,000)');
    expect(await laptop.call('werkzaamBenchCount')).toEqual([N, N, 0]);

    for (const d of [phone, tablet, laptop]) await d.context.close();
  } finally {
    await server.stop();
  }
});
