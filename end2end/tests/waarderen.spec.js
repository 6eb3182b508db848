// Issue 5: the whole cycle of seed 000 — two workers each record a waarderend interview offline
// and sync; the team lead runs the team session (werkzame elementen counted across both stories,
// a dream statement, an action for a worker, the summary as CSV); the worker sees the action on
// her phone, marks it klaar offline, syncs, and the board shows it done.
const fs = require('fs');
const { test, expect } = require('./fixtures');
const { SyncBar, loggedIn, collectProblems, LearningPage, MeetingPage, ActionBoard, drawOnSheet } = require('./pages');

const shot = (page, name) => page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });

/** A device logged in as `email`, on its start page. */
async function device(browser, email) {
  const { context, page } = await loggedIn(browser, email);
  await expect(page.getByRole('heading', { name: /Werkalliantie-dialogen|Teamoverzicht/ })).toBeVisible();
  return { context, page };
}

/** Sends what waits and waits until the sync bar says everything is sent. */
async function syncNow(page) {
  await page.getByRole('button', { name: /Nu (synchroniseren|verzenden)/ }).click();
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden');
}

test('two interviews offline, a team session, an action marked klaar offline: the whole cycle', async ({ browser }) => {
  test.setTimeout(240_000);
  const code = String(Date.now() % 100000);
  const listening = `echt luisteren ${code}`;
  const humour = `humor ${code}`;

  // Anna interviews Bram on the road, offline.
  const { context: annaPhone, page: anna } = await device(browser, 'anna@noord.demo');
  const annaProblems = collectProblems(anna);
  const annaLearning = new LearningPage(anna);
  await annaLearning.open();
  await expect(anna.getByText(/Nog geen verhalen|Verhalen van het team/).first()).toBeVisible();
  await annaPhone.setOffline(true);
  await expect(new SyncBar(anna).connection).toHaveText('Offline');
  const interview = await annaLearning.startInterview('Bram', `Zelf de huur geregeld ${code}`);
  await interview.answer('trots').fill('Ik ging elke week langs bij mevrouw Jansen.');
  await expect(interview.privacyWarnings.first()).toContainText('naam');
  await interview.answer('trots').fill('Ik ging elke week langs bij de cliënt; hij belde zelf de verhuurder.');
  await expect(interview.privacyWarnings).toHaveCount(0);
  await interview.answer('verschil').fill('Dat ik echt luisterde en niet meteen iets oploste.');
  await interview.answer('verschil').selectText();
  await anna.getByTestId('answer-verschil').getByTestId('mark-quote').click();
  await expect(anna.getByTestId('quote')).toContainText('niet meteen iets oploste');
  await interview.addElement(listening);
  await interview.addElement(`tijd nemen ${code}`);
  await shot(anna, '20-interview');
  await interview.done();
  await expect(new SyncBar(anna).delivery).not.toHaveText('Alles verzonden');
  // Still there after a reload, offline.
  await anna.reload();
  await expect(anna.getByTestId('story')).toContainText(`Zelf de huur geregeld ${code}`);
  await shot(anna, '21-verhaal');
  await annaPhone.setOffline(false);
  await syncNow(anna);

  // Bram interviews Anna, offline; the team's words come up as he types.
  const { context: bramPhone, page: bram } = await device(browser, 'bram@noord.demo');
  const bramLearning = new LearningPage(bram);
  await bramLearning.open();
  await expect(bramLearning.stories.filter({ hasText: `Zelf de huur geregeld ${code}` })).toBeVisible();
  await bramPhone.setOffline(true);
  const second = await bramLearning.startInterview('Anna', `Weer naar de dagbesteding ${code}`);
  await second.answer('doorbraak').fill('Ze koos zelf de dag waarop ze wilde beginnen.');
  await second.elementInput.fill('echt');
  await second.suggestions.filter({ hasText: listening }).click();
  await expect(bram.getByTestId('element').filter({ hasText: listening })).toBeVisible();
  await second.elementInput.fill('hu');
  await shot(bram, '22-suggesties');
  await second.addElement(humour);
  await second.addElement(`de tijd nemen ${code}`);
  await second.done();
  await bramPhone.setOffline(false);
  await syncNow(bram);

  // Bram compliments Anna's story.
  await bramLearning.open();
  await bramLearning.stories.filter({ hasText: `Zelf de huur geregeld ${code}` }).click();
  await bram.getByLabel('Jouw compliment').fill('Knap dat je hem zelf liet bellen!');
  await bram.getByRole('button', { name: 'Compliment geven' }).click();
  await expect(bram.getByTestId('compliment')).toContainText('Knap dat je hem zelf liet bellen!');
  await syncNow(bram);
  await bramLearning.open();
  await shot(bram, '23-samen-leren');

  // The team lead runs the session.
  const { context: leadTablet, page: lead } = await device(browser, 'teamleider@noord.demo');
  const leadProblems = collectProblems(lead);
  await lead.goto('/bijeenkomsten');
  await lead.getByLabel('Titel (mag leeg)').fill(`Bijeenkomst ${code}`);
  await lead.getByTestId('open-meeting').click();
  await expect(lead.getByRole('heading', { name: `Bijeenkomst ${code}` })).toBeVisible();
  const meeting = new MeetingPage(lead);
  await expect(meeting.elementBar(listening)).toContainText('2');
  await expect(meeting.elementBar(humour)).toContainText('1');
  await shot(lead, '24-bijeenkomst-elementen');
  // Two words for one thing: the lead merges them; they count together, the stories keep their words.
  await lead.getByText('Woorden samenvoegen').click();
  await lead.getByLabel(`tijd nemen ${code} (1)`, { exact: true }).check();
  await lead.getByLabel(`de tijd nemen ${code} (1)`, { exact: true }).check();
  await lead.getByLabel('Samen heten ze').fill(`tijd nemen ${code}`);
  await lead.getByTestId('merge').click();
  await expect(meeting.elementBar(`tijd nemen ${code}`)).toContainText('2');
  await expect(meeting.elementBar(`de tijd nemen ${code}`)).toHaveCount(0);
  // A merge can be undone: the words count apart again, nothing anyone wrote changed.
  await lead.getByTestId('synonym').filter({ hasText: `de tijd nemen ${code}` }).getByRole('button', { name: 'Ongedaan maken' }).click();
  await expect(meeting.elementBar(`de tijd nemen ${code}`)).toContainText('1');
  await expect(meeting.elementBar(`tijd nemen ${code}`)).toContainText('1');
  await meeting.step(2);
  await lead.getByLabel('Jouw droom').fill(`Elke cliënt kent zijn eigen krachten ${code}`);
  await lead.getByTestId('add-dream').click();
  await expect(lead.getByTestId('dream')).toContainText(`Elke cliënt kent zijn eigen krachten ${code}`);
  await shot(lead, '25-groepsdroom');
  await lead.getByLabel('Groep').fill('Krachten');
  await lead.getByRole('button', { name: 'Groeperen' }).click();
  await expect(lead.getByTestId('dream').locator('.label')).toHaveText('Krachten');
  await syncNow(lead);
  // Bram, on his phone, adds a drawing to the dream of the same session.
  await syncNow(bram);
  await bram.goto('/bijeenkomsten');
  await bram.getByTestId('meeting-card').filter({ hasText: `Bijeenkomst ${code}` }).click();
  await new MeetingPage(bram).step(2);
  await bram.getByRole('button', { name: '✎ Erbij tekenen' }).click();
  await drawOnSheet(bram, 1);
  await bram.getByTestId('add-dream').click();
  await expect(bram.getByTestId('dream').filter({ hasText: 'Bram' }).locator('svg path')).toHaveCount(1);
  await syncNow(bram);
  await syncNow(lead);
  await expect(lead.getByTestId('dream')).toHaveCount(2);
  await expect(lead.getByTestId('dream').filter({ hasText: 'Bram' }).locator('svg path')).toHaveCount(1);
  await meeting.step(3);
  await lead.getByLabel('Wat gaan we doen?').fill(`Intervisie over luisteren ${code}`);
  await lead.getByTestId('owner').and(lead.getByLabel('Anna')).check();
  await lead.getByLabel('Wanneer klaar?').fill('2026-01-15');
  await lead.getByLabel('Voor welk deel van de droom?').selectOption({ label: `Elke cliënt kent zijn eigen krachten ${code}` });
  await lead.getByTestId('add-action').click();
  await expect(lead.getByTestId('meeting-actions').getByTestId('action')).toContainText(`Intervisie over luisteren ${code}`);
  await shot(lead, '26-acties');
  await meeting.step(4);
  await shot(lead, '27-samenvatting');
  await lead.emulateMedia({ media: 'print' });
  await shot(lead, '27-samenvatting-afdruk');
  await expect(lead.getByRole('navigation', { name: 'Hoofdmenu' })).toBeHidden();
  await lead.emulateMedia({ media: 'screen' });
  await expect(lead.getByTestId('summary')).toContainText(`Weer naar de dagbesteding ${code}`);
  const [download] = await Promise.all([lead.waitForEvent('download'), lead.getByTestId('download-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^teambijeenkomst-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv).toContain(`"werkzaam element";"${listening}";"";"";"";"${listening}";"2"`);
  expect(csv).toContain(`"droom";"Elke cliënt kent zijn eigen krachten ${code}";"Tamara";"";"";"Krachten";`);
  expect(csv).toContain(`"actie";"Intervisie over luisteren ${code}";"Anna";"2026-01-15";"Open";"Elke cliënt kent zijn eigen krachten ${code}";`);
  await syncNow(lead);

  // Anna sees the action on her phone, late; marks it klaar offline; syncs.
  await syncNow(anna);
  const board = new ActionBoard(anna);
  await board.open();
  const mine = board.mine.getByTestId('action').filter({ hasText: `Intervisie over luisteren ${code}` });
  await expect(anna.getByRole('heading', { name: 'Jouw acties' })).toBeVisible();
  await expect(mine.getByText('Te laat')).toBeVisible();
  await shot(anna, '28-actiebord');
  await annaPhone.setOffline(true);
  await mine.getByRole('button', { name: 'Klaar' }).click();
  await expect(board.done.getByTestId('action').filter({ hasText: `Intervisie over luisteren ${code}` })).toHaveAttribute('data-status', 'Klaar');
  await anna.reload();
  await expect(board.done).toContainText(`Intervisie over luisteren ${code}`);
  await annaPhone.setOffline(false);
  await syncNow(anna);
  // And she sees Bram's compliment on her story.
  await annaLearning.open();
  await annaLearning.stories.filter({ hasText: `Zelf de huur geregeld ${code}` }).click();
  await expect(anna.getByTestId('compliment')).toContainText('Knap dat je hem zelf liet bellen!');

  // The board on the team lead's tablet shows it done.
  await syncNow(lead);
  const leadBoard = new ActionBoard(lead);
  await leadBoard.open();
  await expect(leadBoard.done.getByTestId('action').filter({ hasText: `Intervisie over luisteren ${code}` })).toHaveAttribute('data-status', 'Klaar');

  expect(annaProblems).toEqual([]);
  expect(leadProblems).toEqual([]);
  await annaPhone.close();
  await bramPhone.close();
  await leadTablet.close();
});

/** Whether the page is wider than the phone (something forces a sideways scroll). */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

// Issue 20: a second session on the same day does not empty the first; one story says
// "verhaal"; a long unbroken text wraps on a 390 px phone everywhere it is shown.
test('two sessions on one day each keep their stories, and a long word never widens the page', async ({ browser }) => {
  const code = Date.now() % 100000;
  const long = `https://voorbeeld.nl/${'heellangadreszonderspaties'.repeat(6)}${code}`;
  const { context: leadTablet, page: lead } = await device(browser, 'teamleider@noord.demo');
  const problems = collectProblems(lead);
  // A story first, then a session: it belongs to that session.
  const learning = new LearningPage(lead);
  await learning.open();
  const interview = await learning.startInterview('Anna', `Eerste ${code}`);
  await interview.answer('trots').fill(`Trots op ${long}`);
  await interview.addElement(`geduld ${code}`);
  await interview.done();
  await expect(overflow(lead)).resolves.toBeLessThanOrEqual(0);
  const open = async (title) => {
    await lead.goto('/bijeenkomsten');
    await lead.getByLabel('Titel (mag leeg)').fill(title);
    await lead.getByTestId('open-meeting').click();
    await expect(lead.getByRole('heading', { name: title })).toBeVisible();
  };
  await open(`Ochtend ${code}`);
  const meeting = new MeetingPage(lead);
  await expect(meeting.elementBar(`geduld ${code}`)).toContainText('1');
  await expect(lead.getByText(/^Uit \d+ verha(al|len) sinds de vorige bijeenkomst/)).toBeVisible();
  // The long text in a dream statement and an action, and the summary.
  await meeting.step(2);
  await lead.getByLabel('Jouw droom').fill(long);
  await lead.getByTestId('add-dream').click();
  await expect(lead.getByTestId('dream')).toContainText(String(code));
  await expect(overflow(lead)).resolves.toBeLessThanOrEqual(0);
  await meeting.step(3);
  await lead.getByLabel('Wat gaan we doen?').fill(long);
  await lead.getByTestId('owner').and(lead.getByLabel('Anna')).check();
  await lead.getByTestId('add-action').click();
  await expect(lead.getByTestId('meeting-actions').getByTestId('action')).toContainText(String(code));
  await expect(overflow(lead)).resolves.toBeLessThanOrEqual(0);
  await meeting.step(4);
  await expect(lead.getByTestId('summary')).toContainText(String(code));
  await expect(overflow(lead)).resolves.toBeLessThanOrEqual(0);
  await lead.screenshot({ path: 'test-results/screens/28-lange-tekst.png', fullPage: true });
  const board = new ActionBoard(lead);
  await board.open();
  await expect(board.action(String(code))).toBeVisible();
  await expect(overflow(lead)).resolves.toBeLessThanOrEqual(0);

  // A second session on the same day: it counts what came after the first (nothing yet),
  // and the first still counts its story — whichever random id either got.
  await open(`Middag ${code}`);
  await expect(lead.getByText('Uit 0 verhalen sinds de vorige bijeenkomst. Hoe langer de balk, hoe vaker genoemd.')).toBeVisible();
  await lead.goto('/bijeenkomsten');
  await lead.getByTestId('meeting-card').filter({ hasText: `Ochtend ${code}` }).click();
  await expect(new MeetingPage(lead).elementBar(`geduld ${code}`)).toContainText('1');
  expect(problems).toEqual([]);
  await leadTablet.close();
});
