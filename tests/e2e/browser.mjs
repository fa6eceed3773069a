// What every browser test shares: Debian's chromium (never a downloaded browser), the server's
// address, screenshots, and the axe-core accessibility check.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const baseUrl = process.env.EMBARGO_URL;
const output = process.env.E2E_OUTPUT;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Debian's chromium, headless. Without the GPU process (software compositing in the browser
// process), with one renderer for the one site under test, and with shared memory in /tmp rather
// than a possibly small /dev/shm: the browser tests took a quarter of the whole suite's CPU, and
// these flags take about a seventh off theirs (docs/performance.md).
export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-site-isolation-trials',
      '--disable-features=site-per-process',
      '--disable-dev-shm-usage',
    ],
  });
}

// Where OUTPUT/NAME goes (screenshots, and other things a person should look at).
export function outputPath(name) {
  return path.join(output, name);
}

// Saves a full-page screenshot as OUTPUT/NAME.png, to be looked at by a person.
export async function screenshot(page, name) {
  await page.screenshot({ path: outputPath(`${name}.png`), fullPage: true });
}

// Signs in on the desk's sign-in page with an email and a password. A two-factor account is
// then asked for a code (/signin/code); the others land on the desk (or where they were sent).
export async function signIn(page, email, password) {
  await page.goto(`${baseUrl}/signin`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await page.click('form button[type=submit]');
}

// The axe-core violations of impact serious or critical on the current page. axe is evaluated
// through the DevTools protocol, which the page's Content-Security-Policy does not apply to.
export async function seriousViolations(page) {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => globalThis.axe.run());
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
