// A sync cut halfway: the server stores the push but its answer never reaches the device.
// The device keeps the change as "nog niet verzonden", sends it again, and the server stores
// it once.
const { test, expect } = require('./fixtures');
const { LoginPage, SyncBar, DialoguesPage, EditorPage, TeamPage, loggedIn, collectProblems, PASSWORD, drawOnSheet, deviceRows } = require('./pages');
const { apiAs, PROTOCOL_VERSION } = require('./server');
const { makeNoisyPhoto } = require('./photo');

test('a push whose answer is lost is sent again and stored once', async ({ browser }) => {
  const { context: device, page } = await loggedIn(browser, 'bram@noord.demo');
  const dialogues = new DialoguesPage(page);
  const bar = new SyncBar(page);
  await expect(bar.delivery).toHaveText('Alles verzonden');

  let cuts = 0;
  await device.route('**/api/sync/push', async (route) => {
    if (cuts === 0) {
      cuts += 1;
      await route.fetch(); // the server receives and stores the push …
      await route.abort('connectionreset'); // … but the device never hears back
    } else {
      await route.continue();
    }
  });

  await dialogues.create({ code: 'NO-CUT-1', client: 'half verzonden', worker: 'opnieuw', share: true });
  await expect(page.getByTestId('sync-problem')).toContainText('niet bereikbaar');
  await expect(page.getByTestId('sync-problem').getByRole('link')).toHaveCount(0);
  await expect(bar.delivery).toHaveText(/wijziging(en)? nog niet verzonden/);
  await expect(dialogues.item('NO-CUT-1')).toContainText('Nog niet verzonden');
  expect(cuts).toBe(1);

  await page.getByRole('button', { name: 'Nu verzenden' }).click();
  await expect(bar.delivery).toHaveText('Alles verzonden');
  await expect(page.getByTestId('sync-problem')).toHaveCount(0);

  const { context: leadContext, page: leadPage } = await loggedIn(browser, 'teamleider@noord.demo');
  const team = new TeamPage(leadPage);
  await expect(team.heading).toBeVisible();
  await expect(team.items.filter({ hasText: 'NO-CUT-1' })).toHaveCount(1);
  await leadContext.close();
  await device.close();
});

test('when the session is gone the change waits, and goes after logging in again', async ({ browser }) => {
  const { context: device, page } = await loggedIn(browser, 'anna@noord.demo');
  const login = new LoginPage(page);
  const dialogues = new DialoguesPage(page);
  const bar = new SyncBar(page);
  await expect(bar.delivery).toHaveText('Alles verzonden');

  await device.clearCookies(); // the session ended (expired, or logged out elsewhere)
  await dialogues.create({ code: 'NO-SESSIE-1', client: 'wacht op inloggen', worker: 'bewaard' });
  const problem = page.getByTestId('sync-problem');
  await expect(problem).toContainText('Log opnieuw in');
  await expect(bar.delivery).toHaveText(/wijzigingen nog niet verzonden/);

  await problem.getByRole('link', { name: 'Opnieuw inloggen' }).click();
  await login.login('anna@noord.demo');
  await expect(dialogues.item('NO-SESSIE-1')).toContainText('Verzonden');
  await expect(bar.delivery).toHaveText('Alles verzonden');
  await device.close();
});

