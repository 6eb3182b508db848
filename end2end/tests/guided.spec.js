// Issue 18: the dialogue as a guided conversation on a phone, offline: steps with a step bar and
// the tips folded, *u* for this client, client mode with the attitude mirror and the consent
// question (which shares nothing until the worker confirms it), a question when client and
// worker differ, an agreement made of a *wat kan beter*; the next dialogue opens with *Vorige
// keer* and asks *Is het beter geworden?*. The quick path shows only the two questions.
const { test, expect, PIN } = require('./fixtures');
const { SyncBar, DialoguesPage, collectProblems, loggedIn, leaveClientMode } = require('./pages');

const shot = (page, name) => page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });

async function startOn(page, code, day) {
  await page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  return new DialoguesPage(page).start(code, '', day);
}

test('a guided dialogue in steps offline, with client mode in u, the mirror, consent and an agreement followed up next time', async ({ browser }) => {
  const code = `STAP-${Date.now() % 100000}`;
  const { context, page } = await loggedIn(browser, 'anna@noord.demo');
  const problems = collectProblems(page);
  const bar = new SyncBar(page);
  await expect(bar.delivery).toHaveText('Alles verzonden');
  await context.setOffline(true);

  // Voorbereiden: the steps, the tips one tap away, *u* for this client.
  const editor = await startOn(page, code, '2026-10-01');
  await expect(page.getByTestId('step-title')).toHaveText('Voorbereiden');
  await expect(editor.steps.getByRole('button')).toHaveCount(7);
  await expect(page.getByText('Stap 1 van 7')).toBeVisible();
  const tips = page.getByTestId('guide');
  await expect(tips.getByText(/collage/)).toBeHidden();
  await tips.getByText('Tips voor deze stap').click();
  await expect(tips.getByText(/collage/)).toBeVisible();
  await page.getByRole('button', { name: 'u', exact: true }).click();
  await shot(page, '60-stap-voorbereiden');

  // Volgende: the client's question; the worker writes a *wat kan beter* with the client.
  await page.getByTestId('next-step').click();
  await expect(page.getByTestId('step-title')).toHaveText('Hoe ervaart de cliënt jouw begeleiding?');
  await expect(page.getByTestId('guide')).toContainText('op je handen zitten');
  await editor.addKeyword('client-better', 'vaker bellen');
  await shot(page, '61-stap-client');

  // Client mode speaks *u*: the mirror in faces, then the consent question in short sentences.
  await page.getByTestId('client-mode').click();
  await expect(page.getByText('Hoe vindt u de hulp die u krijgt?')).toBeVisible();
  // Voorlezen: the browser's speech synthesis reads the question, in Dutch (recorded here).
  await page.evaluate(() => {
    window.spoken = [];
    window.speechSynthesis.speak = (u) => window.spoken.push({ text: u.text, lang: u.lang });
  });
  await page.getByTestId('read-aloud').click();
  expect(await page.evaluate(() => window.spoken)).toEqual([
    { text: 'Hoe vindt u de hulp die u krijgt? Wat gaat goed?', lang: 'nl-NL' },
  ]);
  for (let i = 0; i < 3; i++) await page.getByTestId('client-next').click();
  const mirror = page.getByTestId('client-mirror-step');
  await expect(mirror.getByText('Voelt u zich begrepen?')).toBeVisible();
  await mirror.getByRole('group', { name: 'Voelt u zich begrepen?' }).getByRole('button', { name: 'Ja' }).click();
  await mirror.getByRole('group', { name: 'Neem ik de tijd voor u?' }).getByRole('button', { name: 'Niet zo' }).click();
  await expect(mirror.getByRole('group', { name: 'Neem ik de tijd voor u?' }).getByRole('button', { name: 'Niet zo' })).toHaveAttribute('aria-pressed', 'true');
  await shot(page, '62-clientmodus-spiegel');
  await page.getByTestId('client-next').click();
  const ask = page.getByTestId('client-consent');
  await expect(ask.getByRole('heading', { name: 'Mag het team meelezen?' })).toBeVisible();
  await expect(ask).toContainText('Uw naam staat er niet bij.');
  await expect(ask).toContainText('Nee zeggen mag.');
  await page.getByTestId('read-aloud').click();
  expect((await page.evaluate(() => window.spoken))[1].text).toContain('Mogen zij zien wat u vandaag hebt verteld en getekend?');
  await ask.getByRole('button', { name: 'Ja, dat mag' }).click();
  await shot(page, '63-clientmodus-toestemming');
  await page.getByTestId('client-next').click();
  await expect(page.getByRole('heading', { name: 'Dank u wel! 🙌' })).toBeVisible();
  await leaveClientMode(page, PIN);
  await expect(page.getByTestId('step-title')).toHaveText('Hoe ervaart de cliënt jouw begeleiding?');

  // The worker's own view and mirror: a large gap brings a solution-focused question.
  await editor.openStep('Hulpverlener');
  await editor.addKeyword('worker-good', 'open gesprek');
  const own = page.getByTestId('worker-mirror');
  await expect(own.getByTestId('client-mirror')).toContainText('Neem ik de tijd voor u? 🙁 Niet zo');
  await own.getByRole('group', { name: 'Neem ik de tijd voor de cliënt?' }).getByRole('button', { name: 'Ja' }).click();
  await expect(own.getByTestId('gap-prompt')).toContainText('Wat zou er voor u anders zijn als het een stapje beter gaat?');
  await shot(page, '64-stap-hulpverlener');

  // Afspraken: the *wat kan beter* becomes an agreement: wat, wie, wanneer.
  await editor.openStep('Afspraken');
  await page.getByRole('button', { name: '➕ vaker bellen' }).click();
  await expect(page.getByLabel('Wat gaan we doen?')).toHaveValue('vaker bellen');
  await page.getByLabel('Wat gaan we doen?').fill('Elke week even bellen');
  await page.getByRole('group', { name: 'Wie doet het?' }).getByRole('button', { name: 'Hulpverlener' }).click();
  await page.getByLabel('Wanneer? (mag leeg)').fill('2026-10-15');
  await page.getByRole('button', { name: 'Afspraak toevoegen' }).click();
  await expect(page.getByTestId('agreement')).toHaveCount(1);
  await expect(page.getByTestId('agreement')).toContainText('Elke week even bellen');
  await expect(page.getByTestId('agreement')).toContainText('Hulpverlener · vóór 15 oktober 2026');
  // An empty agreement is refused and changes nothing.
  await page.getByRole('button', { name: 'Afspraak toevoegen' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'afspraak' })).toHaveText('Schrijf bij een afspraak wat er gebeurt.');
  await expect(page.getByTestId('agreement')).toHaveCount(1);
  await shot(page, '65-stap-afspraken');

  // Voor de cliënt: one page to keep — what goes well, what we will do — in *u*, to print.
  await page.getByTestId('keepsake-link').click();
  const keep = page.getByTestId('keepsake');
  await expect(keep.getByRole('heading', { name: 'Ons gesprek van 1 oktober 2026' })).toBeVisible();
  await expect(keep).toContainText('open gesprek');
  await expect(keep).toContainText('Uw hulpverlener: Elke week even bellen (vóór 15 oktober 2026)');
  await expect(page.getByRole('button', { name: 'Afdrukken' })).toBeVisible();
  await shot(page, '77-voor-de-client');
  // Printed: the page alone, without the app around it.
  await page.emulateMedia({ media: 'print' });
  await expect(keep).toBeVisible();
  for (const other of [page.getByRole('button', { name: 'Afdrukken' }), page.getByTestId('delivery'), page.getByText('← Terug naar de dialoog')]) {
    await expect(other).toBeHidden();
  }
  await shot(page, '78-voor-de-client-afgedrukt');
  await page.emulateMedia({ media: 'screen' });
  await page.goBack();
  await expect(page.getByTestId('step-title')).toHaveText('Afspraken');

  // Delen: the client's choice waits for the worker; nothing is shared until she confirms.
  await editor.openStep('Delen');
  await expect(page.getByTestId('consent-summary')).toHaveText('Het team ziet niets van deze dialoog.');
  const choice = page.getByTestId('client-choice');
  await expect(choice).toContainText('Ja, dat mag');
  await choice.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(choice).toHaveCount(0);
  await expect(page.getByTestId('consent-summary')).toContainText('Het team ziet de antwoorden, de tekeningen en foto\'s');
  await shot(page, '66-stap-delen');
  await expect(editor.saveState).toHaveText(/Opgeslagen/);

  // Still offline, a reload keeps every step's work.
  await page.reload();
  await expect(editor.root).toBeVisible();
  await expect(page.getByTestId('step-title')).toHaveText('Delen met het team');
  await editor.openStep('Afspraken');
  await expect(page.getByTestId('agreement')).toContainText('Elke week even bellen');

  // The next dialogue with this client: *u* again, *Vorige keer*, *Is het beter geworden?*
  const next = await startOn(page, code, '2026-11-01');
  await expect(page.getByRole('button', { name: 'u', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const last = page.getByTestId('last-time');
  await expect(last).toContainText('Vorige keer (1 oktober 2026)');
  await expect(last).toContainText('vaker bellen');
  await expect(last).toContainText('open gesprek');
  const check = last.getByTestId('check');
  await expect(check).toContainText('Elke week even bellen');
  await check.getByRole('button', { name: /Een beetje/ }).click();
  await expect(check.getByRole('button', { name: /Een beetje/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(next.steps.getByRole('button', { name: 'Voorbereiden' })).toHaveText('✓');
  await shot(page, '67-vorige-keer');

  // The quick path: only the two questions, then sharing and the reflection.
  await page.getByRole('button', { name: 'Alleen de twee vragen' }).click();
  await expect(next.steps.getByRole('button')).toHaveCount(5);
  await expect(next.steps.getByRole('button', { name: 'Afspraken' })).toHaveCount(0);
  await page.getByTestId('next-step').click();
  await page.getByTestId('next-step').click();
  await expect(page.getByTestId('step-title')).toHaveText('Hoe ervaart de hulpverlener de begeleiding?');
  await expect(page.getByTestId('next-step')).toHaveText('Volgende: Delen →');
  await expect(next.saveState).toHaveText(/Opgeslagen/);

  // The worker's own *Verloop* of this client, offline: the mirror over time, hers beside the
  // client's, and nothing that stands out without scores.
  await page.goto(`/client/${code}`);
  const course = page.getByTestId('course');
  await expect(course.getByRole('heading', { name: 'Verloop' })).toBeVisible();
  await expect(course.getByTestId('own-mirror')).toContainText('Cliënt: 👂 🙂  ⏳ 🙁  🚶 —');
  await expect(course.getByTestId('own-mirror')).toContainText('Jij: 👂 —  ⏳ 🙂  🚶 —');
  await expect(course).toContainText('Niets dat opvalt.');
  await course.scrollIntoViewIfNeeded();
  await shot(page, '76-verloop-eigen-client');

  // Online: both dialogues go to the server.
  await context.setOffline(false);
  await expect(bar.delivery).toHaveText('Alles verzonden', { timeout: 30_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(problems).toEqual([]);
  await context.close();
});
