// Issue 19: a dialoogronde from STAP 1 to STAP 3. The team lead starts a round; two workers see
// it on their start screen, hold a dialogue each and share it (with the reflection); one shows
// her own count (offline, synced later); the team's progress counts both; the lead runs the
// STAP 3 meeting — what was shared beside each question, the client's words beside the team's
// werkzame elementen — records the conclusions, plans the next round from the last answer and
// downloads the record as PDF; a worker reads it back as the team's history. Between: Anna asks
// the team for advice and Bram answers (it helped), and Bram writes a leerpunt without his name,
// which the lead picks up in the meeting.
const fs = require('fs');
const { test, expect } = require('./fixtures');
const { SyncBar, loggedIn, collectProblems, DialoguesPage, LearningPage } = require('./pages');

const shot = (page, name) => page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });

async function syncNow(page) {
  await page.getByRole('button', { name: /Nu (synchroniseren|verzenden)/ }).click();
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden');
}

/** A dialogue of today with `word` as what goes well for the client and a reflection, shared. */
async function sharedDialogue(page, code, word, learned) {
  const list = new DialoguesPage(page);
  const editor = await list.start(code);
  await editor.addKeyword('client-good', word);
  await editor.addKeyword('worker-good', 'samen plannen');
  await editor.openStep('Na het gesprek');
  await page.getByLabel('Wat leer ik uit de dialoog met de cliënt?').fill(learned);
  await editor.openStep('Delen');
  await page.getByTestId('consent').getByRole('button', { name: 'Ja', exact: true }).click();
  const reflection = page.getByTestId('consent-reflection');
  if (!(await reflection.isChecked())) await reflection.click();
  await expect(page.getByTestId('save-state')).toHaveText(/Opgeslagen/);
  await page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  await expect(list.heading).toBeVisible();
}

/** "Het team voerde N dialogen." as N. */
async function teamCount(page) {
  const line = page.getByTestId('round-progress').getByText(/Het team voerde/);
  await expect(line).toBeVisible();
  return Number((await line.textContent()).match(/voerde (\d+)/)[1]);
}

