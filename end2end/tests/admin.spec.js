// Issue 7: the beheerder (administrator) — accounts and teams, disabling a user ends her
// sessions at once, the retention period, the whole access log downloads as CSV; and no client
// content anywhere.
const fs = require('fs');
const { test, expect } = require('./fixtures');
const { loggedIn, DialoguesPage, PASSWORD } = require('./pages');
const { PROTOCOL_VERSION, apiAs } = require('./server');

test('an administrator adds a worker, disables her, and downloads the access log', async ({ browser }) => {
  const { context, page } = await loggedIn(browser, 'beheer@werkzaam.demo');
  await expect(page.getByRole('heading', { name: 'Beheer', exact: true })).toBeVisible();
  await expect(page.getByTestId('admin-user').filter({ hasText: 'anna@noord.demo' })).toBeVisible();
  // No dialogues, no sync bar, no vault: nothing of clients on this device.
  await expect(page.getByRole('link', { name: 'Dialogen', exact: true })).toHaveCount(0);
  await expect(page.getByTestId('delivery')).toHaveCount(0);
  // Client content: an administrator gets none, with the key of her login or without it.
  const denied = await page.evaluate(async () => (await fetch('/api/team/dialogen')).status);
  expect(denied).toBe(401);
  const admin = await apiAs(new URL(page.url()).origin, 'beheer@werkzaam.demo', PASSWORD);
  expect((await admin.get('/api/team/dialogen')).status()).toBe(403);
  await admin.dispose();

  const email = `noor${Date.now() % 100000}@noord.demo`;
  const form = page.getByTestId('admin-new-user');
  await form.getByLabel('Naam').fill('Noor');
  await form.getByLabel('E-mailadres').fill(email);
  await form.getByLabel('Team').selectOption({ label: 'Wijkteam Noord' });
  await form.getByLabel('Eerste wachtwoord (minstens 8 tekens)').fill(PASSWORD);
  await form.getByRole('button', { name: 'Account aanmaken' }).click();
  await expect(page.getByTestId('admin-message')).toContainText('Account voor Noor is aangemaakt');
  await page.screenshot({ path: 'test-results/screens/48-beheer.png', fullPage: true });
  // An administrator holds no dialogues: *Foto van een blad* sends her back to *Beheer*.
  await page.goto('/blad');
  await expect(page).toHaveURL(/\/beheer$/);

  const { context: noorDevice, page: noor } = await loggedIn(browser, email);
  await expect(new DialoguesPage(noor).heading).toBeVisible();
  expect(await noor.evaluate(async () => (await fetch('/api/ik')).status)).toBe(200);

  await page.getByTestId('admin-user').filter({ hasText: email }).getByRole('button', { name: 'Uitschakelen' }).click();
  await expect(page.getByTestId('admin-message')).toHaveText('Noor is uitgeschakeld: alle sessies zijn beëindigd.');
  await expect(page.getByTestId('admin-user').filter({ hasText: email })).toContainText('uitgeschakeld');
  expect(await noor.evaluate(async () => (await fetch('/api/ik')).status)).toBe(401);

  // Issue 15: the team lead sees who was added to the team, and by whom.
  const { context: leadDevice, page: lead } = await loggedIn(browser, 'teamleider@noord.demo');
  await expect(lead.getByRole('heading', { name: 'Teamoverzicht' })).toBeVisible();
  const accounts = lead.getByTestId('account-changes');
  await accounts.getByText('Accounts in je team').click();
  await expect(accounts).toContainText('maakte een account voor Noor (medewerker)');
  await expect(accounts).toContainText('zette het account van Noor uit');
  await accounts.scrollIntoViewIfNeeded();
  await lead.screenshot({ path: 'test-results/screens/49-accounts-in-je-team.png', fullPage: true });
  await leadDevice.close();

  // The retention period: set after a confirmation, and what it erased is said.
  const retention = page.getByTestId('admin-retention');
  await retention.getByLabel('Dialogen bewaren').selectOption('20');
  await retention.getByRole('button', { name: 'Bewaartermijn instellen' }).click();
  await expect(retention.getByRole('alert')).toContainText('niet ongedaan');
  await retention.getByTestId('retention-confirm').click();
  await expect(page.getByTestId('admin-message')).toHaveText('Bewaartermijn: 20 jaar. Nu gewist: 0 dialogen.');
  await retention.getByLabel('Dialogen bewaren').selectOption('geen');
  await retention.getByRole('button', { name: 'Bewaartermijn instellen' }).click();
  await retention.getByTestId('retention-confirm').click();
  await expect(page.getByTestId('admin-message')).toHaveText('Geen bewaartermijn: er wordt niets automatisch gewist.');

  // A client's AVG request: inzage (everything of one code in a team) and erasure everywhere.
  const api = await apiAs(new URL(page.url()).origin, 'anna@noord.demo', PASSWORD);
  const code = `AVG-${Date.now() % 100000}`;
  const pushed = await api.post('/api/sync/push', { data: {
    protocol_version: PROTOCOL_VERSION, client_id: `anna-avg-${code}`,
    mutations: [{ id: 1, operation: { upsert_dialogue: { dialogue: {
      id: `dlg-${code}`, client_code: code, held_on: '2026-10-01', updated_at_ms: 1 } } } }],
  } });
  expect(pushed.status(), await pushed.text()).toBe(200);
  await api.dispose();
  const avg = page.getByTestId('admin-avg');
  await avg.getByLabel('Team').selectOption({ label: 'Wijkteam Noord' });
  await avg.getByLabel('Cliëntcode').fill(code);
  await avg.getByLabel('Kenmerk van het verzoek').fill('AVG-2026-17');
  const [inzage] = await Promise.all([page.waitForEvent('download'), avg.getByTestId('avg-inzage').click()]);
  const file = JSON.parse(fs.readFileSync(await inzage.path(), 'utf8'));
  expect(file.dialogues.map((d) => d.id)).toEqual([`dlg-${code}`]);
  expect(file.request).toBe('AVG-2026-17');
  await avg.getByRole('button', { name: 'Alles van deze cliënt wissen' }).click();
  await expect(avg.getByRole('alert')).toContainText(`Alles van cliënt ${code} wordt gewist`);
  await avg.getByTestId('avg-erase-confirm').click();
  await expect(page.getByTestId('admin-message')).toHaveText(/^Gewist: 1 dialoog op de server\.( \d+ (apparaat wist|apparaten wissen) het bij de volgende synchronisatie\.)?$/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('log-csv').click()]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('\uFEFF"tijd (UTC)";"gebruiker";"naam";"rol";"team";"handeling";"wat";"record";"cliëntcode";"namens"');
  await page.reload();
  await expect(page.getByTestId('log-entry').first()).toContainText('exporteren toegangslog');
  await noorDevice.close();
  await context.close();
});
