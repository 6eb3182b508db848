// Issue 18, the paper route (decision 21), at 390×844 and offline: a worker prints the sheet of a
// dialogue (A3, two pages, its code), the client draws on it, and a photo of the filled sheet
// finds its dialogue by the QR code read on the phone — or by the code typed when the camera
// cannot read it. The quick path *Foto van het blad en klaar* takes a photo in its own step, and
// says so when the photo shows another dialogue's sheet.
const fs = require('fs');
const { test, expect } = require('./fixtures');
const { loggedIn, readyOffline, collectProblems, DialoguesPage, SyncBar } = require('./pages');

const shot = (page, name) => page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });

/**
 * A phone's photo of the filled sheet: the sheet as shown (`svg`), a little turned, on a table,
 * with wasco lines drawn over its halves; a JPEG.
 */
async function photoOfSheet(browser, svg) {
  const camera = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await camera.setContent(`
    <body style="margin:0;background:#8a6f4d">
      <div style="position:absolute;left:90px;top:90px;width:1200px;transform:rotate(-4deg)">
        ${svg}
        <svg viewBox="0 0 842 595" style="position:absolute;left:0;top:0;width:1200px">
          <path d="M80 200 q60 -60 120 0 t120 0" stroke="#e4572e" stroke-width="7" fill="none"/>
          <circle cx="560" cy="260" r="50" stroke="#2e86e4" stroke-width="6" fill="none"/>
          <path d="M470 380 l200 40" stroke="#29a35a" stroke-width="8"/>
        </svg>
      </div>
    </body>`);
  const bytes = await camera.screenshot({ type: 'jpeg', quality: 85, path: 'test-results/screens/blad-foto.jpg' });
  await camera.close();
  return { name: 'blad.jpg', mimeType: 'image/jpeg', buffer: bytes };
}