test('a lead starts a round, two workers hold and share a dialogue, the STAP 3 meeting records conclusions and plans the next round', async ({ browser }) => {
  test.setTimeout(240_000);
  const code = String(Date.now() % 100000);
  const title = `Ronde ${code}`;

  // The lead starts the round: the seed's invitation, the whole team.
  const { context: laptop, page: lead } = await loggedIn(browser, 'teamleider@noord.demo');
  const problems = collectProblems(lead);
  await expect(lead.getByRole('heading', { name: 'Teamoverzicht' })).toBeVisible();
  await lead.goto('/rondes');
  await lead.getByTestId('new-round').click();
  await expect(lead.getByLabel('De uitnodiging (STAP 1)')).toHaveValue(/Nodig jouw teamleden uit/);
  await expect(lead.getByTestId('round-person')).toHaveCount(3);
  await lead.getByLabel('Naam (mag leeg)').fill(title);
  await shot(lead, '85-ronde-nieuw');
  // A period that ends before it begins is refused, in words.
  const from = await lead.getByLabel('Van').inputValue();
  await lead.getByLabel('Tot en met').fill('2020-01-01');
  await lead.getByTestId('save-round').click();
  await expect(lead.getByRole('alert')).toContainText('eindigt op of na de dag dat ze begint');
  const to = new Date(Date.parse(from) + 27 * 86_400_000).toISOString().slice(0, 10);
  await lead.getByLabel('Tot en met').fill(to);
  await lead.getByTestId('save-round').click();
  await expect(lead.getByRole('heading', { name: title })).toBeVisible();
  await expect(lead.getByTestId('round-phase')).toHaveText('Loopt');
  const roundUrl = lead.url();
  await syncNow(lead);

  // Anna sees it on her start screen and holds a dialogue.
  const { context: annaPhone, page: anna } = await loggedIn(browser, 'anna@noord.demo');
  const notice = anna.getByTestId('round-notice');
  await expect(notice).toContainText(title);
  await expect(notice).toContainText('Jij:');
  await shot(anna, '86-ronde-startscherm');
  await notice.click();
  await expect(anna.getByTestId('invitation')).toContainText('Hoe ervaart de cliënt jouw begeleiding?');
  const before = await teamCount(anna);
  const mine = anna.getByTestId('round-mine');
  const ownBefore = Number((await mine.getByText(/Jij voerde/).textContent()).match(/voerde (\d+)/)[1]);
  await anna.goto('/');
  await sharedDialogue(anna, `R-${code}-A`, `luisteren ${code}`, `Ze wil zelf bellen ${code}.`);
  await syncNow(anna);
  await anna.getByTestId('round-notice').click();
  await expect(mine).toContainText(`Jij voerde ${ownBefore + 1} dialo`);
  // She shows her count offline; it goes out with the next sync.
  await annaPhone.setOffline(true);
  await mine.getByTestId('show-mine').check();
  await expect(new SyncBar(anna).delivery).not.toHaveText('Alles verzonden');
  await shot(anna, '87-ronde-jij');
  await annaPhone.setOffline(false);
  await syncNow(anna);

  // Bram holds one too; the team's count went up by two, Anna's name is shown, Bram's is not.
  const { context: bramPhone, page: bram } = await loggedIn(browser, 'bram@noord.demo');
  await expect(bram.getByTestId('round-notice')).toContainText(title);
  await sharedDialogue(bram, `R-${code}-B`, `luisteren ${code}`, `Hij plant nu zelf ${code}.`);
  await syncNow(bram);
  await bram.goto(roundUrl.replace(/^https?:\/\/[^/]+/, ''));
  await expect.poll(() => teamCount(bram)).toBe(before + 2);
  const shown = bram.getByTestId('round-progress').getByText('Laten zien hoeveel ze voerden');
  await expect(shown).toContainText('Anna');
  await expect(shown).not.toContainText('Bram');
  await shot(bram, '88-ronde-voortgang');

  // Anna asks the team for advice; Bram answers; the answer helped her.
  await anna.goto('/advies');
  await anna.getByTestId('advice-text').fill('Mevrouw Jansen doet de deur niet open.');
  await expect(anna.getByTestId('privacy-warning').first()).toBeVisible();
  const question = `Een cliënt doet de deur niet open ${code}. Hoe zou jij dat aanpakken?`;
  await anna.getByTestId('advice-text').fill(question);
  await expect(anna.getByTestId('privacy-warning')).toHaveCount(0);
  await anna.getByTestId('ask').click();
  await expect(anna.getByTestId('advice-card').filter({ hasText: code })).toBeVisible();
  await syncNow(anna);
  await bram.reload();
  await syncNow(bram);
  await bram.goto('/advies');
  await bram.getByTestId('advice-card').filter({ hasText: code }).click();
  await bram.getByTestId('reply-text').fill(`Ik laat een kaartje achter en bel later ${code}.`);
  await bram.getByTestId('send-reply').click();
  await expect(bram.getByTestId('reply')).toContainText(`kaartje achter en bel later ${code}`);
  await syncNow(bram);
  await anna.reload();
  await syncNow(anna);
  await anna.goto('/advies');
  await anna.getByTestId('advice-card').filter({ hasText: code }).click();
  await anna.getByTestId('mark-helpful').click();
  await expect(anna.getByTestId('helped')).toBeVisible();
  await shot(anna, '92-advies-hielp');
  await syncNow(anna);

  // Bram writes a leerpunt, without his name, offline (on the road); it goes out when online.
  await bram.goto('/leerpunten');
  await bramPhone.setOffline(true);
  await bram.getByTestId('lesson-what').fill('Ik gaf te snel een oplossing.');
  await bram.getByTestId('lesson-learned').fill(`Eerst vragen wat de cliënt zelf wil ${code}.`);
  await bram.getByTestId('lesson-anonymous').check();
  await bram.getByTestId('save-lesson').click();
  await expect(bram.getByTestId('lesson').filter({ hasText: code })).toContainText('Jij (gedeeld zonder je naam)');
  await shot(bram, '93-leerpunt');
  await bramPhone.setOffline(false);
  await syncNow(bram);

  // The lead runs the STAP 3 meeting.
  await lead.reload();
  await syncNow(lead);
  await lead.goto('/leerpunten');
  await expect(lead.getByTestId('lesson').filter({ hasText: code })).toContainText('Een collega');
  await expect(lead.getByTestId('lesson').filter({ hasText: code })).not.toContainText('Bram');
  await lead.goto(roundUrl.replace(/^https?:\/\/[^/]+/, ''));
  await lead.getByTestId('open-stap3').click();
  await expect(lead.getByRole('heading', { name: 'Wat leren we uit de dialoog met cliënten?' })).toBeVisible();
  await expect(lead.getByTestId('shared-reflections')).toContainText(`Ze wil zelf bellen ${code}.`);
  await expect(lead.getByTestId('shared-reflections')).toContainText(`Hij plant nu zelf ${code}.`);
  await expect(lead.getByTestId('client-words')).toContainText(`luisteren ${code} · 2`);
  const pick = lead.getByTestId('lesson-pick').filter({ hasText: code });
  await pick.getByRole('button', { name: 'Bespreken' }).click();
  await expect(pick.getByRole('button')).toHaveText('✓ Besproken');
  await lead.getByTestId('conclusion').fill(`Cliënten willen zelf regelen ${code}`);
  await shot(lead, '89-stap3-vraag1');
  await lead.getByTestId('next-question').click();
  await expect(lead.getByRole('heading', { name: 'Hoe beïnvloedt het gesprek jouw kijk op de cliënt?' })).toBeVisible();
  await lead.getByTestId('conclusion').fill('We zien meer wat ze zelf kunnen.');
  // A name in a conclusion is warned about.
  await lead.getByTestId('conclusion').fill('Mevrouw Jansen belt nu zelf.');
  await expect(lead.getByTestId('privacy-warning').first()).toBeVisible();
  await lead.getByTestId('conclusion').fill('We zien meer wat ze zelf kunnen.');
  await lead.getByTestId('stap3-5').click();
  await expect(lead.getByRole('heading', { name: 'Hoe zou het zijn om dit soort gesprek op structurele basis te voeren?' })).toBeVisible();
  await lead.getByTestId('conclusion').fill('Goed: het hoort bij ons werk.');
  await lead.getByTestId('rhythm').getByRole('button', { name: 'Elk kwartaal' }).click();
  await lead.getByTestId('next-question').click();
  await lead.getByTestId('agreed').fill(`Na elk kwartaal een teamoverleg ${code}`);
  await lead.getByTestId('plan-next').click();
  await expect(lead.getByTestId('next-planned')).toContainText('tot en met');
  await shot(lead, '90-stap3-afspraken');
  const [file] = await Promise.all([lead.waitForEvent('download'), lead.getByTestId('round-pdf').click()]);
  const pdf = fs.readFileSync(await file.path()).toString('latin1');
  expect(pdf.startsWith('%PDF')).toBe(true);
  expect(pdf).toContain(`Na elk kwartaal een teamoverleg ${code}`);
  expect(pdf).toContain('Elk kwartaal');
  expect(pdf).toContain('Leerpunten die we bespraken');
  expect(pdf).not.toContain(`R-${code}-A`);
  await syncNow(lead);

  // The record is the team's history: Anna reads it at the round.
  await anna.reload();
  await syncNow(anna);
  await anna.goto(roundUrl.replace(/^https?:\/\/[^/]+/, ''));
  const record = anna.getByTestId('round-record');
  await expect(record).toContainText(`Cliënten willen zelf regelen ${code}`);
  await expect(record).toContainText('Elk kwartaal');
  await expect(record.getByTestId('record-lessons')).toContainText(`Eerst vragen wat de cliënt zelf wil ${code}.`);
  await expect(anna.getByTestId('open-stap3')).toHaveCount(0);
  await shot(anna, '91-ronde-verslag');
  await record.getByTestId('to-next-round').click();
  await expect(anna.getByTestId('round-phase')).toHaveText('Gepland');

  expect(problems).toEqual([]);
  await laptop.close();
  await annaPhone.close();
  await bramPhone.close();
});

