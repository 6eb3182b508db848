// Start figures (issue 17): how long a worker who used the app before waits for its first
// screen (the PIN screen) when she opens it — online, and on a network that never answers
// (lie-fi: the server's port is open but it does not respond). Then the PIN to her list.
// Prints figures; asserts only that the app came up.
const { test, expect } = require('@playwright/test');
const { LoginPage } = require('../tests/pages');
const { OwnServer } = require('../tests/server');

const PORT = Number(process.env.WERKZAAM_E2E_PORT || 3917) + 4;
const BINARY = process.env.WERKZAAM_BENCH_SERVER || 'target/release/werkzaam-server';
const PIN = '246813';
const STARTS = 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('start figures', async ({ browser }) => {
  const server = new OwnServer(PORT, { binary: BINARY, siteRoot: 'site-bench' });
  await server.start();
  try {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    const login = new LoginPage(page);
    await login.open();
    await login.login('anna@noord.demo');
    await page.getByLabel('Pincode (minstens 6 cijfers)').fill(PIN);
    await page.getByLabel('Nog een keer dezelfde pincode').fill(PIN);
    await page.getByRole('button', { name: 'Pincode instellen' }).click();
    const list = page.getByRole('heading', { name: 'Werkalliantie-dialogen' });
    await expect(list).toBeVisible();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    for (const [network, hang] of [['online', false], ['a network that never answers', true]]) {
      if (hang) server.proc.kill('SIGSTOP');
      try {
        const starts = [];
        for (let i = 0; i < STARTS; i++) {
          const began = Date.now();
          await page.reload({ waitUntil: 'commit' });
          await expect(page.getByTestId('unlock')).toBeVisible();
          starts.push(Date.now() - began);
        }
        const began = Date.now();
        await page.getByLabel('Je pincode').fill(PIN);
        await page.getByRole('button', { name: 'Ontgrendelen' }).click();
        await expect(list).toBeVisible();
        const unlock = Date.now() - began;
        console.log(`start, ${network}: to the PIN screen, median of ${STARTS}`.padEnd(66), `${median(starts)} ms`.padStart(9), `(slowest ${Math.max(...starts)} ms; goal ≤ 1,000 ms)`);
        console.log(`  PIN typed to the worker's list (key derivation included)`.padEnd(66), `${unlock} ms`.padStart(9));
      } finally {
        if (hang) server.proc.kill('SIGCONT');
      }
    }
    await context.close();
  } finally {
    await server.stop();
  }
});