test('a change the server refuses is set aside with its reason and does not block the others', async ({ browser }) => {
  const { context: device, page } = await loggedIn(browser, 'bram@noord.demo');
  const dialogues = new DialoguesPage(page);
  const editor = new EditorPage(page);
  const bar = new SyncBar(page);
  await dialogues.create({ code: 'WEIGER-1', client: 'eerste', worker: 'x' });
  await expect(bar.delivery).toHaveText('Alles verzonden');

  // The server refuses the first change of the next push (as a newer server might, by a rule
  // this app does not know yet); everything after that goes to the real server.
  let refusals = 0;
  await device.route('**/api/sync/push', async (route) => {
    if (refusals === 0) {
      refusals += 1;
      const first = route.request().postDataJSON().mutations[0].id;
      await route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          code: 'invalid_input',
          message: `Wijziging ${first} is ongeldig (client-better): dit woord mag niet.`,
          mutation_id: first,
        }),
      });
    } else {
      await route.continue();
    }
  });

  await device.setOffline(true);
  await dialogues.item('WEIGER-1').getByRole('link').click();
  await page.getByRole('link', { name: 'Verder werken' }).click();
  await editor.addKeyword('client-better', 'geweigerd');
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  await page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  await dialogues.create({ code: 'WEIGER-2', client: 'tweede', worker: 'y' });
  await device.setOffline(false);

  const aside = page.getByTestId('set-aside');
  await expect(aside).toContainText('1 wijziging kon de server niet in');
  await expect(aside).toContainText('dit woord mag niet');
  await expect(bar.delivery).toHaveText('Alles verzonden');
  await expect(dialogues.item('WEIGER-1')).toContainText('Probleem');
  await expect(dialogues.item('WEIGER-2')).toContainText('Verzonden');
  await page.screenshot({ path: 'test-results/screens/18-apart-gezet.png' });
  // Still there after a reload.
  await page.reload();
  await expect(aside).toBeVisible();

  // Saving the dialogue again sends it anew; once it is delivered the problem is gone.
  await dialogues.item('WEIGER-1').getByRole('link').click();
  await page.getByRole('link', { name: 'Verder werken' }).click();
  await editor.addKeyword('client-better', 'opnieuw');
  await expect(aside).toHaveCount(0, { timeout: 20_000 });
  await expect(bar.delivery).toHaveText('Alles verzonden');
  expect(refusals).toBe(1);
  await device.close();
});

