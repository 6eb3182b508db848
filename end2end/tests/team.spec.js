// Issue 5 (first part): the team's stories and actions reach every device of the team — and no
// device of another team — at its next sync, kept in IndexedDB for offline use.
const { test, expect, request } = require('./fixtures');
const { SyncBar, loggedIn } = require('./pages');
const { apiAs, PROTOCOL_VERSION } = require('./server');

const PASSWORD = 'e2e-wachtwoord-123';

/** The team records in the IndexedDB of user `userId` on this device. */
async function teamOnDevice(page, userId) {
  return page.evaluate(async (userId) => {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open(`werkzaam-${userId}`);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const records = await new Promise((resolve) => {
      const r = db.transaction('team').objectStore('team').getAll();
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    // The content is encrypted (issue 7); the id and the kind are not.
    return records.map((r) => ({ id: r.id, kind: r.kind, encrypted: r.enc instanceof Uint8Array }));
  }, userId);
}

test('a story and an action of the team reach the devices of the team only', async ({ browser, baseURL }) => {
  // Bram's laptop sends a story he recorded with Anna and an action for her.
  const api = await apiAs(baseURL, 'bram@noord.demo', PASSWORD);
  const bram = await (await api.get('/api/ik')).json();
  const { context: phone, page } = await loggedIn(browser, 'anna@noord.demo');
  await expect(page.getByRole('heading', { name: 'Werkalliantie-dialogen' })).toBeVisible();
  const anna = await page.evaluate(async () => (await fetch('/api/ik')).json());
  const code = Date.now() % 100000;
  const push = await api.post('/api/sync/push', {
    data: {
      protocol_version: PROTOCOL_VERSION,
      client_id: `bram-laptop-${code}`,
      mutations: [
        { id: 1, operation: { upsert_story: { story: { id: `verhaal-${code}`, storyteller_id: anna.user_id, interviewer_id: bram.user_id, held_on: '2026-11-20', title: 'Zelf gebeld', elements: ['echt luisteren'] } } } },
        { id: 2, operation: { upsert_action: { action: { id: `actie-${code}`, what: 'Elke maand een verhaal', owners: [anna.user_id], due: '2026-12-15' } } } },
      ],
    },
  });
  expect(push.status(), await push.text()).toBe(200);

  await page.getByRole('button', { name: /Nu (synchroniseren|verzenden)/ }).click();
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden');
  await expect.poll(async () => (await teamOnDevice(page, anna.user_id)).map((r) => r.id).sort()).toEqual(
    expect.arrayContaining([`actie-${code}`, `verhaal-${code}`]),
  );
  const onPhone = await teamOnDevice(page, anna.user_id);
  expect(onPhone.find((r) => r.id === `verhaal-${code}`)).toMatchObject({ kind: 'story', encrypted: true });
  expect(onPhone.find((r) => r.id === `actie-${code}`)).toMatchObject({ kind: 'action', encrypted: true });

  // Offline it is still there after a reload.
  await phone.setOffline(true);
  await page.reload();
  await expect(new SyncBar(page).connection).toHaveText('Offline');
  expect((await teamOnDevice(page, anna.user_id)).some((r) => r.id === `verhaal-${code}`)).toBe(true);
  await page.goto('/samen');
  await expect(page.getByText('Zelf gebeld').first()).toBeVisible();
  await page.goto('/acties');
  await expect(page.getByTestId('action').filter({ hasText: 'Elke maand een verhaal' })).toContainText('Open');
  await phone.setOffline(false);

  // Sem of Wijkteam Zuid gets nothing of it.
  const { context: other, page: semPage } = await loggedIn(browser, 'sem@zuid.demo');
  await expect(semPage.getByRole('heading', { name: 'Werkalliantie-dialogen' })).toBeVisible();
  const sem = await semPage.evaluate(async () => (await fetch('/api/ik')).json());
  await semPage.getByRole('button', { name: /Nu (synchroniseren|verzenden)/ }).click();
  await expect(new SyncBar(semPage).delivery).toHaveText('Alles verzonden');
  expect((await teamOnDevice(semPage, sem.user_id)).filter((r) => String(r.id).endsWith(String(code)))).toEqual([]);
  await api.dispose();
  await phone.close();
  await other.close();
});
