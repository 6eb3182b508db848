// Issue 4: two devices of one worker edit the same dialogue offline. When they come online the
// server merges them: different fields both arrive, the same field keeps both versions ("Er zijn
// twee versies") on both devices, a choice on one reaches the other.
const { test, expect } = require('./fixtures');
const { DialoguesPage, EditorPage, SyncBar, loggedIn, collectProblems } = require('./pages');

/** Opens the dialogue with client `code` from the list of clients. */
async function openDialogue(page, code) {
  const list = new DialoguesPage(page);
  await page.goto('/');
  await expect(list.item(code)).toBeVisible();
  await list.item(code).getByRole('link').click();
  await page.getByTestId('dialogue').getByRole('link', { name: 'Verder werken' }).click();
  const editor = new EditorPage(page);
  await expect(editor.root).toBeVisible();
  return editor;
}

async function syncNow(page) {
  await page.getByRole('button', { name: /Nu (synchroniseren|verzenden)/ }).click();
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden');
}

test('two devices edit one dialogue offline; the conflict shows on both and a choice converges', async ({ browser }) => {
  const code = `TWEE-${Date.now() % 100000}`;
  const { context: phone, page: phonePage } = await loggedIn(browser, 'anna@noord.demo');
  const { context: tablet, page: tabletPage } = await loggedIn(browser, 'anna@noord.demo');
  const problems = [...collectProblems(phonePage), ...collectProblems(tabletPage)];
  const phoneEditor = await new DialoguesPage(phonePage).start(code);
  await phoneEditor.openStep('Na het gesprek');
  await phonePage.locator('#reflection-learned').fill('eerst samen');
  await expect(phoneEditor.saveState).toHaveText(/Opgeslagen/);
  await syncNow(phonePage);

  // The tablet gets the dialogue, then both lose the connection.
  await tabletPage.reload();
  const tabletEditor = await openDialogue(tabletPage, code);
  await tabletEditor.openStep('Na het gesprek');
  await expect(tabletPage.locator('#reflection-learned')).toHaveValue('eerst samen');
  await phone.setOffline(true);
  await tablet.setOffline(true);

  // Offline, both change the reflection; each also changes something else.
  await phonePage.locator('#reflection-learned').fill('meer tijd nemen');
  await phoneEditor.addKeyword('client-good', 'rustig');
  await expect(phoneEditor.saveState).toHaveText(/Opgeslagen/);
  await phoneEditor.openStep('Na het gesprek');
  await tabletPage.locator('#reflection-learned').fill('vaker samen tekenen');
  await tabletEditor.openStep('Krachten');
  await tabletPage.locator('#strengths-work').fill('vrijwilligerswerk');
  await tabletPage.locator('#strengths-work').blur();
  await expect(tabletEditor.saveState).toHaveText(/Opgeslagen/);

  // Online again: the phone first, then the tablet, then the phone hears what the tablet sent.
  await phone.setOffline(false);
  await expect(new SyncBar(phonePage).delivery).toHaveText('Alles verzonden');
  await tablet.setOffline(false);
  await expect(new SyncBar(tabletPage).delivery).toHaveText('Alles verzonden');
  await syncNow(phonePage);

  for (const [page, editor] of [[phonePage, phoneEditor], [tabletPage, tabletEditor]]) {
    await editor.openStep('Na het gesprek');
    const conflicts = page.getByTestId('conflicts');
    await expect(conflicts).toBeVisible();
    await expect(conflicts.getByRole('heading', { name: 'Er zijn twee versies' })).toBeVisible();
    const versions = conflicts.getByTestId('conflict').filter({ hasText: 'Wat leer ik uit de dialoog' }).getByTestId('version');
    await expect(versions).toHaveCount(2);
    await expect(versions.nth(0)).toContainText('meer tijd nemen');
    await expect(versions.nth(1)).toContainText('vaker samen tekenen');
    // What did not conflict arrived on both.
    await editor.openStep('Krachten');
    await expect(page.locator('#strengths-work')).toHaveValue('vrijwilligerswerk');
    await expect(await editor.openPart('client-good')).toContainText('rustig');
  }
  await tabletPage.evaluate(() => window.scrollTo(0, 0));
  await tabletPage.screenshot({ path: 'test-results/conflict-tablet.png' });
  // The list says so too.
  await phonePage.getByRole('link', { name: 'Dialogen', exact: true }).click();
  await expect(new DialoguesPage(phonePage).item(code)).toContainText('Twee versies');

  // On the tablet the worker keeps the phone's version.
  await tabletPage
    .getByTestId('version')
    .filter({ hasText: 'meer tijd nemen' })
    .getByRole('button', { name: 'Deze houden' })
    .click();
  await expect(tabletPage.getByTestId('conflicts')).toHaveCount(0);
  await tabletEditor.openStep('Na het gesprek');
  await expect(tabletPage.locator('#reflection-learned')).toHaveValue('meer tijd nemen');
  await syncNow(tabletPage);

  // The phone converges on the same dialogue.
  await syncNow(phonePage);
  await expect(new DialoguesPage(phonePage).item(code)).toContainText('Verzonden');
  const phoneAgain = await openDialogue(phonePage, code);
  await expect(phonePage.getByTestId('conflicts')).toHaveCount(0);
  await phoneAgain.openStep('Na het gesprek');
  await expect(phonePage.locator('#reflection-learned')).toHaveValue('meer tijd nemen');
  await phoneAgain.openStep('Krachten');
  await expect(phonePage.locator('#strengths-work')).toHaveValue('vrijwilligerswerk');
  await expect(await phoneAgain.openPart('client-good')).toContainText('rustig');
  expect(problems).toEqual([]);
  await phone.close();
  await tablet.close();
});
