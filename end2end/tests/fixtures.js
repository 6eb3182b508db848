// The test runner's `test`, with every page of every browser context armed for the device
// vault (issue 7): when Werkzaam asks to choose a PIN or to unlock — after a login, a reload, a
// new page — the page answers with the worker's PIN, as a worker would. Tests of the vault
// itself (vault.spec.js) use the plain runner and answer by hand.
const base = require('@playwright/test');
const { readyOffline } = require('./pages');

const PIN = '246813';

async function armVault(page) {
  const choose = page.getByTestId('pin-choice');
  await page.addLocatorHandler(choose, async () => {
    await page.getByLabel('Pincode (minstens 6 cijfers)').fill(PIN);
    await page.getByLabel('Nog een keer dezelfde pincode').fill(PIN);
    await page.getByRole('button', { name: 'Pincode instellen' }).click();
  });
  const unlock = page.getByTestId('unlock');
  await page.addLocatorHandler(unlock, async () => {
    await page.getByLabel('Je pincode').fill(PIN);
    await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  });
  return page;
}

// A device goes offline as a worker's would: after one online visit has put the whole app on it
// (the service worker precaches the parts right after the first screen; pages.js readyOffline).
function armContext(context) {
  const newPage = context.newPage.bind(context);
  context.newPage = async (...args) => armVault(await newPage(...args));
  const setOffline = context.setOffline.bind(context);
  context.setOffline = async (offline) => {
    if (offline) {
      for (const page of context.pages()) {
        if (page.url().startsWith('http')) await readyOffline(page);
      }
    }
    return setOffline(offline);
  };
  return context;
}

const test = base.test.extend({
  browser: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => armContext(await newContext(...args));
      await use(browser);
      browser.newContext = newContext;
    },
    { scope: 'worker' },
  ],
  context: async ({ context }, use) => {
    await use(armContext(context));
  },
  page: async ({ page }, use) => {
    await use(await armVault(page));
  },
});

module.exports = { ...base, test, PIN, armVault };
