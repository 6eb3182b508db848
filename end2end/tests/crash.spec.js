// Issue 4: the server process is killed during a sync — after it stored a push, before the
// device heard the answer — and started again on the same database. The device sends again;
// everything arrives exactly once.
const { test, expect } = require('./fixtures');
const { DialoguesPage, LoginPage, SyncBar, collectProblems } = require('./pages');
const { OwnServer } = require('./server');

const PORT = Number(process.env.WERKZAAM_E2E_PORT || 3917) + 1;

test('the server is killed during a sync and restarted; everything arrives exactly once', async ({ browser }) => {
  const server = new OwnServer(PORT);
  await server.start();
  try {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    const problems = collectProblems(page);
    const login = new LoginPage(page);
    await login.open();
    await login.login('anna@noord.demo');
    const list = new DialoguesPage(page);
    await expect(list.heading).toBeVisible();

    // Five dialogues offline.
    await context.setOffline(true);
    const codes = ['CRASH-1', 'CRASH-2', 'CRASH-3', 'CRASH-4', 'CRASH-5'];
    for (const code of codes) {
      await list.create({ code, client: `goed ${code}`, worker: 'samen' });
    }
    const bar = new SyncBar(page);
    await expect(bar.delivery).toHaveText(/wijzigingen nog niet verzonden/);

    // The first push reaches the server, which stores it and then dies.
    let pushes = 0;
    let died;
    const dead = new Promise((resolve) => (died = resolve));
    await page.route('**/api/sync/push', async (route) => {
      pushes += 1;
      if (pushes > 1) return route.continue();
      const response = await route.fetch();
      expect(response.status()).toBe(200);
      await server.kill();
      await route.abort('connectionreset');
      died();
    });
    await context.setOffline(false);
    await dead;
    await expect(page.getByTestId('sync-problem')).toContainText('niet bereikbaar');
    await expect(bar.delivery).toHaveText(/wijzigingen nog niet verzonden/);

    // Started again: the batch is there, once.
    await server.start();
    const stored = await server.dialoguesOf('anna@noord.demo');
    expect(stored.map((d) => d.client_code).sort()).toEqual(codes);
    const versions = new Map(stored.map((d) => [d.id, d.version]));

    // The device sends it again; the server recognises it and stores nothing twice.
    await page.getByRole('button', { name: 'Nu verzenden' }).click();
    await expect(bar.delivery).toHaveText('Alles verzonden');
    expect(pushes).toBeGreaterThan(1);
    const after = await server.dialoguesOf('anna@noord.demo');
    expect(after.map((d) => d.client_code).sort()).toEqual(codes);
    for (const d of after) {
      expect(d.version, `${d.client_code} stored again`).toBe(versions.get(d.id));
      expect(d.client.good.keywords).toEqual([`goed ${d.client_code}`]);
    }
    for (const code of codes) await expect(list.item(code)).toContainText('Verzonden');
    expect(problems.filter((p) => !p.includes('Failed to load resource'))).toEqual([]);
    await context.close();
  } finally {
    await server.stop();
  }
});
