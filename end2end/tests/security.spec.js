// Issue 7 (first part): the Content-Security-Policy holds in the browser (no violation while the
// app starts, renders over the server's page, mounts offline and edits), and what a worker types shows as text.
const { test, expect } = require('./fixtures');
const { loggedIn, DialoguesPage, collectProblems } = require('./pages');

const WATCH = () => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
};

test('the app runs under the CSP without a violation, and a typed <script> stays text', async ({ browser }) => {
  const { context, page } = await loggedIn(browser, 'sem@zuid.demo');
  await expect(new DialoguesPage(page).heading).toBeVisible();
  await context.addInitScript(WATCH);
  const problems = collectProblems(page);
  const response = await page.goto('/');
  const csp = response.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');
  const list = new DialoguesPage(page);
  await expect(list.heading).toBeVisible();
  expect(await page.locator('script:not([src])').count()).toBe(0);

  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  const editor = await list.start('ZU-CSP');
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  await editor.addKeyword('client-good', 'veilig');
  await editor.part('client-good').getByLabel('Toelichting (mag kort)').fill(evil);
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  await page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  await list.item('ZU-CSP').getByRole('link').click();
  await page.getByTestId('history').getByRole('link').first().click();
  await expect(page.getByText(evil)).toBeVisible();
  expect(dialogs).toBe(0);

  // Offline: the shell mounts the app, under the same policy.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText(evil)).toBeVisible();
  await context.setOffline(false);

  expect(await page.evaluate(() => window.__violations)).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});

test('a worker sees who looked at her dialogue, ends another session and downloads an inzage', async ({ browser }) => {
  const fs = require('fs');
  const code = `ACC-${Date.now() % 100000}`;
  const { context: phone, page: anna } = await loggedIn(browser, 'anna@noord.demo');
  const list = new DialoguesPage(anna);
  await expect(list.heading).toBeVisible();
  await list.create({ code, client: 'rust', worker: 'luisteren', share: true });
  await anna.getByRole('button', { name: /Nu (synchroniseren|verzenden)/ }).click();
  await expect(anna.getByTestId('delivery')).toHaveText('Alles verzonden');
  // A second session of Anna (her laptop), and the team lead opens the shared dialogue.
  const { context: laptop, page: annaLaptop } = await loggedIn(browser, 'anna@noord.demo');
  await expect(new DialoguesPage(annaLaptop).heading).toBeVisible();
  const { context: tablet, page: lead } = await loggedIn(browser, 'teamleider@noord.demo');
  await expect(lead.getByRole('heading', { name: 'Teamoverzicht' })).toBeVisible();
  await lead.getByTestId('team-dialogue').filter({ hasText: code }).getByRole('link').click();
  await expect(lead.getByRole('heading', { name: `Cliënt ${code}` })).toBeVisible();

  await anna.getByTestId('who').click();
  await expect(anna.getByRole('heading', { name: 'Mijn account' })).toBeVisible();
  await expect(anna.getByTestId('access').filter({ hasText: code }).first()).toContainText('Tamara');
  // Earlier tests logged Anna in too: count what is there; the newest session is the laptop's.
  await expect(anna.getByTestId('session').filter({ hasText: 'dit apparaat' })).toHaveCount(1);
  const sessions = await anna.getByTestId('session').count();
  expect(sessions).toBeGreaterThanOrEqual(2);
  await anna.screenshot({ path: 'test-results/screens/40-mijn-account.png', fullPage: true });
  await anna.getByTestId('session').first().getByRole('button', { name: 'Beëindigen' }).click();
  await expect(anna.getByTestId('session')).toHaveCount(sessions - 1);
  const status = await annaLaptop.evaluate(async () => (await fetch('/api/ik')).status);
  expect(status).toBe(401);

  // A weak new password is refused with a reason.
  await anna.getByLabel('Huidig wachtwoord').fill('e2e-wachtwoord-123');
  await anna.getByLabel(/Nieuw wachtwoord/).fill('welkom123');
  await anna.getByRole('button', { name: 'Wijzigen' }).click();
  await expect(anna.getByRole('status').filter({ hasText: 'te makkelijk' })).toBeVisible();

  // Inzage: everything about the client in one file.
  await anna.goto(`/client/${code}`);
  const [file] = await Promise.all([anna.waitForEvent('download'), anna.getByTestId('inzage').click()]);
  expect(file.suggestedFilename()).toBe(`inzage-${code}.json`);
  const inzage = JSON.parse(fs.readFileSync(await file.path(), 'utf8'));
  expect(inzage.client_code).toBe(code);
  expect(inzage.dialogues).toHaveLength(1);
  expect(inzage.dialogues[0].client.good.keywords).toEqual(['rust']);
  expect(inzage.access.some((e) => e.what === 'dialoog' && e.action === 'bekijken')).toBe(true);
  await phone.close();
  await laptop.close();
  await tablet.close();
});

test('logging out wipes the device only when everything is delivered, and says so', async ({ browser }) => {
  const { context, page } = await loggedIn(browser, 'sem@zuid.demo');
  const list = new DialoguesPage(page);
  await expect(list.heading).toBeVisible();
  const me = await page.evaluate(async () => (await fetch('/api/ik')).json());
  const databases = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

  // Offline with a change waiting: logging out keeps it, and says so.
  await context.setOffline(true);
  await list.create({ code: `UIT-${Date.now() % 100000}`, client: 'rust', worker: 'plan' });
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await expect(page.getByTestId('logout-notice')).toContainText('Nog niet alles is verzonden');
  expect(await databases()).toContain(`werkzaam-${me.user_id}`);

  // Online again: log in, the change goes; logging out now wipes the device's copy.
  await context.setOffline(false);
  await page.getByLabel('E-mailadres').fill('sem@zuid.demo');
  await page.getByLabel('Wachtwoord').fill('e2e-wachtwoord-123');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByTestId('delivery')).toHaveText('Alles verzonden');
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await expect(page.getByTestId('logout-notice')).toContainText('je gegevens zijn van dit apparaat gewist');
  expect(await databases()).not.toContain(`werkzaam-${me.user_id}`);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('werkzaam.')))).toEqual([]);
  await page.screenshot({ path: 'test-results/screens/41-uitgelogd-gewist.png' });
  await context.close();
});
