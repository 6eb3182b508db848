// A sync cut halfway: the server stores the push but its answer never reaches the device.
// The device keeps the change as "nog niet verzonden", sends it again, and the server stores
// it once.
const { test, expect } = require('@playwright/test');
const { LoginPage, SyncBar, DialoguesPage, TeamPage, loggedIn } = require('./pages');

test('a push whose answer is lost is sent again and stored once', async ({ browser }) => {
  const { context: device, page } = await loggedIn(browser, 'bram@noord.demo');
  const dialogues = new DialoguesPage(page);
  const bar = new SyncBar(page);
  await expect(bar.delivery).toHaveText('Alles verzonden');

  let cuts = 0;
  await device.route('**/api/sync/push', async (route) => {
    if (cuts === 0) {
      cuts += 1;
      await route.fetch(); // the server receives and stores the push …
      await route.abort('connectionreset'); // … but the device never hears back
    } else {
      await route.continue();
    }
  });

  await dialogues.create({ code: 'NO-CUT-1', client: 'half verzonden', worker: 'opnieuw', share: true });
  await expect(page.getByTestId('sync-problem')).toContainText('niet bereikbaar');
  await expect(page.getByTestId('sync-problem').getByRole('link')).toHaveCount(0);
  await expect(bar.delivery).toHaveText(/wijziging(en)? nog niet verzonden/);
  await expect(dialogues.item('NO-CUT-1')).toContainText('Nog niet verzonden');
  expect(cuts).toBe(1);

  await page.getByRole('button', { name: 'Nu verzenden' }).click();
  await expect(bar.delivery).toHaveText('Alles verzonden');
  await expect(page.getByTestId('sync-problem')).toHaveCount(0);

  const { context: leadContext, page: leadPage } = await loggedIn(browser, 'teamleider@noord.demo');
  const team = new TeamPage(leadPage);
  await expect(team.heading).toBeVisible();
  await expect(team.items.filter({ hasText: 'NO-CUT-1' })).toHaveCount(1);
  await leadContext.close();
  await device.close();
});

test('when the session is gone the change waits, and goes after logging in again', async ({ browser }) => {
  const { context: device, page } = await loggedIn(browser, 'anna@noord.demo');
  const login = new LoginPage(page);
  const dialogues = new DialoguesPage(page);
  const bar = new SyncBar(page);
  await expect(bar.delivery).toHaveText('Alles verzonden');

  await device.clearCookies(); // the session ended (expired, or logged out elsewhere)
  await dialogues.create({ code: 'NO-SESSIE-1', client: 'wacht op inloggen', worker: 'bewaard' });
  const problem = page.getByTestId('sync-problem');
  await expect(problem).toContainText('Log opnieuw in');
  await expect(bar.delivery).toHaveText(/wijzigingen nog niet verzonden/);

  await problem.getByRole('link', { name: 'Opnieuw inloggen' }).click();
  await login.login('anna@noord.demo');
  await expect(dialogues.item('NO-SESSIE-1')).toContainText('Verzonden');
  await expect(bar.delivery).toHaveText('Alles verzonden');
  await device.close();
});