test('a printed sheet, drawn on and photographed, finds its dialogue by its code, read or typed, offline', async ({ browser }) => {
  const { context, page } = await loggedIn(browser, 'anna@noord.demo');
  const problems = collectProblems(page);
  const stamp = Date.now() % 100000;
  const client = `PAPIER-${stamp}`;
  const list = new DialoguesPage(page);
  await expect(list.heading).toBeVisible();
  await readyOffline(page);
  await context.setOffline(true);

  const editor = await list.start(client);
  const id = await editor.id();
  const paper = page.getByTestId('paper');
  await expect(paper).toBeVisible();
  const code = (await page.getByTestId('sheet-code').textContent()).trim();
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

  // Printing: a PDF of two landscape A3 pages (the client's sheet and the worker's) with the code.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    paper.getByRole('button', { name: 'A3 afdrukken' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`werkalliantie-blad-${code}-A3.pdf`);
  const pdf = fs.readFileSync(await download.path()).toString('latin1');
  expect(pdf.startsWith('%PDF-1.4')).toBe(true);
  expect(pdf.match(/\/MediaBox \[0 0 1191 842\]/g)).toHaveLength(2);
  expect(pdf).toContain(`(Code ${code})`);
  expect(pdf).toContain('(Hoe vind jij de hulp die je krijgt?)');
  expect(pdf).toContain('(Hoe ervaar ik als hulpverlener de begeleiding?)');

  // A look at the sheet before printing.
  await paper.getByRole('button', { name: 'Voorbeeld van het blad' }).click();
  const preview = page.getByTestId('sheet-preview');
  await expect(preview.locator('svg')).toBeVisible();
  await expect(preview).toContainText(`Code ${code}`);
  await preview.scrollIntoViewIfNeeded();
  await shot(page, '69-blad-afdrukken');
  const photo = await photoOfSheet(browser, await preview.innerHTML());

  // Back from the visit: the photo of the filled sheet, read on the phone.
  await page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  await page.getByRole('link', { name: '📷 Foto van een blad' }).click();
  await expect(page.getByRole('heading', { name: 'Foto van een blad' })).toBeVisible();
  await page.getByTestId('paper-photo-input').setInputFiles(photo);
  await expect(page.getByTestId('code-read')).toContainText(`Code gelezen: ${code} (blad van de cliënt)`);
  const match = page.getByTestId('code-match');
  await expect(match).toHaveCount(1);
  await expect(match).toContainText(client);
  await shot(page, '70-foto-van-een-blad');
  await match.getByRole('button', { name: 'Foto bij deze dialoog bewaren' }).click();
  await expect(page).toHaveURL(new RegExp(`/dialoog/${id}/overzicht$`));
  await expect(page.getByRole('heading', { name: 'Foto van het blad' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Foto van het blad' }).locator('xpath=following-sibling::*[1]').locator('img')).toHaveCount(1);
  // Kept on the device: a reload offline still shows it.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Foto van het blad' })).toBeVisible();

  // A photo the camera cannot read: the code is typed; a wrong or unknown one says so.
  await page.goto('/blad');
  const blank = await page.screenshot({ type: 'jpeg' });
  await page.getByTestId('paper-photo-input').setInputFiles({ name: 'wazig.jpg', mimeType: 'image/jpeg', buffer: blank });
  await expect(page.getByTestId('code-unreadable')).toBeVisible();
  const typed = page.getByLabel('Code van het blad');
  await typed.fill('12345');
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page.getByRole('alert')).toContainText('Een code heeft 8 tekens');
  await expect(page.getByTestId('code-match')).toHaveCount(0);
  await typed.fill('ZZZZ-ZZZZ');
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page.getByTestId('code-unknown')).toContainText('Er is geen dialoog met code ZZZZ-ZZZZ');
  // Typed as a person would: small letters, a space, O for 0 and l for 1.
  await typed.fill(code.toLowerCase().replace('-', ' ').replace(/0/g, 'o').replace(/1/g, 'l'));
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page.getByTestId('code-match')).toContainText(client);
  await shot(page, '71-code-typen');
  await page.getByTestId('code-match').getByRole('button', { name: 'Foto bij deze dialoog bewaren' }).click();
  await expect(page).toHaveURL(new RegExp(`/dialoog/${id}/overzicht$`));
  await expect(page.getByRole('heading', { name: 'Foto van het blad' }).locator('xpath=following-sibling::*[1]').locator('img')).toHaveCount(2);

  // The quick path: *Foto van het blad en klaar*, the photo taken in its own step.
  await page.getByRole('link', { name: 'Dialogen', exact: true }).click();
  const quick = await list.start(`${client}-SNEL`);
  await page.getByRole('button', { name: 'Foto van het blad en klaar' }).click();
  await quick.openStep('Blad');
  await expect(page.getByTestId('step-title')).toHaveText('Foto van het blad');
  await expect(page.getByTestId('paper')).toBeVisible();
  const quickCode = (await page.getByTestId('sheet-code').textContent()).trim();
  // The photo is the first dialogue's sheet: kept (the worker decides), and said.
  await page.getByTestId('sheet-photo-input').setInputFiles(photo);
  await expect(page.getByTestId('sheet').getByTestId('media-item')).toHaveCount(1);
  await expect(quick.saveState).toHaveText(/Opgeslagen/);
  await expect(page.getByTestId('other-sheet')).toContainText(`op deze foto staat het blad met code ${code}. Deze dialoog heeft code ${quickCode}`);
  await shot(page, '72-snelle-weg-blad');

  // Online again, everything goes to the server.
  await context.setOffline(false);
  await expect(new SyncBar(page).delivery).toHaveText('Alles verzonden', { timeout: 30_000 });
  expect(problems).toEqual([]);
  await context.close();
});

test('someone not logged in who types the address of Foto van een blad gets the login', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/blad');
  await expect(page).toHaveURL(/\/inloggen$/);
  await expect(page.getByTestId('paper-photo-input')).toHaveCount(0);
  await context.close();
});
