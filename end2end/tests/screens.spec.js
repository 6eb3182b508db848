// Every screen at 390×844, saved as PNG under test-results/screens/ to look at, with what each
// screen must show. (The dialogue's own screens are shot in dialogue.spec.js.)
const { test, expect } = require('./fixtures');
const { LoginPage, DialoguesPage, EditorPage, TeamPage, loggedIn } = require('./pages');

const shot = (page, name) => page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });

test('screens of a worker and a team lead', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.open();
  await expect(login.submit).toBeEnabled();
  await shot(page, '01-inloggen');

  await login.login('sem@zuid.demo');
  const dialogues = new DialoguesPage(page);
  await expect(page.getByTestId('empty')).toBeVisible();
  await shot(page, '02-dialogen-leeg');

  await dialogues.newButton.click();
  await dialogues.clientCode.fill('ZU-0042');
  await dialogues.nickname.fill('meneer met de fiets');
  await shot(page, '03-nieuwe-dialoog');

  await context.setOffline(true);
  await dialogues.begin.click();
  const editor = new EditorPage(page);
  await expect(editor.root).toBeVisible();
  await shot(page, '09-dialoog-voorbereiden');
  await editor.addKeyword('client-good', 'voelt zich gehoord');
  await editor.share();
  await expect(page.getByTestId('save-state')).toHaveText(/Opgeslagen/);
  await page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  await expect(dialogues.item('ZU-0042')).toContainText('Nog niet verzonden');
  await shot(page, '04-offline-niet-verzonden');

  await context.setOffline(false);
  await expect(dialogues.item('ZU-0042')).toContainText('Verzonden');
  await shot(page, '05-alles-verzonden');
  await dialogues.item('ZU-0042').getByRole('link').click();
  await expect(page.getByTestId('history').getByTestId('dialogue')).toHaveCount(1);
  await shot(page, '08-client-geschiedenis');

  const { context: leadContext, page: leadPage } = await loggedIn(browser, 'teamleider@zuid.demo');
  const team = new TeamPage(leadPage);
  await expect(team.items.filter({ hasText: 'ZU-0042' })).toBeVisible();
  await expect(leadPage.getByText('meneer met de fiets')).toHaveCount(0);
  await shot(leadPage, '06-teamoverzicht');
  await leadContext.close();
  await context.close();
});

test('an unknown address shows the Dutch not-found page with status 404', async ({ page }) => {
  const response = await page.goto('/bestaat-niet');
  expect(response.status()).toBe(404);
  expect(response.headers()['content-type']).toMatch(/^text\/html/);
  await expect(page.getByRole('heading', { name: 'Pagina niet gevonden' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Naar je dialogen' })).toBeVisible();
  await shot(page, '50-niet-gevonden');
});
