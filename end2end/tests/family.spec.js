// Issue 18, item 7: a family dialogue on a phone, offline. Besides the client an ouder and a kind
// answer the client's question, each in their own words or drawings — in the editor (*Wie is
// aan het woord?*) and in client mode (*Hoe vind jij de hulp die jullie krijgen?*). Kept after
// an offline reload, never taken away by accident, synced, and shown to the team lead as far as
// the consent goes.
const { test, expect, PIN } = require('./fixtures');
const { SyncBar, DialoguesPage, collectProblems, loggedIn, leaveClientMode, drawOnSheet } = require('./pages');

const shot = (page, name) => page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });

test('a family dialogue: an ouder and a kind answer the client’s question offline, in the editor and in client mode, and the lead sees it shared', async ({ browser }) => {
  test.setTimeout(180_000);
  const code = `GEZIN-${Date.now() % 100000}`;
  const { context, page } = await loggedIn(browser, 'anna@noord.demo');
  const problems = collectProblems(page);
  const bar = new SyncBar(page);
  await expect(bar.delivery).toHaveText('Alles verzonden');
  await context.setOffline(true);

  // Voorbereiden: who takes part — no names, a relation.
  await page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  const editor = await new DialoguesPage(page).start(code, '', '2026-10-05');
  const others = page.getByTestId('others');
  await expect(others.getByRole('heading', { name: 'Wie praten er mee?' })).toBeVisible();
  await others.getByTestId('add-parent').click();
  await others.getByTestId('add-child').click();
  await expect(others.getByTestId('other')).toHaveText(['OuderWeghalen', 'KindWeghalen']);
  await others.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 120));
  await page.screenshot({ path: 'test-results/screens/79-gezin-wie-praten-mee.png' });

  // The client's question: the client answers, then the kind, with a drawing.
  await editor.openStep('Cliënt');
  const speakers = page.getByTestId('speakers');
  await expect(speakers.getByRole('button', { name: 'Cliënt' })).toHaveAttribute('aria-pressed', 'true');
  await editor.addKeyword('client-good', 'luistert goed');
  await speakers.getByRole('button', { name: 'Kind' }).click();
  await expect(page.getByText('Kind antwoordt op dezelfde vraag')).toBeVisible();
  await expect(editor.part('client-good')).toHaveCount(0);
  const kid = editor.part('other2-good');
  await kid.getByTestId('keyword-input').fill('voetbal');
  await kid.getByTestId('keyword-input').press('Enter');
  await kid.getByTestId('draw-button').click();
  await drawOnSheet(page, 2);
  await expect(kid.locator('[data-testid=thumb-drawing] svg path')).toHaveCount(2);
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  await speakers.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 170));
  await page.screenshot({ path: 'test-results/screens/80-gezin-kind-aan-het-woord.png' });

  // Client mode: the ouder answers the same question about the help the family gets.
  await page.getByTestId('client-mode').click();
  await expect(page.getByTestId('client-question')).toHaveText('Hoe vind jij de hulp die je krijgt?');
  await page.getByTestId('speakers').getByRole('button', { name: 'Ouder' }).click();
  await expect(page.getByTestId('client-question')).toHaveText('Hoe vind jij de hulp die jullie krijgen?');
  await page.evaluate(() => {
    window.spoken = [];
    window.speechSynthesis.speak = (u) => window.spoken.push(u.text);
  });
  await page.getByTestId('read-aloud').click();
  expect(await page.evaluate(() => window.spoken)).toEqual(['Hoe vind jij de hulp die jullie krijgen? Wat gaat goed?']);
  const parent = page.getByTestId('part-other1-good');
  await parent.getByTestId('keyword-input').fill('eerlijk');
  await parent.getByTestId('keyword-input').press('Enter');
  await expect(parent.getByTestId('chip')).toHaveText(['eerlijk×']);
  await page.getByTestId('client-next').click();
  // The next question keeps who is speaking.
  await expect(page.getByTestId('speakers').getByRole('button', { name: 'Ouder' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('part-other1-better').getByTestId('keyword-input').fill('vaker samen praten');
  await page.getByTestId('part-other1-better').getByTestId('keyword-input').press('Enter');
  await shot(page, '81-gezin-clientmodus-ouder');
  // The scales are the client's own: no one else is asked there.
  await page.getByTestId('client-next').click();
  await expect(page.getByTestId('speakers')).toHaveCount(0);
  await expect(page.getByTestId('client-question')).toHaveText('Hoe vind jij de hulp die je krijgt?');
  await leaveClientMode(page, PIN);
  await expect(page.getByTestId('step-title')).toHaveText('Hoe ervaart de cliënt jouw begeleiding?');

  // Taking the kind away asks first: what the kind drew would go too.
  await editor.openStep('Voorbereiden');
  await others.getByRole('button', { name: 'Kind weghalen' }).click();
  await expect(page.getByTestId('remove-other')).toContainText('Wat Kind vertelde en tekende, gaat dan ook weg.');
  await page.getByRole('button', { name: 'Nee, bewaren' }).click();
  await expect(others.getByTestId('other')).toHaveCount(2);

  // An agreement from the ouder's *wat kan beter*; sharing answers and drawings.
  await editor.openStep('Afspraken');
  await expect(page.getByRole('button', { name: /vaker samen praten/ })).toBeVisible();
  await editor.share({ answers: true, media: true });
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  const id = editor.id();

  // Kept on the device: the overview after an offline reload shows everyone's answers.
  await page.goto(`/dialoog/${id}/overzicht`);
  await page.reload();
  const view = page.getByTestId('side-by-side');
  await expect(view.getByTestId('other-view')).toHaveText(['Ouder', 'Kind']);
  await expect(view).toContainText('eerlijk');
  await expect(view).toContainText('vaker samen praten');
  await expect(view).toContainText('voetbal');
  await shot(page, '82-gezin-overzicht');

  // Online: everything goes; the lead reads it as shared, the kind's drawing too.
  await context.setOffline(false);
  await page.getByRole('button', { name: /Nu (synchroniseren|verzenden)/ }).click();
  await expect(bar.delivery).toHaveText('Alles verzonden');
  const { context: laptop, page: lead } = await loggedIn(browser, 'teamleider@noord.demo');
  await expect(lead.getByRole('heading', { name: 'Teamoverzicht' })).toBeVisible();
  await lead.goto(`/team/dialoog/${id}`);
  const shared = lead.getByTestId('side-by-side');
  await expect(shared.getByTestId('other-view')).toHaveText(['Ouder', 'Kind']);
  await expect(shared).toContainText('eerlijk');
  await expect(shared.locator('[data-testid=thumb-drawing] svg path')).toHaveCount(2);
  await shot(lead, '83-gezin-teamleider');

  expect(problems).toEqual([]);
  await context.close();
  await laptop.close();
});