test('a photo whose upload is cut off goes on where it stopped and arrives whole', async ({ browser }) => {
  const { context, page } = await loggedIn(browser, 'bram@noord.demo');
  const problems = collectProblems(page);
  const offsets = [];
  let cut = false;
  await page.route('**/api/bijlagen/*/delen?van=*', async (route) => {
    const offset = Number(new URL(route.request().url()).searchParams.get('van'));
    offsets.push(offset);
    if (offset > 0 && !cut) {
      cut = true;
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  const editor = await new DialoguesPage(page).start('FOTO-DELEN');
  await (await editor.openPart('client-good')).getByTestId('photo-input').setInputFiles(await makeNoisyPhoto(page, 1600, 1200));
  await expect(editor.part('client-good').getByTestId('thumb-photo')).toBeVisible();
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  // The dialogue itself arrives; the photo was cut off after its first part.
  await expect(page.getByTestId('sync-problem')).toContainText('niet bereikbaar');
  expect(cut).toBe(true);
  await page.getByRole('button', { name: /Nu (synchroniseren|verzenden)/ }).click();
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden');
  // It went on from the second part: the first was not sent again.
  expect(offsets.length).toBeGreaterThan(2);
  expect(offsets.filter((o) => o === 0)).toEqual([0]);
  expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  // And the server has it whole.
  const hash = await editor.part('client-good').getByTestId('thumb-photo').getAttribute('data-hash');
  const dialogueId = new URL(page.url()).pathname.split('/').pop();
  const api = await apiAs(new URL(page.url()).origin, 'bram@noord.demo', PASSWORD);
  const fetched = await api.get(`/api/bijlagen/${hash}?dialoog=${dialogueId}`);
  const size = fetched.ok() ? (await fetched.body()).byteLength : fetched.status();
  await api.dispose();
  expect(size).toBeGreaterThan(2 * 256 * 1024);
  expect(problems.filter((p) => !p.includes('Failed to load resource'))).toEqual([]);
  await context.close();
});

/** The hashes of the drawings and photos the device keeps. */
async function deviceBlobs(page) {
  return (await deviceRows(page, 'blobs')).map((row) => row.hash);
}

// Issue 15, item 2: a drawing changed again and again leaves no trail — only the version that
// stays reaches the server, and the device keeps no earlier version either.
test('a drawing drawn in several goes sends only the one that stays, and the device keeps no trail', async ({ browser }) => {
  const { context, page } = await loggedIn(browser, 'bram@noord.demo');
  const uploaded = new Set();
  await page.route('**/api/bijlagen/*/delen?van=*', async (route) => {
    if (route.request().method() === 'PUT') uploaded.add(new URL(route.request().url()).pathname.split('/')[3]);
    return route.continue();
  });
  const editor = await new DialoguesPage(page).start(`SPOOR-${Date.now() % 100000}`);
  await editor.addKeyword('client-good', 'tekenen');
  // Three goes at the same drawing, a few seconds apart (each saved and synced on its own).
  await editor.draw('client-good', 1);
  for (let go = 0; go < 3; go++) {
    await expect(editor.saveState).toHaveText(/Opgeslagen/);
    await page.waitForTimeout(3000);
    if (go < 2) {
      await editor.part('client-good').getByRole('button', { name: 'Verder tekenen' }).click();
      await drawOnSheet(page, 1);
    }
  }
  await expect(editor.part('client-good').getByTestId('thumb-drawing')).toHaveCount(1);
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden', { timeout: 30_000 });
  const hash = await editor.part('client-good').getByTestId('thumb-drawing').getAttribute('data-hash');
  expect([...uploaded]).toEqual([hash]);
  // On the device (a fresh one): one blob, the drawing that stays (earlier versions collected).
  const blobs = await deviceBlobs(page);
  expect(blobs).toEqual([hash]);
  // Drawn on once more after it was sent: the new version goes, the sent one leaves the device.
  await editor.part('client-good').getByRole('button', { name: 'Verder tekenen' }).click();
  await drawOnSheet(page, 1);
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  const thumb = editor.part('client-good').getByTestId('thumb-drawing');
  await expect.poll(() => thumb.getAttribute('data-hash')).not.toBe(hash);
  const newer = await thumb.getAttribute('data-hash');
  await expect.poll(() => uploaded.has(newer), { timeout: 30_000 }).toBe(true);
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden', { timeout: 30_000 });
  await expect.poll(() => deviceBlobs(page), { timeout: 15_000 }).toEqual([newer]);
  await context.close();
});

/** The rows of the device's outbox (as stored: ids in the clear, content encrypted). */
async function outboxRows(page) {
  return (await deviceRows(page, 'outbox')).map((row) => ({ id: row.id, rid: row.rid, ref: row.ref === true, enc: row.enc !== undefined }));
}

// Issue 17, item 4: autosaves of one dialogue are coalesced. A save writes the dialogue once
// (its change in the outbox points at the dialogue's row, no second encrypted copy), and the
// push sends the dialogue once, as last saved; the other saves go as placeholders.
test('several saves of a dialogue made offline go out as one change carrying the last version', async ({ browser }) => {
  const { context, page } = await loggedIn(browser, 'bram@noord.demo');
  const bar = new SyncBar(page);
  const code = `EENMAAL-${Date.now() % 100000}`;
  const pushed = [];
  await page.route('**/api/sync/push', async (route) => {
    pushed.push(...route.request().postDataJSON().mutations);
    return route.continue();
  });
  await context.setOffline(true);
  const editor = await new DialoguesPage(page).start(code);
  for (const word of ['eerste', 'tweede', 'derde']) {
    await editor.addKeyword('client-good', word);
    await expect(editor.saveState).toHaveText(/Opgeslagen/);
  }
  const rows = await outboxRows(page);
  expect(rows.length).toBeGreaterThanOrEqual(3);
  const rid = rows[rows.length - 1].rid;
  expect(rows.every((r) => r.rid === rid && r.ref && !r.enc)).toBe(true);

  await context.setOffline(false); // back online, the app sends on its own
  await expect(bar.delivery).toHaveText('Alles verzonden', { timeout: 20_000 });
  const mine = pushed.filter((m) => rows.some((r) => r.id === m.id));
  expect(mine.map((m) => m.id).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id));
  const carrying = mine.filter((m) => m.operation !== 'noop');
  expect(carrying).toHaveLength(1);
  expect(carrying[0].id).toBe(Math.max(...rows.map((r) => r.id)));
  const sent = carrying[0].operation.upsert_dialogue.dialogue;
  expect(sent.id).toBe(rid);
  expect(sent.client.good.keywords).toEqual(['eerste', 'tweede', 'derde']);
  expect(await outboxRows(page)).toEqual([]);
  await context.close();
});

// A change saved while a sync is running goes out as soon as that sync ends, not a round (30 s)
// later: the sync asked for meanwhile is remembered.
test('a change saved while a sync runs goes out right after it', async ({ browser }) => {
  const { context, page } = await loggedIn(browser, 'bram@noord.demo');
  const bar = new SyncBar(page);
  const code = `TUSSENDOOR-${Date.now() % 100000}`;
  const editor = await new DialoguesPage(page).start(code);
  await editor.addKeyword('client-good', 'eerst');
  await expect(bar.delivery).toHaveText('Alles verzonden', { timeout: 20_000 });
  // The next pull hangs for 4 s; meanwhile a word is added and saved.
  let held = false;
  await page.route('**/api/sync/pull', async (route) => {
    if (!held) {
      held = true;
      await new Promise((resolve) => setTimeout(resolve, 4_000));
    }
    return route.continue();
  });
  const pushes = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/sync/push')) pushes.push(Date.now());
  });
  await page.getByRole('button', { name: /Nu (synchroniseren|verzenden)/ }).click();
  await expect.poll(() => held).toBe(true);
  const saved = Date.now();
  await editor.addKeyword('client-good', 'tussendoor');
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  // Without the remembered sync this would wait for the 30-second round.
  await expect(bar.delivery).toHaveText('Alles verzonden', { timeout: 15_000 });
  expect(pushes.length).toBeGreaterThan(0);
  expect(pushes[0] - saved).toBeLessThan(15_000);
  const api = await apiAs(new URL(page.url()).origin, 'bram@noord.demo', PASSWORD);
  const pulled = await (await api.post('/api/sync/pull', { data: { protocol_version: PROTOCOL_VERSION, cursor: -1 } })).json();
  await api.dispose();
  const stored = pulled.dialogues.find((d) => d.client_code === code);
  expect(stored.client.good.keywords).toEqual(['eerst', 'tussendoor']);
  await context.close();
});

