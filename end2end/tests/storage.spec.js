// A full device: saving says so clearly, keeps what was typed, and stores nothing half.
const { test, expect } = require('@playwright/test');
const { LoginPage, SyncBar, DialoguesPage } = require('./pages');

test('a full device says so and saves nothing half', async ({ page, context, baseURL }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.login('sem@zuid.demo');
  const dialogues = new DialoguesPage(page);
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden');
  await context.setOffline(true);

  // Chromium lets a test shrink the origin's storage quota: below what is used, every write fails.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL).origin, quotaSize: 1 });

  await dialogues.create({ code: 'ZU-VOL', client: 'past niet meer', worker: 'geheugen vol' });
  await expect(dialogues.error).toContainText('NIET opgeslagen');
  await expect(dialogues.error).toContainText('Maak ruimte vrij');
  await page.screenshot({ path: 'test-results/screens/07-apparaat-vol.png' });
  await expect(dialogues.clientCode).toHaveValue('ZU-VOL');
  await expect(dialogues.clientKeywords).toHaveValue('past niet meer');
  await expect(dialogues.items).toHaveCount(0);
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden');

  // Room again: the same form saves.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL).origin });
  await dialogues.save.click();
  await expect(dialogues.item('ZU-VOL')).toContainText('Nog niet verzonden');
  await page.reload();
  await expect(dialogues.item('ZU-VOL')).toBeVisible();
  await expect(new SyncBar(page).delivery).toHaveText('1 wijziging nog niet verzonden');
});
