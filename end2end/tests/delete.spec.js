// Issue 4: a deleted dialogue disappears from every device of the worker; erasing a client (AVG)
// removes everything of that client from the server and from every device, which confirms.
const { test, expect } = require('./fixtures');
const { DialoguesPage, EditorPage, SyncBar, loggedIn, collectProblems, PASSWORD } = require('./pages');
const { apiAs } = require('./server');

async function syncNow(page) {
  await page.getByRole('button', { name: /Nu (synchroniseren|verzenden)/ }).click();
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden');
}

/**
 * What this device's IndexedDB holds of dialogue `id`: its row (or its place in a pack) and its
 * waiting changes (rows are encrypted; their ids are not), the packs whose ciphertext holds it,
 * and blobs in all.
 */
async function onDevice(page, id) {
  return page.evaluate(async (id) => {
    const me = await (await fetch('/api/ik')).json();
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open(`werkzaam-${me.user_id}`);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = (store) =>
      new Promise((resolve) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result);
      });
    // Its own row, or live in a pulled page's pack; and any pack whose ciphertext holds it.
    const dialogues = (await all('dialogues')).filter((d) => d.id === id).length
      + (await all('packs')).filter((p) => p.ids.includes(id)).length;
    const packed = (await all('pack_data')).filter((p) => p.all.includes(id)).length;
    const outbox = (await all('outbox')).filter((m) => m.rid === id);
    const blobs = (await all('blobs')).length;
    db.close();
    return { dialogues, packed, outbox: outbox.length, blobs };
  }, id);
}

test('a deleted dialogue disappears on the other device too', async ({ browser }) => {
  const { context: phone, page: phonePage } = await loggedIn(browser, 'anna@noord.demo');
  const { context: tablet, page: tabletPage } = await loggedIn(browser, 'anna@noord.demo');
  const problems = [...collectProblems(phonePage), ...collectProblems(tabletPage)];
  const list = new DialoguesPage(phonePage);
  const editor = await list.start('WEG-1');
  await editor.addKeyword('client-good', 'per ongeluk');
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  await syncNow(phonePage);
  await tabletPage.reload();
  await expect(new DialoguesPage(tabletPage).item('WEG-1')).toBeVisible();

  await editor.openStep('Voorbereiden');
  await phonePage.getByRole('button', { name: 'Dialoog verwijderen' }).click();
  await phonePage.getByRole('button', { name: 'Ja, verwijderen' }).click();
  await expect(phonePage.getByRole('heading', { name: 'Cliënt WEG-1' })).toBeVisible();
  await expect(phonePage.getByTestId('dialogue')).toHaveCount(0);
  await syncNow(phonePage);
  await phonePage.goto('/');
  await expect(list.item('WEG-1')).toHaveCount(0);

  await syncNow(tabletPage);
  await expect(new DialoguesPage(tabletPage).item('WEG-1')).toHaveCount(0);
  expect(problems).toEqual([]);
  await phone.close();
  await tablet.close();
});

test('erasing a client removes it from the server and from every device', async ({ browser }) => {
  const { context: phone, page: phonePage } = await loggedIn(browser, 'anna@noord.demo');
  const { context: tablet, page: tabletPage } = await loggedIn(browser, 'anna@noord.demo');
  const problems = [...collectProblems(phonePage), ...collectProblems(tabletPage)];
  const list = new DialoguesPage(phonePage);
  const editor = await list.start('WIS-AVG');
  await editor.addKeyword('client-good', 'vertrouwelijk');
  await editor.draw('client-good', 1);
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  const id = editor.id();
  await syncNow(phonePage);
  await tabletPage.reload();
  const onTablet = new DialoguesPage(tabletPage);
  await expect(onTablet.item('WIS-AVG')).toBeVisible();
  expect((await onDevice(tabletPage, id)).dialogues).toBe(1);
  // The tablet pulled it: it lives in a pack, whose ciphertext the erasure must rewrite.
  expect((await onDevice(tabletPage, id)).packed).toBe(1);
  const tabletBlobsBefore = (await onDevice(tabletPage, id)).blobs;

  // The phone erases the client: it must type the code first.
  await phonePage.goto('/client/WIS-AVG');
  const erase = phonePage.getByTestId('erase-client');
  await erase.getByRole('button', { name: 'Alles van deze cliënt wissen' }).click();
  const confirm = erase.getByRole('button', { name: 'Definitief wissen' });
  await expect(confirm).toBeDisabled();
  await erase.getByLabel(/Typ de cliëntcode/).fill('WIS-AVG');
  await phonePage.screenshot({ path: 'test-results/erase-confirm.png', fullPage: true });
  await confirm.click();
  // (Anna's devices of earlier tests count too: they have not synced since.)
  await expect(erase.getByRole('status')).toHaveText(
    /^Gewist: 1 dialoog op de server en 1 dialoog op dit apparaat\. Nog (1 ander apparaat wist|\d+ andere apparaten wissen) het zodra/,
  );
  await expect(phonePage.getByTestId('dialogue')).toHaveCount(0);
  expect(await onDevice(phonePage, id)).toEqual({ dialogues: 0, packed: 0, outbox: 0, blobs: 0 });

  // The tablet purges at its next sync, drawing and all, and confirms.
  await syncNow(tabletPage);
  await expect(onTablet.item('WIS-AVG')).toHaveCount(0);
  const after = await onDevice(tabletPage, id);
  expect(after.dialogues).toBe(0);
  expect(after.packed).toBe(0);
  expect(after.blobs).toBeLessThan(tabletBlobsBefore + 1);
  // The server holds nothing of the client any more: a second erasure finds nothing.
  const api = await apiAs(new URL(phonePage.url()).origin, 'anna@noord.demo', PASSWORD);
  const report = await (await api.post('/api/clienten/wissen', { data: { client_code: 'WIS-AVG' } })).json();
  await api.dispose();
  expect(report.dialogues).toBe(0);
  expect(problems).toEqual([]);
  await phone.close();
  await tablet.close();
});
