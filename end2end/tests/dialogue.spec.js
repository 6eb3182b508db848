// Issue 3, end to end: the whole werkalliantie-dialoog held on a phone with no connection from
// start to end: keywords in all four parts, drawings in two, a photo, client mode and back,
// a strength and a reflection; everything survives a reload offline; online it syncs; the team
// lead sees it only after consent, and only the parts consent covers.
const { test, expect, PIN } = require('./fixtures');
const { LoginPage, SyncBar, DialoguesPage, EditorPage, TeamPage, collectProblems, loggedIn, leaveClientMode } = require('./pages');
const { makePhoto } = require('./photo');

const shot = (page, name) => page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });

test('a whole dialogue offline, with drawings, a photo and client mode, reaches the team lead only with consent', async ({ browser }) => {
  const device = await browser.newContext();
  const page = await device.newPage();
  const errors = collectProblems(page);
  const login = new LoginPage(page);
  await login.open();
  await login.login('anna@noord.demo');
  const dialogues = new DialoguesPage(page);
  const bar = new SyncBar(page);
  await expect(bar.delivery).toHaveText('Alles verzonden');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));

  // From here on there is no connection.
  await device.setOffline(true);
  await page.reload();
  await expect(bar.connection).toHaveText('Offline');
  const editor = await dialogues.start('WT-2026-031');
  // Typed letter by letter, spaces and all.
  await page.getByLabel('Geheugensteun (geen naam)').pressSequentially('mevrouw met de kat');
  const dialogueUrl = page.url();
  const id = dialogueUrl.split('/dialoog/')[1];

  await editor.addKeyword('client-good', 'luistert, komt op tijd');
  await editor.addKeyword('client-better', 'vaker bellen');
  await editor.addKeyword('worker-good', 'open gesprek');
  await editor.addKeyword('worker-better', 'doelen scherper');
  await expect((await editor.openPart('client-good')).getByTestId('chip')).toHaveText(['luistert×', 'komt op tijd×']);
  // A chip can be removed again.
  await editor.addKeyword('worker-better', 'weg ermee');
  await editor.part('worker-better').getByRole('button', { name: 'Verwijder weg ermee' }).click();
  await expect(editor.part('worker-better').getByTestId('chip')).toHaveText(['doelen scherper×']);

  await editor.draw('client-good', 2);
  await editor.draw('worker-better', 1);
  await expect((await editor.openPart('client-good')).locator('[data-testid=thumb-drawing] svg path')).toHaveCount(2);
  await expect((await editor.openPart('worker-better')).locator('[data-testid=thumb-drawing] svg path')).toHaveCount(1);
  // Going on with a drawing adds to it.
  await editor.part('worker-better').getByRole('button', { name: 'Verder tekenen' }).click();
  await expect(page.getByTestId('pad-sheet').locator('path')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Ongedaan maken' })).toBeDisabled();
  await page.screenshot({ path: 'test-results/screens/15-tekenen.png' });
  // Turned sideways the sheet still fits, tools and all.
  await page.setViewportSize({ width: 844, height: 390 });
  await expect(page.getByTestId('pad-done')).toBeInViewport();
  await page.screenshot({ path: 'test-results/screens/16-tekenen-liggend.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('pad-done').click();

  await (await editor.openPart('client-better')).getByTestId('photo-input').setInputFiles(await makePhoto(page, 2400, 1800));
  const photo = editor.part('client-better').getByTestId('thumb-photo');
  await expect(photo).toBeVisible();
  // Downscaled on the device: the longest side is at most 1600 px.
  await expect.poll(() => photo.evaluate((img) => Math.max(img.naturalWidth, img.naturalHeight))).toBe(1600);
  await shot(page, '10-dialoog-bewerken');

  // The client takes the phone: one question at a time, no menus.
  await page.getByTestId('client-mode').click();
  await expect(page).toHaveURL(new RegExp(`/dialoog/${id}/client$`));
  await expect(page.getByRole('link', { name: 'Dialogen', exact: true })).toHaveCount(0);
  await expect(page.getByTestId('connection')).toHaveCount(0);
  await page.getByRole('button', { name: 'fijn' }).click();
  await expect(page.getByTestId('chip')).toHaveText(['luistert×', 'komt op tijd×', 'fijn×']);
  await shot(page, '11-clientmodus');
  // No way out by address or reload.
  await page.goto('/');
  await expect(page).toHaveURL(new RegExp(`/dialoog/${id}/client$`));
  await expect(page.getByTestId('client-mode-screen')).toBeVisible();
  await page.getByTestId('client-next').click();
  await expect(page.getByRole('heading', { name: '🔧 Wat kan beter?' })).toBeVisible();
  // Back to the worker: hold the button, then the PIN (a wrong one is refused).
  await leaveClientMode(page, '111111');
  await expect(page.getByRole('alert')).toHaveText('Deze pincode klopt niet. Je kunt het nog 9 keer proberen.');
  await page.getByLabel('Pincode van de hulpverlener').fill(PIN);
  await page.getByRole('button', { name: 'Terug naar mijn scherm' }).click();
  await expect(editor.root).toBeVisible();
  // Back on the client's step, where the worker sees what the client added.
  await expect(page).toHaveURL(`${dialogueUrl}?stap=client`);

  await editor.openStep('Krachten');
  await page.getByLabel('Sociale contacten en zingeving').fill('zus komt elke week');
  await editor.openStep('Na het gesprek');
  // The reflection is what the team may read: a name in it is pointed out while typing.
  const learned = page.getByLabel('Wat leer ik uit de dialoog met de cliënt?');
  await learned.fill('Mevrouw Jansen tekent liever');
  await expect(page.getByTestId('privacy-warning')).toContainText('Jansen');
  await page.screenshot({ path: 'test-results/screens/99-reflectie-naam.png' });
  await learned.fill('meer ruimte laten voor tekenen');
  await expect(page.getByTestId('privacy-warning')).toHaveCount(0);
  await page.getByLabel('Wat leer ik uit de dialoog met de cliënt?').blur();
  await expect(editor.saveState).toHaveText('✓ Opgeslagen op dit apparaat');
  await expect(bar.delivery).toContainText('nog niet verzonden');

  // Reload offline: all of it is there, the drawings render.
  await page.reload();
  await expect(editor.root).toBeVisible();
  // The reload opens the step the worker was on.
  await expect(page.getByLabel('Wat leer ik uit de dialoog met de cliënt?')).toHaveValue('meer ruimte laten voor tekenen');
  await expect((await editor.openPart('client-good')).getByTestId('chip')).toHaveText(['luistert×', 'komt op tijd×', 'fijn×']);
  await expect(editor.part('client-better').getByTestId('chip')).toHaveText(['vaker bellen×']);
  await expect(editor.part('client-good').locator('[data-testid=thumb-drawing] svg path')).toHaveCount(2);
  await expect(editor.part('client-better').getByTestId('thumb-photo')).toBeVisible();
  await expect((await editor.openPart('worker-good')).getByTestId('chip')).toHaveText(['open gesprek×']);
  await expect(editor.part('worker-better').getByTestId('chip')).toHaveText(['doelen scherper×']);
  await expect(editor.part('worker-better').locator('[data-testid=thumb-drawing] svg path')).toHaveCount(1);
  await editor.openStep('Krachten');
  await expect(page.getByLabel('Sociale contacten en zingeving')).toHaveValue('zus komt elke week');
  await editor.openStep('Voorbereiden');
  await expect(page.getByLabel('Geheugensteun (geen naam)')).toHaveValue('mevrouw met de kat');

  // The client's history and the two perspectives side by side.
  await page.goto(`/dialoog/${id}/overzicht`);
  const sideBySide = page.getByTestId('side-by-side');
  await expect(sideBySide).toContainText('vaker bellen');
  await expect(sideBySide.locator('[data-testid=thumb-drawing]')).toHaveCount(2);
  await shot(page, '12-naast-elkaar');

  // Online: everything goes, attachments too.
  await device.setOffline(false);
  await expect(bar.connection).toHaveText('Online');
  await expect(bar.delivery).toHaveText('Alles verzonden', { timeout: 30_000 });

  // No consent yet: the team lead sees nothing, and asking directly is refused.
  const { context: leadContext, page: leadPage } = await loggedIn(browser, 'teamleider@noord.demo');
  const team = new TeamPage(leadPage);
  await expect(team.heading).toBeVisible();
  await expect(leadPage.getByText('nog geen gedeelde dialogen')).toBeVisible();
  await leadPage.goto(`/team/dialoog/${id}`);
  await expect(leadPage.getByRole('alert')).toContainText('geen toestemming');

  // The client agrees to share the answers and the drawings, not the reflection.
  await page.goto(dialogueUrl);
  await expect(editor.root).toBeVisible();
  await editor.share({ answers: true, media: true, reflection: false });
  await expect(page.getByTestId('consent-summary')).toContainText('Het team ziet de antwoorden, de tekeningen en foto\'s');
  await shot(page, '13-toestemming');
  await expect(bar.delivery).toHaveText('Alles verzonden', { timeout: 30_000 });

  await team.open();
  const item = team.items.filter({ hasText: 'WT-2026-031' });
  await expect(item).toBeVisible();
  await expect(item).toContainText('Anna');
  await item.getByRole('link').click();
  const shared = leadPage.getByTestId('side-by-side');
  await expect(shared).toContainText('vaker bellen');
  await expect(shared).toContainText('doelen scherper');
  await expect(shared.locator('[data-testid=thumb-drawing] svg path')).toHaveCount(3);
  await expect(shared.getByTestId('thumb-photo')).toBeVisible();
  await expect(leadPage.getByTestId('strengths')).toContainText('zus komt elke week');
  await expect(leadPage.getByText('meer ruimte laten voor tekenen')).toHaveCount(0);
  await expect(leadPage.getByText('mevrouw met de kat')).toHaveCount(0);
  await shot(leadPage, '14-team-gedeelde-dialoog');
  await leadContext.close();
  expect(errors).toEqual([]);
  await device.close();
});

// Issue 20, item 2: a long unbroken word (an address, a keyword without spaces) wraps on a
// 390 px phone wherever a dialogue shows it — to the worker and to the team lead.
test('a long unbroken word wraps in the dialogue, the client page and the team lead\'s view', async ({ browser }) => {
  const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const code = `LANG-${Date.now() % 100000}`;
  const long = `woordzonderspaties${'heellangwoord'.repeat(6)}`;
  const { context, page } = await loggedIn(browser, 'anna@noord.demo');
  const list = new DialoguesPage(page);
  const editor = await list.start(code);
  // Issue 20: the keyword field's hint fits on a phone (it was cut off).
  const fits = await (await editor.openPart('client-good')).getByTestId('keyword-input').evaluate((input) => {
    const style = getComputedStyle(input);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return ctx.measureText(input.placeholder).width <= room;
  });
  expect(fits).toBe(true);
  await editor.addKeyword('client-good', long);
  await (await editor.openPart('client-good')).getByLabel('Toelichting (mag kort)').fill(`Zie ${long}`);
  await editor.share();
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  await expect(list.item(code)).toBeVisible();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await list.item(code).getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: `Cliënt ${code}` })).toBeVisible();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.getByRole('button', { name: /Nu (synchroniseren|verzenden)/ }).click();
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden');
  const { context: leadContext, page: lead } = await loggedIn(browser, 'teamleider@noord.demo');
  const team = new TeamPage(lead);
  await expect(team.heading).toBeVisible();
  await team.items.filter({ hasText: code }).getByRole('link').first().click();
  await expect(lead.getByText(long).first()).toBeVisible();
  expect(await overflow(lead)).toBeLessThanOrEqual(0);
  await shot(lead, '35-lang-woord-teamleider');
  await leadContext.close();
  await context.close();
});