// Issue 17, decision 15: a pulled page is one encrypted row (a pack), not a row per dialogue;
// a dialogue edited on the device gets a newer row of its own, and nothing shows twice.
test('a pulled page is kept as one encrypted row, and a dialogue edited from it is read from its newer own row', async ({ browser }) => {
  const { context: phone, page: phonePage } = await loggedIn(browser, 'bram@noord.demo');
  const stamp = Date.now() % 100000;
  const codes = [`BUNDEL-A${stamp}`, `BUNDEL-B${stamp}`, `BUNDEL-C${stamp}`];
  const list = new DialoguesPage(phonePage);
  for (const code of codes) await list.create({ code, client: `geheim${stamp}`, worker: 'samen' });
  await expect(new SyncBar(phonePage).delivery).toHaveText('Alles verzonden');

  const { context: tablet, page } = await loggedIn(browser, 'bram@noord.demo');
  const onTablet = new DialoguesPage(page);
  for (const code of codes) await expect(onTablet.item(code)).toBeVisible();
  const packs = await deviceRows(page, 'packs');
  const data = await deviceRows(page, 'pack_data');
  const live = packs.flatMap((p) => p.ids);
  expect(live.length).toBeGreaterThanOrEqual(3);
  expect(new Set(live).size).toBe(live.length); // a dialogue is live in one pack at most
  expect(data.length).toBe(packs.length);
  for (const d of data) expect(d.enc).toBe(true); // ciphertext
  expect(JSON.stringify([packs, data])).not.toContain(`geheim${stamp}`);
  const singlesBefore = (await deviceRows(page, 'dialogues')).map((d) => d.id);
  expect(singlesBefore.filter((id) => live.includes(id))).toEqual([]);

  // Edited on the tablet: the dialogue gets a row of its own.
  const open = async (page, code) => {
    await page.goto('/');
    await new DialoguesPage(page).item(code).getByRole('link').first().click();
    await page.getByTestId('dialogue').getByRole('link', { name: 'Verder werken' }).click();
    const editor = new EditorPage(page);
    await expect(editor.root).toBeVisible();
    return editor;
  };
  const editor = await open(page, codes[1]);
  const id = editor.id();
  expect(live).toContain(id);
  await editor.addKeyword('client-good', 'op tablet');
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  // Its own row is newer than the pack that brought it (the pack is not rewritten: a row of
  // 1,000 ids would be): the newest copy is the dialogue.
  const own = (await deviceRows(page, 'dialogues')).find((d) => d.id === id);
  const bringing = (await deviceRows(page, 'packs')).filter((p) => p.ids.includes(id));
  expect(own).toBeTruthy();
  expect(bringing.length).toBeGreaterThan(0);
  for (const pack of bringing) expect(own.seq).toBeGreaterThan(pack.seq);

  // After a reload every dialogue shows once, the edit with it; the phone pulls the edit.
  await page.reload();
  await page.goto('/');
  for (const code of codes) await expect(onTablet.item(code)).toHaveCount(1);
  await (await open(page, codes[1])).openPart('client-good');
  await expect(page.getByText('op tablet').first()).toBeVisible();
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden');
  await phonePage.reload();
  await phonePage.getByRole('button', { name: /Nu (synchroniseren|verzenden)/ }).click();
  await expect(new SyncBar(phonePage).delivery).toHaveText('Alles verzonden');
  await (await open(phonePage, codes[1])).openPart('client-good');
  await expect(phonePage.getByText('op tablet').first()).toBeVisible();
  await phone.close();
  await tablet.close();
});

