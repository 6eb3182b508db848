// Issue 18, item 7: a team speaks the Dutch of Flanders (nl-BE). The administrator makes the team
// Flemish; its worker then reads *toestel*, *Gom* and *wasco's*, and the client reads in client
// mode that sharing with the team is *gedeeld beroepsgeheim* — at 390×844, offline. When the
// administrator switches the team back, the worker's app reads it at its next start online.
const { test, expect, PIN } = require('./fixtures');
const { loggedIn, readyOffline, collectProblems, DialoguesPage, leaveClientMode, PASSWORD } = require('./pages');

const shot = (page, name) => page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });

test('a Flemish team reads toestel, Gom and wasco\'s, and its clients hear of gedeeld beroepsgeheim', async ({ browser }) => {
  const stamp = Date.now() % 100000;
  const teamName = `Wijkteam Gent ${stamp}`;
  const email = `lien${stamp}@gent.demo`;

  // The administrator: a Flemish team, and a worker in it.
  const { context: adminContext, page: admin } = await loggedIn(browser, 'beheer@werkzaam.demo');
  await expect(admin.getByRole('heading', { name: 'Beheer', exact: true })).toBeVisible();
  const teams = admin.getByTestId('admin-teams');
  await teams.getByLabel('Nieuw team').fill(teamName);
  await teams.getByLabel('Taal van het team').selectOption({ label: 'Vlaanderen (nl-BE)' });
  await teams.getByRole('button', { name: 'Team aanmaken' }).click();
  const row = admin.getByTestId('admin-team').filter({ hasText: teamName });
  await expect(row).toContainText('Vlaanderen (nl-BE)');
  const form = admin.getByTestId('admin-new-user');
  await form.getByLabel('Naam').fill('Lien');
  await form.getByLabel('E-mailadres').fill(email);
  await form.getByLabel('Team').selectOption({ label: teamName });
  await form.getByLabel('Eerste wachtwoord (minstens 8 tekens)').fill(PASSWORD);
  await form.getByRole('button', { name: 'Account aanmaken' }).click();
  await expect(admin.getByTestId('admin-message')).toContainText('Account voor Lien is aangemaakt');
  await shot(admin, '73-beheer-team-vlaanderen');

  // The worker, offline on a home visit.
  const { context, page } = await loggedIn(browser, email);
  const problems = collectProblems(page);
  const list = new DialoguesPage(page);
  await expect(list.heading).toBeVisible();
  await readyOffline(page);
  await context.setOffline(true);
  const editor = await list.start(`GENT-${stamp}`);
  const tips = page.getByTestId('guide');
  await tips.getByText('Tips voor deze stap').click();
  await expect(tips).toContainText("wasco's");
  await expect(page.getByTestId('paper')).toContainText("wasco's");
  await page.getByTestId('next-step').click();
  await expect(page.getByTestId('client-mode')).toHaveText('🤲 Toestel aan de cliënt geven');
  await (await editor.openPart('client-good')).getByTestId('draw-button').click();
  await expect(page.getByRole('button', { name: 'Gom' })).toBeVisible();
  await shot(page, '74-tekenen-gom');
  await page.getByRole('button', { name: 'Klaar' }).click();

  // Client mode: the consent question names gedeeld beroepsgeheim; the end says *toestel*.
  await page.getByTestId('client-mode').click();
  await expect(page.getByText('Hoe vind jij de hulp die je krijgt?')).toBeVisible();
  for (let i = 0; i < 4; i++) await page.getByTestId('client-next').click();
  const ask = page.getByTestId('client-consent');
  await expect(ask.getByRole('heading', { name: 'Mag het team meelezen?' })).toBeVisible();
  await expect(ask).toContainText('Dat heet gedeeld beroepsgeheim: wat je vertelt, blijft binnen het team.');
  await expect(page.getByTestId('save-state')).toHaveText('✓ Opgeslagen op dit toestel');
  await shot(page, '75-clientmodus-beroepsgeheim');
  await ask.getByRole('button', { name: 'Ja, dat mag' }).click();
  await page.getByTestId('client-next').click();
  await expect(page.getByText('Geef het toestel terug aan je hulpverlener.')).toBeVisible();
  await leaveClientMode(page, PIN);
  await expect(page.getByTestId('step-title')).toHaveText('Hoe ervaart de cliënt jouw begeleiding?');
  await context.setOffline(false);

  // The administrator switches the team to nl-NL: the worker's app reads it at its next start.
  await row.getByRole('button', { name: 'Wordt Nederland (nl-NL)' }).click();
  await expect(admin.getByTestId('admin-message')).toContainText(`${teamName} spreekt nu: Nederland (nl-NL).`);
  await expect(row).toContainText('Nederland (nl-NL)');
  await page.reload();
  await expect(page.getByTestId('client-mode')).toHaveText('🤲 Apparaat aan de cliënt geven');
  expect(problems).toEqual([]);
  await adminContext.close();
  await context.close();
});