test('a lead changes a planned round, adds the colleague she left out and takes the round away again', async ({ browser }) => {
  test.setTimeout(120_000);
  const title = `Ronde maart ${Date.now() % 100000}`;
  const { context: laptop, page: lead } = await loggedIn(browser, 'teamleider@noord.demo');
  const problems = collectProblems(lead);
  await expect(lead.getByRole('heading', { name: 'Teamoverzicht' })).toBeVisible();
  await lead.goto('/rondes');
  await lead.getByTestId('new-round').click();
  await lead.getByLabel('Naam (mag leeg)').fill(title);
  await lead.getByLabel('Van').fill('2027-03-01');
  await lead.getByLabel('Tot en met').fill('2027-03-14');
  const people = lead.getByTestId('round-person');
  await expect(people).toHaveCount(3);
  await people.nth(2).uncheck();
  await lead.getByTestId('save-round').click();
  await expect(lead.getByRole('heading', { name: title })).toBeVisible();
  await expect(lead.getByTestId('round-phase')).toHaveText('Gepland');
  const roundUrl = lead.url();

  // Two weeks longer, and the colleague left out takes part after all.
  await lead.getByTestId('edit-round').click();
  await expect(lead.getByLabel('Tot en met')).toHaveValue('2027-03-14');
  await expect(people.nth(2)).not.toBeChecked();
  await people.nth(2).check();
  await lead.getByLabel('Tot en met').fill('2027-02-01');
  await lead.getByTestId('save-round').click();
  await expect(lead.getByRole('alert')).toContainText('eindigt op of na de dag dat ze begint');
  await lead.getByLabel('Tot en met').fill('2027-03-28');
  await shot(lead, '97-ronde-aanpassen');
  await lead.getByTestId('save-round').click();
  await expect(lead.getByRole('heading', { name: title })).toBeVisible();
  await expect(lead.getByText(/tot en met 28 maart/)).toBeVisible();
  await lead.getByTestId('edit-round').click();
  await expect(people.nth(2)).toBeChecked();
  await lead.getByRole('button', { name: 'Annuleren' }).click();
  await syncNow(lead);

  // A member sees the change, and no way to change the round herself.
  const { context: annaPhone, page: anna } = await loggedIn(browser, 'anna@noord.demo');
  await expect(new DialoguesPage(anna).heading).toBeVisible();
  await anna.goto(roundUrl);
  await expect(anna.getByText(/tot en met 28 maart/)).toBeVisible();
  await expect(anna.getByTestId('edit-round')).toHaveCount(0);

  // The lead renames it while Anna shows her count: the sync that brings Anna's change leaves
  // what the lead is typing alone, and both changes stay.
  await lead.getByTestId('edit-round').click();
  await lead.getByLabel('Naam (mag leeg)').fill(`${title} (nieuw)`);
  await anna.getByTestId('show-mine').check();
  await syncNow(anna);
  await syncNow(lead);
  await expect(lead.getByLabel('Naam (mag leeg)')).toHaveValue(`${title} (nieuw)`);
  await lead.getByTestId('save-round').click();
  await expect(lead.getByRole('heading', { name: `${title} (nieuw)` })).toBeVisible();
  await syncNow(lead);
  await anna.reload();
  await syncNow(anna);
  await expect(anna.getByRole('heading', { name: `${title} (nieuw)` })).toBeVisible();
  await expect(anna.getByTestId('show-mine')).toBeChecked();

  // The lead takes it away, after saying yes; it is gone for the team too.
  await lead.getByTestId('edit-round').click();
  await lead.getByTestId('remove-round').click();
  await shot(lead, '98-ronde-weghalen');
  await lead.getByTestId('confirm-remove-round').click();
  await expect(lead).toHaveURL(/\/rondes$/);
  await expect(lead.getByText(title)).toHaveCount(0);
  await syncNow(lead);
  await anna.goto('/rondes');
  await syncNow(anna);
  await expect(anna.getByText(title)).toHaveCount(0);
  expect(problems).toEqual([]);
  await laptop.close();
  await annaPhone.close();
});

