// A new reporter's whole path in a real browser: the PySpector form with a proof-of-concept
// upload, the receipt and its link, coming back to the thread and replying; the live CVSS
// score; Pykour's form refusing a file; a report made of XSS payloads shown as inert text on
// every page it appears on; axe-core on every page.
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { baseUrl, launch, screenshot, seriousViolations } from './browser.mjs';
import { fillPySpector } from './pyspector_form.mjs';

let browser;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'embargo-e2e-'));

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// Watches a page for anything a payload could make happen: a dialog, a console error (a CSP
// violation shows there), a request to another origin.
function watch(page) {
  const events = [];
  page.on('dialog', async (d) => {
    events.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  page.on('console', (m) => m.type() === 'error' && events.push(`console: ${m.text()}`));
  page.on('response', (r) => r.status() >= 400 && events.push(`${r.status()}: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(baseUrl) && !r.url().startsWith('data:')) {
      events.push(`request: ${r.url()}`);
    }
  });
  return events;
}

test('a reporter submits the PySpector form with a PoC, keeps the link, returns and replies', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const events = watch(page);
  const response = await page.goto(`${baseUrl}/p/pyspector`);
  assert.equal(response.status(), 200);
  await page.click('a.button[href$="/report"]');
  await page.waitForURL(/\/p\/pyspector\/report$/);
  assert.deepEqual(await seriousViolations(page), []);

  // The live score: answering every picker question writes the vector and scores it.
  await page.click('details.cvss-picker summary');
  const answers = { AV: 'N', AC: 'L', AT: 'N', PR: 'N', UI: 'N', VC: 'H', VI: 'H', VA: 'H',
                    SC: 'N', SI: 'N', SA: 'N' };
  for (const [metric, value] of Object.entries(answers)) {
    await page.selectOption(`#f-cvss_${metric}`, value);
  }
  await assert.doesNotReject(page.waitForFunction(
    () => document.getElementById('f-cvss_vector-score').textContent.startsWith('9.3')));
  assert.equal(await page.inputValue('#f-cvss_vector'),
               'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
  // The severity follows the vector's rating.
  assert.equal(await page.inputValue('#f-severity'), 'critical');
  // A vector that does not parse reads as an error; fixing it clears the error.
  const score = page.locator('#f-cvss_vector-score');
  const seen = events.length;
  await page.fill('#f-cvss_vector', 'CVSS:4.0/AV:N/AC:L/AT:Q');
  await page.waitForFunction(() => document.getElementById('f-cvss_vector-score')
    .textContent.startsWith('Not a valid vector: '));
  assert.match(await score.getAttribute('class'), /score-error/);
  // The scoring API's 400 for that vector is the answer the page shows: expected, and only it.
  assert.ok(events.slice(seen).every((e) => e.includes('/api/v1/cvss?vector=') ||
                                             e.includes('status of 400')), events.join('\n'));
  events.splice(seen);
  await page.fill('#f-cvss_vector',
                  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
  await page.waitForFunction(() => document.getElementById('f-cvss_vector-score')
    .textContent.startsWith('9.3'));
  assert.doesNotMatch((await score.getAttribute('class')) ?? '', /score-error/);
  await screenshot(page, 'report-form-pyspector');

  await fillPySpector(page, { name: 'Ada Lovelace', title: 'Command injection in cli.py',
                              description: 'CWE-78: the scan path reaches a shell.',
                              severity: 'critical' });
  // A proof of concept of 3 MB: over 1 MiB, the server spools it to disk on its way to the store.
  const poc = path.join(scratch, 'poc.txt');
  const pocText = "import os\nos.system('id')\n" +
    '# captured output follows\n'.concat('# uid=0(root) gid=0(root) groups=0(root)\n'.repeat(70000));
  writeFileSync(poc, pocText);
  await page.setInputFiles('#f-attachments', poc);
  await page.click('form button.button[type=submit]');
  await page.waitForSelector('h1:has-text("Your report was received")');
  await screenshot(page, 'receipt');
  assert.deepEqual(await seriousViolations(page), []);
  const link = await page.inputValue('#tracking-link');
  assert.match(link, /\/r\/[A-Za-z0-9_-]{43}$/);

  // Later, in a fresh browser with only the link.
  const later = await browser.newContext();
  const thread = await later.newPage();
  const threadEvents = watch(thread);
  assert.equal((await thread.goto(link)).status(), 200);
  assert.match(await thread.locator('main').innerText(), /Command injection in cli\.py/);
  const file = thread.locator('a[href*="/attachments/"]').first();
  assert.equal(await file.innerText(), 'poc.txt');
  const download = await later.request.get(new URL(await file.getAttribute('href'), link).href);
  assert.equal(download.status(), 200);
  assert.equal((await download.body()).toString('utf8'), pocText);
  await thread.fill('#f-body', 'A second proof: the same happens with a space in the name.');
  await thread.click('form.reply button[type=submit]');
  await thread.waitForSelector('text=A second proof');
  await screenshot(thread, 'thread');
  assert.deepEqual(await seriousViolations(thread), []);
  assert.deepEqual(events, []);
  assert.deepEqual(threadEvents, []);
  await context.close();
  await later.close();
});

test('the form works with JavaScript off: the score is checked by the server', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/p/pyspector/report`);
  await page.fill('#f-cvss_vector', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
  await page.click('button[value=score]');
  assert.match(await page.locator('#f-cvss_vector-score').innerText(), /^9\.3 Critical/);
  await page.click('form button.button[type=submit]');
  assert.match(await page.locator('.error-summary').innerText(), /Your report was not sent/);
  assert.equal(await page.inputValue('#f-cvss_vector'),
               'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
  await screenshot(page, 'report-form-errors');
  await context.close();
});

test('the Pykour form refuses an attachment', async () => {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/p/pykour/report`);
  assert.equal(await page.locator('input[type=file]').count(), 0);
  await screenshot(page, 'report-form-pykour');
  assert.deepEqual(await seriousViolations(page), []);
  // A file input added by hand (as a crafted page or tool would) is refused by the server.
  const file = path.join(scratch, 'poc.txt');
  writeFileSync(file, 'poc\n');
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.name = 'attachments';
    input.id = 'smuggled';
    document.querySelector('form').append(input);
  });
  await page.setInputFiles('#smuggled', file);
  await page.fill('#f-description', 'Everything in the body.');
  await page.check('#f-credit-anonymous');
  await page.click('form button.button[type=submit]');
  assert.match(await page.locator('.error-summary').innerText(), /does not accept attachments/);
  assert.deepEqual(await seriousViolations(page), [], 'the form shown again with its problems');
  await page.close();
});

test('a report whose every field is an XSS payload is inert text on every page', async () => {
  const payload = (n) => `<img src=x onerror=alert(${n})><script>alert(${n})</script>` +
                         `"'><svg onload=alert(${n})>javascript:alert(${n})`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const events = watch(page);
  await page.goto(`${baseUrl}/p/pyspector/report`);
  await fillPySpector(page, { name: payload(1), title: payload(2), versions: payload(3),
                              description: payload(4), impact: payload(5), steps: payload(6) });
  await page.check('#f-credit-handle');
  await page.fill('#f-credit_text', payload(7));
  await page.click('form button.button[type=submit]');
  await page.waitForSelector('h1:has-text("Your report was received")');
  const link = await page.inputValue('#tracking-link');
  await page.goto(link);
  await page.fill('#f-body', payload(8));
  await page.click('form.reply button[type=submit]');
  await page.waitForSelector('.timeline .message');
  assert.equal(await page.locator('img[src=x], svg, main script').count(), 0);
  assert.match(await page.locator('main').innerText(), /<img src=x onerror=alert\(2\)>/);
  await screenshot(page, 'thread-xss');
  assert.deepEqual(events, []);
  await context.close();
});
