// The end of a report's life through the pages (issue 13): a reporter sends a report to the
// company's program, whose policy asks before crediting anyone; the program's owner accepts it,
// drafts an advisory from it on the desk, writes its details in Markdown and schedules it; the
// reporter reads the exact credit line on their report's page and accepts it; the owner
// publishes; the advisory appears on the public list, its page, its OSV record, its CSAF document
// and the CSAF directory, the Atom feed and the hall of fame, and the reporter's page links it. Nothing is public before. Before that, the
// owner gives the reporter the expected fix date with the evaluation (the company's promise). A
// PyFlashBackup reporter is asked to verify a fix with a patch, finds it incomplete, then fixed.
// Every page is screenshotted and checked with axe-core.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cli } from './cli.mjs';
import { baseUrl, launch, screenshot, seriousViolations, signIn } from './browser.mjs';
import { fillPySpector } from './pyspector_form.mjs';

const embargo = process.env.EMBARGO_BINARY;
const data = process.env.EMBARGO_DATA;
const owner = { email: 'otto.owner@example.org', password: 'an owner passphrase here' };
const handle = 'kim_finds_bugs';
const details = 'The `q` parameter of **/search** reached the SQL query unescaped.\n\n' +
                '- Upgrade to release 4.2.1.';

let browser;

async function checkPage(page, name) {
  await screenshot(page, name);
  assert.deepEqual(await seriousViolations(page), [], `accessibility of ${name}`);
}

