// The walking skeleton, end to end: log in online, work offline (also across reloads),
// come back online, and the team lead sees the dialogue; another team's lead does not.
const { test, expect } = require('./fixtures');
const { LoginPage, SyncBar, DialoguesPage, TeamPage, collectProblems, loggedIn } = require('./pages');

test('a dialogue made offline survives reloads, syncs when online and reaches the team lead', async ({ browser }) => {
  const device = await browser.newContext();
  const page = await device.newPage();
  const errors = collectProblems(page, { warnings: true });

  const login = new LoginPage(page);
  await login.open();
  await login.login('anna@noord.demo');
  const dialogues = new DialoguesPage(page);
  const bar = new SyncBar(page);
  await expect(dialogues.heading).toBeVisible();
  await expect(bar.connection).toHaveText('Online');
  await expect(bar.delivery).toHaveText('Alles verzonden');
  // The service worker is installed (it precaches the shell and this build's files).
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));

  await device.setOffline(true);
  await page.reload();
  await expect(dialogues.heading).toBeVisible();
  await expect(bar.connection).toHaveText('Offline');

  await dialogues.create({ code: 'WT-2026-014', client: 'luistert, komt op tijd', worker: 'open gesprek', share: true });
  await expect(dialogues.item('WT-2026-014')).toBeVisible();
  await expect(dialogues.item('WT-2026-014')).toContainText('Nog niet verzonden');
  await expect(bar.delivery).toHaveText(/wijzigingen nog niet verzonden/);

  await page.reload();
  await expect(dialogues.item('WT-2026-014')).toBeVisible();
  await dialogues.item('WT-2026-014').getByRole('link').click();
  await expect(page.getByTestId('dialogue')).toContainText('luistert, komt op tijd');
  await expect(bar.delivery).toHaveText(/wijzigingen nog niet verzonden/);

  // Every route starts offline (the service worker answers with the shell, which mounts the app).
  await page.goto('/team');
  await expect(page.getByRole('heading', { name: 'Teamoverzicht' })).toBeVisible();
  await page.goto('/inloggen');
  await expect(page.getByText('Je bent offline. Inloggen kan alleen met internet.')).toBeVisible();
  await page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  await expect(dialogues.item('WT-2026-014')).toBeVisible();

  await device.setOffline(false);
  await expect(bar.connection).toHaveText('Online');
  await expect(bar.delivery).toHaveText('Alles verzonden');
  await expect(dialogues.item('WT-2026-014')).toContainText('Verzonden');
  expect(errors).toEqual([]);

  const { context: leadContext, page: leadPage } = await loggedIn(browser, 'teamleider@noord.demo');
  const team = new TeamPage(leadPage);
  await expect(team.heading).toBeVisible();
  const item = team.items.filter({ hasText: 'WT-2026-014' });
  await expect(item).toBeVisible();
  await expect(item).toContainText('Anna');
  await item.getByRole('link').click();
  await expect(leadPage.getByTestId('side-by-side')).toContainText('luistert');
  await expect(leadPage.getByTestId('side-by-side')).toContainText('komt op tijd');
  await expect(leadPage.getByTestId('side-by-side')).toContainText('open gesprek');
  await leadContext.close();

  const { context: otherContext, page: otherPage } = await loggedIn(browser, 'teamleider@zuid.demo');
  const otherTeam = new TeamPage(otherPage);
  await expect(otherTeam.heading).toBeVisible();
  await expect(otherPage.getByText('nog geen gedeelde dialogen')).toBeVisible();
  await expect(otherTeam.items).toHaveCount(0);
  await otherContext.close();
  await device.close();
});

test('a form without client code says what is missing and stores nothing', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.login('bram@noord.demo');
  const dialogues = new DialoguesPage(page);
  await expect(dialogues.heading).toBeVisible();
  await dialogues.newButton.click();
  await dialogues.nickname.fill('iets');
  await dialogues.begin.click();
  await expect(dialogues.error).toHaveText('Vul een cliëntcode in.');
  await expect(dialogues.nickname).toHaveValue('iets');
  await expect(dialogues.items).toHaveCount(0);
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden');
});

test('a wrong password gets a clear message and no access', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.login('anna@noord.demo', 'verkeerd');
  await expect(login.error).toHaveText('Het e-mailadres of het wachtwoord klopt niet.');
  await page.goto('/');
  await expect(page).toHaveURL(/\/inloggen$/);
});

test('a worker is not shown the team overview', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.login('bram@noord.demo');
  await expect(new DialoguesPage(page).heading).toBeVisible();
  await expect(page.getByRole('link', { name: 'Team' })).toHaveCount(0);
  await page.goto('/team');
  await expect(page.getByText('Het teamoverzicht is alleen voor teamleiders.')).toBeVisible();
});

test('Chromium finds the app installable', async ({ page, context }) => {
  await page.goto('/inloggen');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  // Manifest, icons and service worker pass; a test context is always incognito, which is the
  // one reason Chromium may give.
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
});
