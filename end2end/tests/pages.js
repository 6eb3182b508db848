// Page objects: one class per screen, with its locators and what a person does there.
const { expect } = require('@playwright/test');

const PASSWORD = 'e2e-wachtwoord-123';

class LoginPage {
  constructor(page) {
    this.page = page;
    this.email = page.getByLabel('E-mailadres');
    this.password = page.getByLabel('Wachtwoord');
    this.submit = page.getByRole('button', { name: 'Inloggen' });
    this.error = page.getByRole('alert');
  }
  async open() {
    await this.page.goto('/inloggen');
    await expect(this.page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
  }
  async login(email, password = PASSWORD) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }
}

class SyncBar {
  constructor(page) {
    this.connection = page.getByTestId('connection');
    this.delivery = page.getByTestId('delivery');
  }
}

class DialoguesPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole('heading', { name: 'Werkalliantie-dialogen' });
    this.newButton = page.getByRole('button', { name: '+ Nieuwe dialoog' });
    this.clientCode = page.getByLabel('Cliëntcode');
    this.nickname = page.getByLabel('Geheugensteun (mag leeg, geen naam)');
    this.date = page.getByLabel('Datum van het gesprek');
    this.begin = page.getByRole('button', { name: 'Beginnen' });
    this.items = page.getByTestId('client');
    this.error = page.locator('form [role=alert]');
  }
  /** The card of the client with `code` in the list of clients. */
  item(code) {
    return this.items.filter({ hasText: code });
  }
  /** Starts a dialogue with client `code` (held on `day`, else today); the editor is open after. */
  async start(code, nickname = '', day = '') {
    await this.newButton.click();
    await this.clientCode.fill(code);
    if (nickname) await this.nickname.fill(nickname);
    if (day) await this.date.fill(day);
    await this.begin.click();
    const editor = new EditorPage(this.page);
    await expect(editor.root).toBeVisible();
    return editor;
  }
  /** A whole small dialogue: keywords of client and worker, optionally shared; back to the list. */
  async create({ code, client, worker, share = false }) {
    const editor = await this.start(code);
    await editor.addKeyword('client-good', client);
    await editor.addKeyword('worker-good', worker);
    if (share) await editor.share();
    await expect(editor.saveState).toHaveText(/Opgeslagen/);
    await this.page.getByRole('link', { name: 'Dialogen', exact: true }).click();
    await expect(this.heading).toBeVisible();
  }
}

/** The step (in the step bar) that holds each part of the dialogue. */
const STEP_OF_SIDE = { client: 'Cliënt', worker: 'Hulpverlener' };

class EditorPage {
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('editor');
    this.saveState = page.getByTestId('save-state');
    this.consent = page.getByTestId('consent');
    this.steps = page.getByRole('navigation', { name: 'Stappen' });
  }
  part(slug) {
    return this.page.getByTestId(`part-${slug}`);
  }
  /** The open dialogue's id, from the address (`/dialoog/{id}?stap=…`). */
  id() {
    return new URL(this.page.url()).pathname.split('/')[2];
  }
  /** Opens a step of the dialogue by its name in the step bar (Voorbereiden, Cliënt, …). */
  async openStep(name) {
    const button = this.steps.getByRole('button', { name, exact: true });
    await button.click();
    await expect(button).toHaveAttribute('aria-current', 'step');
  }
  /** The part `slug` (client-good, worker-better…), with its step opened first. */
  async openPart(slug) {
    if (!(await this.part(slug).isVisible())) await this.openStep(STEP_OF_SIDE[slug.split('-')[0]]);
    await expect(this.part(slug)).toBeVisible();
    return this.part(slug);
  }
  async addKeyword(slug, words) {
    const input = (await this.openPart(slug)).getByTestId('keyword-input');
    await input.fill(words);
    await input.press('Enter');
  }
  /** Draws `strokes` zig-zag lines on the sheet of part `slug` with the mouse (pointer events). */
  async draw(slug, strokes = 2) {
    await (await this.openPart(slug)).getByTestId('draw-button').click();
    await drawOnSheet(this.page, strokes);
  }
  async share({ answers = true, media = true, reflection = false } = {}) {
    await this.openStep('Delen');
    await this.consent.getByRole('button', { name: 'Ja', exact: true }).click();
    for (const [id, on] of [['answers', answers], ['media', media], ['reflection', reflection]]) {
      const box = this.consent.getByTestId(`consent-${id}`);
      if ((await box.isChecked()) !== on) await box.click();
    }
  }
}

/** In client mode: holds the worker's button until the PIN is asked, then types `pin`. */
async function leaveClientMode(page, pin) {
  const hold = page.getByTestId('leave-client-mode');
  const box = await hold.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(1500);
  await page.mouse.up();
  await page.getByLabel('Pincode van de hulpverlener').fill(pin);
  await page.getByRole('button', { name: 'Terug naar mijn scherm' }).click();
}

/** On the open drawing sheet: `strokes` zig-zag lines with the mouse (pointer events), then done. */
async function drawOnSheet(page, strokes = 2) {
  const sheet = page.getByTestId('pad-sheet');
  await expect(sheet).toBeVisible();
  const box = await sheet.boundingBox();
  for (let s = 0; s < strokes; s++) {
    const y0 = box.y + box.height * (0.25 + 0.2 * s);
    await page.mouse.move(box.x + box.width * 0.15, y0);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) {
      await page.mouse.move(box.x + box.width * (0.15 + 0.035 * i), y0 + (i % 2 ? 25 : -25));
    }
    await page.mouse.up();
  }
  await page.getByTestId('pad-done').click();
  await expect(sheet).toHaveCount(0);
}

class TeamPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole('heading', { name: 'Teamoverzicht' });
    this.items = page.getByTestId('team-dialogue');
  }
  async open() {
    await this.page.goto('/team');
    await expect(this.heading).toBeVisible();
  }
}

/** Samen leren: the team's stories and a new interview (issue 5). */
class LearningPage {
  constructor(page) {
    this.page = page;
    this.stories = page.getByTestId('story-card');
  }
  async open() {
    await this.page.goto('/samen');
    await expect(this.page.getByRole('heading', { name: 'Samen leren' })).toBeVisible();
  }
  /** Starts an interview with `storyteller` about `title`; ends in the interview. */
  async startInterview(storyteller, title) {
    await this.page.getByRole('button', { name: '+ Nieuw interview' }).click();
    await this.page.getByLabel('Wie vertelt het verhaal?').selectOption({ label: storyteller });
    await this.page.getByLabel(/Waar gaat het over/).fill(title);
    await this.page.getByRole('button', { name: 'Interview beginnen' }).click();
    await expect(this.page.getByTestId('story-editor')).toBeVisible();
    return new InterviewPage(this.page);
  }
}

/** The waarderend interview, guided by the leidraad. */
class InterviewPage {
  constructor(page) {
    this.page = page;
    this.saveState = page.getByTestId('save-state');
    this.elementInput = page.getByTestId('element-input');
    this.suggestions = page.getByTestId('suggestion');
    this.privacyWarnings = page.getByTestId('privacy-warning');
  }
  answer(slug) {
    return this.page.getByTestId(`answer-${slug}`).locator('textarea');
  }
  async addElement(word) {
    await this.elementInput.fill(word);
    await this.elementInput.press('Enter');
    await expect(this.page.getByTestId('element').filter({ hasText: word })).toBeVisible();
  }
  async done() {
    await expect(this.saveState).toHaveText('✓ Opgeslagen op dit apparaat');
    await this.page.getByTestId('story-done').click();
    await expect(this.page.getByTestId('story')).toBeVisible();
  }
}

/** One team session, step by step. */
class MeetingPage {
  constructor(page) {
    this.page = page;
  }
  async step(n) {
    await this.page.getByTestId(`step-${n}`).click();
  }
  elementBar(name) {
    return this.page.locator(`[data-element="${name}"]`).first();
  }
}

/** The team's action board. */
class ActionBoard {
  constructor(page) {
    this.page = page;
    this.mine = page.getByTestId('board-group').first();
    this.done = page.getByTestId('board-done');
  }
  async open() {
    await this.page.goto('/acties');
    await expect(this.page.getByRole('heading', { name: 'Acties', exact: true })).toBeVisible();
  }
  action(what) {
    return this.page.getByTestId('action').filter({ hasText: what });
  }
}

/**
 * The page's errors (and, with `warnings`, its warnings) as they happen, in a list to assert
 * empty. Left out, because it is expected: a request in flight when the connection drops fails
 * (the app retries).
 */
function collectProblems(page, { warnings = false } = {}) {
  const problems = [];
  const kinds = warnings ? ['error', 'warning'] : ['error'];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.text().includes('net::ERR_INTERNET_DISCONNECTED')) return;
    if (kinds.includes(m.type())) problems.push(`${m.type()}: ${m.text()}`);
  });
  return problems;
}

/**
 * Waits until the app on `page` works offline: the service worker has precached this build (the
 * shell, the main module and every part of the app) and controls the page — what one online
 * visit gives a worker's device. Generous bounds: the debug build's parts are ~18 MB, and two
 * tabs or a busy machine make precaching them slow.
 */
async function readyOffline(page) {
  await page.evaluate(() => Promise.race([
    navigator.serviceWorker.ready.then(() => true),
    new Promise((_, reject) => setTimeout(() => reject(new Error('no service worker')), 60_000)),
  ]));
  const controlled = () => page.evaluate(() => navigator.serviceWorker.controller !== null);
  try {
    await expect.poll(controlled, { timeout: 30_000 }).toBe(true);
  } catch {
    // An active worker that has not claimed this tab (seen with two tabs precaching the debug
    // build at once): the next start of the page is controlled, as a worker's next start is.
    await page.reload();
    await expect.poll(controlled, { timeout: 30_000 }).toBe(true);
  }
}

/**
 * A new browser context (a second device or person), logged in as `email`; `options` for the
 * context (e.g. the `baseURL` of a test's own server).
 */
async function loggedIn(browser, email, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.open();
  await login.login(email);
  return { context, page };
}

/**
 * Every row of object store `store` in the logged-in user's device database, as stored (ids in
 * the clear); bytes (ciphertext) come back as `true`, so only their presence can be checked.
 */
async function deviceRows(page, store) {
  return page.evaluate(async (store) => {
    const profile = JSON.parse(localStorage.getItem('werkzaam.profiel'));
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open(`werkzaam-${profile.user_id}`);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const rows = await new Promise((ok, fail) => {
      const r = db.transaction(store).objectStore(store).getAll();
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    db.close();
    return JSON.parse(JSON.stringify(rows, (k, v) => (v instanceof Uint8Array ? true : v)));
  }, store);
}

module.exports = {
  PASSWORD, collectProblems, loggedIn, deviceRows, readyOffline, LoginPage, SyncBar, DialoguesPage, EditorPage, TeamPage,
  LearningPage, InterviewPage, MeetingPage, ActionBoard, drawOnSheet, leaveClientMode,
};