before(async () => {
  assert.ok(embargo && data, 'run.sh passes the binary and the data directory');
  cli(['user', 'add', '--email', owner.email, '--password-stdin'], `${owner.password}\n`);
  cli(['member', 'add', '--program', 'company', '--email', owner.email, '--role', 'owner']);
  cli(['member', 'add', '--program', 'pyspector', '--email', owner.email, '--role', 'owner']);
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// One story whose steps build on each other (subtests, run in order); the test itself needs
// nothing from the others.
test('a report credited by a handle becomes a public advisory', async (t) => {
  // What one step learns and a later one uses.
  const state = {};
  await t.test('a reporter sends a report to the company, credited by a handle', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/p/company/report`);
    await page.fill('#f-vulnerability_type', 'SQL injection');
    await page.fill('#f-affected_component', 'https://shop.example.com/search');
    await page.fill('#f-requirements', 'None');
    await page.fill('#f-steps_to_reproduce', "1. Search for test' -- 2. See the database error.");
    await page.fill('#f-impact', 'Reads every customer record.');
    await page.fill('#f-reporter_email', 'kim@example.net');
    await page.check('#f-credit-handle');
    await page.fill('#f-credit_text', handle);
    await page.check('#f-consent');
    await page.click('form button.button[type=submit]');
    await page.waitForSelector('h1:has-text("Your report was received")');
    state.link = await page.inputValue('#tracking-link');
    await page.goto(state.link);
    state.id = (await page.locator('h1').innerText()).replace('Report ', '').trim();
    assert.match(state.id, /^COMPANY-\d{4}-\d{4}$/);
    await page.close();
  });

  await t.test('the owner accepts the report and drafts an advisory from it', async () => {
    const page = await browser.newPage();
    await signIn(page, owner.email, owner.password);
    await page.waitForURL(`${baseUrl}/desk`);
    await page.goto(`${baseUrl}/desk/reports/${state.id}`);
    for (const to of ['acknowledged', 'accepted']) {
      await page.selectOption('#f-to', to);
      await page.click('#move button[type=submit]');
      await page.waitForSelector(`.report-facts strong:has-text("${to}")`);
    }
    // The company promises an expected resolution date with its evaluation.
    await page.fill('#f-fix-on', '2099-01-15');
    await page.fill('#f-evaluation', 'Confirmed: the search query concatenates user input.');
    await page.click('button:has-text("Tell the reporter the expected date")');
    await page.waitForSelector('#fix strong:has-text("Expected fix date: 2099-01-15")');
    await page.click('button:has-text("Draft an advisory from this report")');
    await page.waitForSelector('h1:has-text("Advisory COMPANY-SA-")');
    state.advisory = (await page.locator('h1').innerText()).replace('Advisory ', '').trim();
    assert.match(await page.inputValue('#f-summary'), /SQL injection/);

    // A script in the details is refused, naming the field; what was typed stays in the form.
    await page.fill('#f-details', 'Hello\n\n<script>alert(1)</script>');
    await page.click('button:has-text("Save the draft")');
    await page.waitForSelector('.error-summary:has-text("details: line 3: raw HTML")');
    assert.equal(await page.inputValue('#f-details'), 'Hello\n\n<script>alert(1)</script>');

    await page.fill('#f-summary', 'SQL injection in the shop search');
    await page.fill('#f-details', details);
    await page.fill('#f-cvss', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N');
    await page.fill('#f-cwes', 'CWE-89');
    await page.click('button:has-text("Save the draft")');
    await page.waitForSelector('.details-preview strong:has-text("/search")');
    assert.match(await page.locator('#credits-heading + p').innerText(),
                 new RegExp(`“${handle}”: waiting for the reporter to accept`));

    // Scheduled for the value the form proposes (tomorrow, UTC): still private.
    await page.click('button:has-text("Schedule the publication")');
    await page.waitForSelector('.report-facts dd:has-text("scheduled for")');
    await checkPage(page, 'advisory-desk-scheduled');
    const publicPage = await page.goto(`${baseUrl}/p/company/advisories/${state.advisory}`);
    assert.equal(publicPage.status(), 404, 'a scheduled advisory is not public');
    await page.close();
  });

  await t.test('the reporter reads the exact credit line and accepts it', async () => {
    // A reporter in New York reads the instant in their own zone too.
    const context = await browser.newContext({ timezoneId: 'America/New_York' });
    const page = await context.newPage();
    await page.goto(state.link);
    const fix = page.locator('section[aria-labelledby=fix-heading]');
    assert.match(await fix.innerText(), /Expected fix date: 2099-01-15/);
    assert.match(await fix.innerText(), /concatenates user input/);
    const section = page.locator('section[aria-labelledby=advisories-heading]');
    // The company credits reporters in its hall of fame only, and the page says where.
    assert.match(await section.innerText(),
                 new RegExp(`The hall of fame will list you as: ${handle} \\(finder\\)`));
    assert.match(await section.innerText(), /It will be published at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    assert.match(await section.innerText(), /\(your time: [^)]*(EST|EDT|GMT-[45])\)/);
    await checkPage(page, 'advisory-reporter-credit');
    await page.click('button:has-text("Accept this credit")');
    await page.waitForSelector('p:has-text("You accepted")');
    await context.close();
  });

  await t.test('the owner publishes; the advisory is public everywhere and the reporter is linked', async () => {
    const page = await browser.newPage();
    await signIn(page, owner.email, owner.password);
    await page.waitForURL(`${baseUrl}/desk`);
    await page.goto(`${baseUrl}/desk/advisories/${state.advisory}`);
    await page.click('button:has-text("Publish now")');
    await page.waitForSelector('.report-facts strong:has-text("Published")');
    await page.waitForSelector('pre.release-notes');
    await checkPage(page, 'advisory-desk-published');

    await page.goto(`${baseUrl}/p/company/advisories`);
    await page.click(`a:has-text("${state.advisory}")`);
    await page.waitForSelector('h1:has-text("SQL injection in the shop search")');
    assert.ok(await page.locator('.details strong:has-text("/search")').count(), 'Markdown rendered');
    await checkPage(page, 'advisory-public');

    const osv = await (await fetch(`${baseUrl}/p/company/advisories/${state.advisory}.osv.json`)).json();
    assert.equal(osv.id, `x_${state.advisory}`);
    assert.deepEqual(osv.database_specific, { cwe_ids: ['CWE-89'] });
    const feed = await (await fetch(`${baseUrl}/p/company/advisories.atom`)).text();
    assert.ok(feed.includes(state.advisory), 'the feed lists it');

    // The advisory page links its CSAF document; the program's CSAF directory lists it by year, as
    // CSAF 2.0 section 7 asks of a provider.
    const csafLink = await page.locator(`a:has-text("${state.advisory}.csaf.json")`).getAttribute('href');
    const csaf = await (await fetch(`${baseUrl}${csafLink}`)).json();
    assert.equal(csaf.document.tracking.id, state.advisory);
    await page.goto(`${baseUrl}/p/company/advisories`);
    await page.click('a:has-text("CSAF directory")');
    const year = new Date().toISOString().slice(0, 4);
    await page.click(`a:has-text("${year}/")`);
    await page.waitForSelector(`a:has-text("${state.advisory.toLowerCase()}.json.sha256")`);
    await checkPage(page, 'advisory-csaf-directory');

    await page.goto(`${baseUrl}/p/company`);
    await page.click('a:has-text("hall of fame")');
    await page.waitForSelector(`li:has-text("${handle}")`);
    await checkPage(page, 'advisory-hall-of-fame');

    await page.goto(state.link);
    await page.click(`a:has-text("${state.advisory}")`);
    await page.waitForSelector('h1:has-text("SQL injection in the shop search")');
    await page.goto(state.link);
    assert.match(await page.locator('.state').innerText(), /publicly disclosed/);
    await page.close();
  });
});

// PySpector's "the reporter may be invited to verify the patch" (PyFlashBackup promises no such
// thing, so its team cannot ask).
test('a PySpector reporter verifies a patch: incomplete first, then fixed', async () => {
  const reporter = await browser.newPage();
  await reporter.goto(`${baseUrl}/p/pyspector/report`);
  await fillPySpector(reporter, { name: 'Sam S', title: 'Scan reports are written world-readable',
                                  description: 'The report file is written world-readable (0644).' });
  await reporter.click('form button.button[type=submit]');
  await reporter.waitForSelector('h1:has-text("Your report was received")');
  const link = await reporter.inputValue('#tracking-link');
  await reporter.goto(link);
  const id = (await reporter.locator('h1').innerText()).replace('Report ', '').trim();

  const desk = await browser.newPage();
  await signIn(desk, owner.email, owner.password);
  await desk.waitForURL(`${baseUrl}/desk`);
  await desk.goto(`${baseUrl}/desk/reports/${id}`);
  for (const to of ['acknowledged', 'accepted', 'fixing']) {
    await desk.selectOption('#f-to', to);
    await desk.click('#move button[type=submit]');
    await desk.waitForSelector(`.report-facts strong:has-text("${to}")`);
  }
  const patch = '--- a/backup.py\n+++ b/backup.py\n@@ -1 +1 @@\n-os.chmod(path, 0o644)\n' +
                '+os.chmod(path, 0o600)\n';
  await desk.fill('#f-fixed-in', 'the attached patch');
  await desk.fill('#f-verification-body', 'Could you check that the archive is private now?');
  await desk.setInputFiles('#f-patches', { name: 'private-archive.patch', mimeType: 'text/x-diff',
                                           buffer: Buffer.from(patch) });
  await desk.click('button:has-text("Ask the reporter to verify the fix")');
  await desk.waitForSelector('#fix p:has-text("waiting for the answer")');
  await checkPage(desk, 'fix-desk-verification-asked');

  await reporter.goto(link);
  await reporter.waitForSelector('a:has-text("private-archive.patch")');
  await reporter.check('#f-answer-still');
  await reporter.click('button:has-text("Send my answer")');
  await reporter.waitForSelector('#f-because-error');  // still vulnerable needs the reason
  await reporter.check('#f-answer-still');
  await reporter.fill('#f-because', 'The temporary file made before the chmod is still 0644.');
  await reporter.click('button:has-text("Send my answer")');
  await reporter.waitForSelector('p:has-text("still vulnerable")');
  await checkPage(reporter, 'fix-reporter-answered');

  await desk.goto(`${baseUrl}/desk/reports/${id}`);
  assert.match(await desk.locator('#fix').innerText(), /still vulnerable: The temporary file/);
  await desk.fill('#f-fixed-in', '1.4.2');
  await desk.fill('#f-verification-body', 'Release 1.4.2 creates the file private from the start.');
  await desk.click('button:has-text("Ask the reporter to verify the fix")');
  await desk.waitForSelector('#fix p:has-text("waiting for the answer")');
  await reporter.goto(link);
  await reporter.check('#f-answer-fixed');
  await reporter.click('button:has-text("Send my answer")');
  await reporter.waitForSelector('p:has-text("You verified 1.4.2")');
  await reporter.close();
  await desk.close();
});