// Issue 17: a push of some size goes gzipped — a phone on one bar of signal uploads slowly —
// and the server stores it whole.
test('a large push goes gzipped and arrives whole', async ({ browser }) => {
  const { context, page } = await loggedIn(browser, 'bram@noord.demo');
  const bar = new SyncBar(page);
  const code = `INGEPAKT-${Date.now() % 100000}`;
  const sent = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/api/sync/push')) return;
    sent.push({ encoding: request.headers()['content-encoding'], bytes: (request.postDataBuffer() || Buffer.alloc(0)).length });
  });
  const editor = await new DialoguesPage(page).start(code);
  // Two explanations of almost 4,000 characters: a dialogue of ~9 KB of JSON.
  const long = 'De cliënt vertelt uitgebreid hoe het gaat. '.repeat(92);
  for (const slug of ['worker-good', 'worker-better']) {
    await (await editor.openPart(slug)).locator('textarea').fill(long);
    await editor.part(slug).locator('textarea').press('Tab');
  }
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  await expect(bar.delivery).toHaveText('Alles verzonden');
  const packed = sent.filter((s) => s.encoding === 'gzip');
  expect(packed.length, JSON.stringify(sent)).toBeGreaterThan(0);
  // Repetitive text packs small: far less than the ~9 KB it unpacks to.
  expect(Math.min(...packed.map((s) => s.bytes))).toBeLessThan(3000);

  const api = await apiAs(new URL(page.url()).origin, 'bram@noord.demo', PASSWORD);
  let cursor = -1;
  let found;
  for (let i = 0; i < 50 && !found; i++) {
    const r = await api.post('/api/sync/pull', { data: { protocol_version: PROTOCOL_VERSION, cursor } });
    expect(r.ok()).toBe(true);
    const body = await r.json();
    found = body.dialogues.find((d) => d.client_code === code);
    cursor = body.cursor;
    if (!body.more) break;
  }
  expect(found, 'the dialogue is on the server').toBeTruthy();
  expect(found.worker.good.text).toBe(long);
  expect(found.worker.better.text).toBe(long);
  await api.dispose();
  await context.close();
});
