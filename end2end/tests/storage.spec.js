// A full device: saving says so clearly, keeps what was typed, and stores nothing half.
const { test, expect } = require('./fixtures');
const { LoginPage, SyncBar, DialoguesPage, EditorPage } = require('./pages');
const { makePhoto } = require('./photo');

// Writes are made to fail the way a full disk fails them: IndexedDB throws a QuotaExceededError
// DOMException while `window.__diskFull` is set.
const DISK_FULL = () => {
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    if (window.__diskFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  };
};

test('a full device says so and saves nothing half', async ({ page, context }) => {
  await context.addInitScript(DISK_FULL);
  const login = new LoginPage(page);
  await login.open();
  await login.login('sem@zuid.demo');
  const dialogues = new DialoguesPage(page);
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden');
  await context.setOffline(true);

  // Full from here on: every write fails the way a full disk fails it. (Chromium's quota
  // override no longer bites here: the vault was written when the PIN was chosen.)
  await page.evaluate(() => { window.__diskFull = true; });

  await dialogues.newButton.click();
  await dialogues.clientCode.fill('ZU-VOL');
  await dialogues.begin.click();
  await expect(dialogues.error).toContainText('NIET opgeslagen');
  await expect(dialogues.error).toContainText('Maak ruimte vrij');
  await page.screenshot({ path: 'test-results/screens/07-apparaat-vol.png' });
  await expect(dialogues.clientCode).toHaveValue('ZU-VOL');
  await expect(dialogues.item('ZU-VOL')).toHaveCount(0);
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden');

  // Room again: the same form saves and opens the dialogue.
  await page.evaluate(() => { window.__diskFull = false; });
  await dialogues.begin.click();
  const editor = new EditorPage(page);
  await expect(editor.root).toBeVisible();
  await editor.addKeyword('client-good', 'rustig');
  await expect(editor.saveState).toHaveText(/Opgeslagen/);

  // Full again while a photo is added: a clear message, and the photo is not half in the dialogue.
  const photo = await makePhoto(page, 1200, 900);
  await page.evaluate(() => { window.__diskFull = true; });
  await editor.part('client-better').getByTestId('photo-input').setInputFiles(photo);
  await expect(editor.part('client-better').getByRole('alert')).toContainText('NIET opgeslagen');
  await expect(editor.part('client-better').getByTestId('media-item')).toHaveCount(0);
  await expect(editor.saveState).toContainText('NIET opgeslagen');
  await page.screenshot({ path: 'test-results/screens/09-foto-apparaat-vol.png' });
  await page.evaluate(() => { window.__diskFull = false; });

  await page.reload();
  await expect(editor.part('client-good').getByTestId('chip')).toHaveText(['rustig×']);
  await expect(editor.part('client-better').getByTestId('media-item')).toHaveCount(0);
  await page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  await expect(dialogues.item('ZU-VOL')).toContainText('Nog niet verzonden');
});