test('two colleagues interview each other in one sitting, listening first and writing after', async ({ browser }) => {
  test.setTimeout(120_000);
  const code = String(Date.now() % 100000);
  const { context, page: anna } = await loggedIn(browser, 'anna@noord.demo');
  const problems = collectProblems(anna);
  await expect(anna.getByRole('heading', { name: 'Werkalliantie-dialogen' })).toBeVisible();
  const learning = new LearningPage(anna);
  await learning.open();
  const interview = await learning.startInterview('Bram', `Weer aan het werk ${code}`);
  // Listening first: the leidraad large, one question at a time, nothing to type.
  await anna.getByTestId('listen').click();
  await expect(anna.getByTestId('listen-question')).toHaveText('Vertel over een begeleiding waar je trots op bent.');
  await expect(interview.answer('trots')).toBeHidden();
  for (let i = 0; i < 5; i += 1) await anna.getByTestId('listen-next').click();
  await expect(anna.getByTestId('listen-question')).toHaveText('Wat maakte volgens jou het verschil?');
  await expect(anna.getByTestId('listen-next')).toHaveCount(0);
  await shot(anna, '94-luisteren');
  await anna.getByTestId('write-now').click();
  await interview.answer('verschil').fill(`Dat hij zelf de eerste stap zette ${code}.`);
  await expect(interview.saveState).toHaveText('✓ Opgeslagen op dit apparaat');
  // The other way round: Bram interviews Anna, a story of its own.
  await anna.getByTestId('swap-interview').click();
  await expect(anna.getByRole('heading', { name: 'Bram interviewt jou' })).toBeVisible();
  await shot(anna, '95-andersom');
  await anna.getByLabel('Titel').fill(`Samen met de school ${code}`);
  await interview.answer('trots').fill('De cliënt ging weer naar school.');
  await interview.done();
  await learning.open();
  await expect(learning.stories.filter({ hasText: `Weer aan het werk ${code}` })).toBeVisible();
  await expect(learning.stories.filter({ hasText: `Samen met de school ${code}` })).toBeVisible();
  expect(problems).toEqual([]);
  await context.close();
});

