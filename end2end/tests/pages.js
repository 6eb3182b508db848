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
    this.date = page.getByLabel('Datum van het gesprek');
    this.clientKeywords = page.getByLabel('Hoe ervaart de cliënt de begeleiding?');
    this.workerKeywords = page.getByLabel('Hoe ervaar jij de begeleiding?');
    this.save = page.getByRole('button', { name: 'Opslaan' });
    this.items = page.getByTestId('dialogue');
    this.error = page.locator('form [role=alert]');
  }
  item(code) {
    return this.items.filter({ hasText: code });
  }
  async create({ code, client, worker }) {
    await this.newButton.click();
    await this.clientCode.fill(code);
    await this.clientKeywords.fill(client);
    await this.workerKeywords.fill(worker);
    await this.save.click();
  }
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

/** A new browser context (a second device or person), logged in as `email`. */
async function loggedIn(browser, email) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.open();
  await login.login(email);
  return { context, page };
}

module.exports = { PASSWORD, loggedIn, LoginPage, SyncBar, DialoguesPage, TeamPage };
