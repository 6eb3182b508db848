// Sync status people can trust (issue 4, part): when it last synced, a warning when changes
// waited for days, how much room is used, and two tabs of the app that do not get in each
// other's way.
const { test, expect } = require('./fixtures');
const { LoginPage, SyncBar, DialoguesPage, EditorPage, TeamPage, loggedIn, readyOffline, collectProblems, PASSWORD } = require('./pages');
const { apiAs } = require('./server');

test('the sync bar says when it last sent, and warns when changes waited three days', async ({ page, context }) => {
  await context.clock.install();
  const login = new LoginPage(page);
  await login.open();
  await login.login('bram@noord.demo');
  const dialogues = new DialoguesPage(page);
  const bar = new SyncBar(page);
  await expect(bar.delivery).toHaveText('Alles verzonden');
  await expect(page.getByTestId('last-sync')).toHaveText(/^bijgewerkt \d\d:\d\d$/);
  await expect(page.getByTestId('storage-info')).toContainText('gebruikt');

  await context.setOffline(true);
  await dialogues.create({ code: 'OUD-1', client: 'wacht lang', worker: 'geen netwerk' });
  await expect(page.getByTestId('last-sync')).toHaveCount(0);
  await expect(page.getByTestId('unsent-warning')).toHaveCount(0);

  // Four days later, still no connection.
  await page.clock.setSystemTime(Date.now() + 4 * 24 * 60 * 60 * 1000);
  await page.reload();
  await expect(page.getByTestId('unsent-warning')).toContainText('al 4 dagen wijzigingen');
  await page.screenshot({ path: 'test-results/screens/17-lang-niet-verzonden.png' });

  await context.setOffline(false);
  await expect(bar.delivery).toHaveText('Alles verzonden');
  await expect(page.getByTestId('unsent-warning')).toHaveCount(0);
  await expect(page.getByTestId('last-sync')).toBeVisible();
});

test('two tabs of one worker both get everything delivered once', async ({ browser }) => {
  const { context, page: first } = await loggedIn(browser, 'anna@noord.demo');
  // The first tab chose the PIN (a second tab opened before that waits for it: vault.spec).
  await expect(new DialoguesPage(first).heading).toBeVisible();
  const second = await context.newPage();
  await second.goto('/');
  const a = new DialoguesPage(first);
  const b = new DialoguesPage(second);
  await expect(b.heading).toBeVisible();
  // Both tabs have the whole app on the device before the connection goes.
  await readyOffline(first);
  await readyOffline(second);
  const problems = [...[first, second].map((p) => collectProblems(p))];
  await context.setOffline(true);
  await a.create({ code: 'TAB-A', client: 'eerste tab', worker: 'a', share: true });
  await b.create({ code: 'TAB-B', client: 'tweede tab', worker: 'b', share: true });
  // Each tab saves again after the other wrote: a save goes on from the numbers this tab saw
  // last, finds the other tab's, is undone and made again (issue 17) — nothing numbered twice.
  for (const [list, code, word] of [[a, 'TAB-A', 'weer in tab a'], [b, 'TAB-B', 'weer in tab b']]) {
    await list.item(code).getByRole('link').click();
    await list.page.getByRole('link', { name: 'Verder werken' }).click();
    const editor = new EditorPage(list.page);
    await editor.addKeyword('client-good', word);
    await expect(editor.saveState).toHaveText(/Opgeslagen/);
    await list.page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  }
  const ids = await first.evaluate(async () => {
    const dbs = (await indexedDB.databases()).filter((d) => d.name.startsWith('werkzaam'));
    const out = [];
    for (const { name } of dbs) {
      const db = await new Promise((ok, fail) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
      if (db.objectStoreNames.contains('outbox')) {
        out.push(...(await new Promise((ok) => { const r = db.transaction('outbox').objectStore('outbox').getAllKeys(); r.onsuccess = () => ok(r.result); })));
      }
      db.close();
    }
    return out;
  });
  // Every save of both tabs waits in the one outbox, numbered 1, 2, 3, … without a gap.
  expect(ids.length).toBeGreaterThanOrEqual(8);
  expect(ids).toEqual(ids.map((_, i) => ids[0] + i));
  await context.setOffline(false);
  for (const page of [first, second]) {
    await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden', { timeout: 30_000 });
    await expect(page.getByTestId('sync-problem')).toHaveCount(0);
  }
  const { context: leadContext, page: leadPage } = await loggedIn(browser, 'teamleider@noord.demo');
  const team = new TeamPage(leadPage);
  await expect(team.items.filter({ hasText: 'TAB-A' })).toHaveCount(1);
  await expect(team.items.filter({ hasText: 'TAB-B' })).toHaveCount(1);
  // The saves made again after the other tab's arrived too.
  const api = await apiAs(new URL(leadPage.url()).origin, 'teamleider@noord.demo', PASSWORD);
  const overview = await (await api.get('/api/team/dialogen')).json();
  const keywords = (code) => overview.dialogues.find((d) => d.dialogue.client_code === code).dialogue.client.good.keywords;
  expect(keywords('TAB-A')).toEqual(['eerste tab', 'weer in tab a']);
  expect(keywords('TAB-B')).toEqual(['tweede tab', 'weer in tab b']);
  await api.dispose();
  expect(problems.flat()).toEqual([]);
  await leadContext.close();
  await context.close();
});

test('a dialogue made on one device of a worker reaches her other device', async ({ browser }) => {
  const { context: phone, page: phonePage } = await loggedIn(browser, 'anna@noord.demo');
  const { context: tablet, page: tabletPage } = await loggedIn(browser, 'anna@noord.demo');
  const editor = await new DialoguesPage(phonePage).start('TWEE-TOESTEL');
  await editor.addKeyword('client-good', 'op de telefoon');
  await editor.draw('client-good', 1);
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  await expect(new SyncBar(phonePage).delivery).toHaveText('Alles verzonden');

  // The tablet pulls when it syncs (here: on start).
  await tabletPage.reload();
  const onTablet = new DialoguesPage(tabletPage);
  await expect(onTablet.item('TWEE-TOESTEL')).toContainText('Verzonden');
  await onTablet.item('TWEE-TOESTEL').getByRole('link').click();
  await expect(tabletPage.getByTestId('dialogue')).toContainText('op de telefoon');
  // The drawing comes from the server once and is kept on the tablet.
  await tabletPage.getByRole('link', { name: 'Bekijken' }).click();
  const drawing = tabletPage.getByTestId('side-by-side').locator('[data-testid=thumb-drawing] svg path');
  await expect(drawing).toHaveCount(1);
  // And it is on the tablet itself: it opens offline too, drawing and all.
  await tablet.setOffline(true);
  await tabletPage.reload();
  await expect(tabletPage.getByTestId('side-by-side')).toContainText('op de telefoon');
  await expect(drawing).toHaveCount(1);
  await phone.close();
  await tablet.close();
});