/** A dialogue of `code` on `day` with the client's and the worker's "Alles bij elkaar". */
async function scored(page, code, day, score) {
  const list = new DialoguesPage(page);
  const editor = await list.start(code, '', day);
  await editor.addKeyword('client-good', 'rust');
  await page.getByText('Hoeveel? Korte schalen (mag je overslaan)').click();
  await page.locator('#scale-client-overall').fill(String(score));
  await expect(page.getByTestId('save-state')).toHaveText(/Opgeslagen/);
  await page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  await expect(list.heading).toBeVisible();
}

test('a rising score is celebrated and told as a success story', async ({ browser }) => {
  test.setTimeout(120_000);
  const code = `UP-${Date.now() % 100000}`;
  const { context, page: anna } = await loggedIn(browser, 'anna@noord.demo');
  const problems = collectProblems(anna);
  await expect(anna.getByRole('heading', { name: 'Werkalliantie-dialogen' })).toBeVisible();
  await scored(anna, code, '2026-10-01', 4);
  await scored(anna, code, '2026-11-01', 7);
  await anna.goto(`/client/${code}`);
  const better = anna.getByTestId('better');
  await expect(better).toContainText('de cliënt gaf 4 en nu 7 (+3)');
  await expect(anna.getByTestId('own-note').filter({ hasText: 'Beter' })).toHaveCount(0);
  await better.getByTestId('celebrate').click();
  await expect(better.getByTestId('celebrated')).toContainText('Hoe is je dat gelukt?');
  await better.scrollIntoViewIfNeeded();
  await shot(anna, '96-vier-het');
  await better.getByTestId('tell-success').click();
  await expect(anna.getByTestId('i-tell')).toBeChecked();
  await expect(anna.getByLabel('Wie interviewt jou?')).toBeVisible();
  await anna.getByLabel('Wie interviewt jou?').selectOption({ label: 'Bram' });
  await expect(anna.getByLabel(/Waar gaat het over/)).toHaveValue('Het gaat beter met een cliënt');
  await anna.getByRole('button', { name: 'Interview beginnen' }).click();
  await expect(anna.getByRole('heading', { name: 'Bram interviewt jou' })).toBeVisible();
  expect(problems).toEqual([]);
  await context.close();
});
