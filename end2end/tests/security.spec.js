// Issue 7 (first part): the Content-Security-Policy holds in the browser (no violation while the
// app starts, hydrates, mounts offline and edits), and what a worker types shows as text.
const { test, expect } = require('@playwright/test');
const { loggedIn, DialoguesPage, collectProblems } = require('./pages');

const WATCH = () => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
};

test('the app runs under the CSP without a violation, and a typed <script> stays text', async ({ browser }) => {
  const { context, page } = await loggedIn(browser, 'sem@zuid.demo');
  await expect(new DialoguesPage(page).heading).toBeVisible();
  await context.addInitScript(WATCH);
  const problems = collectProblems(page);
  const response = await page.goto('/');
  const csp = response.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');
  const list = new DialoguesPage(page);
  await expect(list.heading).toBeVisible();
  expect(await page.locator('script:not([src])').count()).toBe(0);

  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  const editor = await list.start('ZU-CSP');
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  await editor.addKeyword('client-good', 'veilig');
  await editor.part('client-good').getByLabel('Toelichting (mag kort)').fill(evil);
  await expect(editor.saveState).toHaveText(/Opgeslagen/);
  await page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  await list.item('ZU-CSP').getByRole('link').click();
  await page.getByTestId('history').getByRole('link').first().click();
  await expect(page.getByText(evil)).toBeVisible();
  expect(dialogs).toBe(0);

  // Offline: the shell mounts the app, under the same policy.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText(evil)).toBeVisible();
  await context.setOffline(false);

  expect(await page.evaluate(() => window.__violations)).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});
