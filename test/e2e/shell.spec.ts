import { expect, test } from './fixtures.ts';

const PAGES = ['Library', 'Search', 'Backups', 'Restore', 'Wallet', 'Settings'];

test('opens the UI with the token and visits every page', async ({ page, served }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(served.openUrl);
  await expect(page).not.toHaveURL(/token=/); // the token leaves the address bar
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark'); // the default theme follows the OS
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('walrus-status')).toContainText(/Walrus (unreachable|reachable|degraded)/);
  for (const name of PAGES) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(page).toHaveURL(new RegExp(`#/${name.toLowerCase()}$`));
  }
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
});

test('saves settings through the contract and shows a validation error for bad values', async ({ page, served }) => {
  await page.goto(`${served.openUrl}#/settings`);
  await page.getByLabel('Theme').selectOption('dark');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Settings saved' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.getByLabel('Theme')).toHaveValue('dark');

  // Out-of-range values are stopped by the form before they reach main…
  const epochs = page.getByLabel('Storage epochs per backup');
  await epochs.fill('99');
  await page.getByRole('button', { name: 'Save' }).click();
  expect(await epochs.evaluate((el: HTMLInputElement) => el.validity.rangeOverflow)).toBe(true);
  // …and a value that slips past the form is refused by main's validation, shown as an error toast.
  await epochs.evaluate((el: HTMLInputElement) => el.removeAttribute('max'));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'storageEpochs' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Storage epochs per backup')).toHaveValue('5');
  // The field says what its epochs mean in time, and follows the value typed.
  await expect(page.getByTestId('epoch-length')).toHaveText(' · an epoch lasts 1 day (assumed for this network), so 5 ≈ 5 days');
  await page.getByLabel('Storage epochs per backup').fill('7');
  await expect(page.getByTestId('epoch-length')).toContainText('so 7 ≈ 7 days');
});

test('a number field left blank is asked for, not saved as 0', async ({ page, served }) => {
  await page.goto(`${served.openUrl}#/settings`);
  for (const name of ['storageEpochs', 'keepSnapshots', 'keepDaily', 'expiryWarningDays']) {
    const field = page.locator(`input[name=${name}]`);
    const saved = await field.inputValue();
    await field.fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await field.evaluate((el: HTMLInputElement) => el.validity.valueMissing)).toBe(true);
    await expect(page.getByTestId('toast')).toHaveCount(0);
    await field.fill(saved);
  }
  await page.reload();
  await expect(page.getByLabel('Storage epochs per backup')).toHaveValue('5');
});

test('a retention rule typed out of range previews nothing and raises no error', async ({ page, served }) => {
  await page.goto(`${served.openUrl}#/settings`);
  await expect(page.getByTestId('retention-preview')).toBeVisible(); // the saved rules: keep 0, forget 0
  await page.locator('input[name=keepSnapshots]').fill('0');
  await expect(page.getByTestId('retention-preview')).toBeHidden();
  await page.locator('input[name=keepDaily]').fill('-1');
  await page.locator('input[name=keepSnapshots]').fill('');
  await page.waitForTimeout(1000); // past the preview's delay
  await expect(page.getByTestId('toast')).toHaveCount(0);
  await page.locator('input[name=keepSnapshots]').fill('3');
  await page.locator('input[name=keepDaily]').fill('2');
  await expect(page.getByTestId('retention-preview')).toBeVisible();
});

test('the API refuses calls without the token, and malformed messages get a clear error', async ({ page, served }) => {
  await page.goto(served.openUrl);
  const replies = await page.evaluate(async (token) => {
    const post = (body: string, auth: boolean) =>
      fetch('/api/settings.update', { method: 'POST', headers: auth ? { Authorization: `Bearer ${token}` } : {}, body }).then(async (r) => ({ status: r.status, body: await r.json() }));
    return {
      noToken: await post('{}', false),
      malformed: await post('{"theme":', true),
      invalid: await post('{"storageEpochs":"many"}', true),
      after: await fetch('/api/app.info', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{}' }).then((r) => r.status),
    };
  }, served.token);
  expect(replies.noToken.status).toBe(401);
  expect(replies.malformed).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_input' } } });
  expect((replies.invalid.body as { error: { message: string } }).error.message).toMatch(/storageEpochs/);
  expect(replies.after).toBe(200);
});
