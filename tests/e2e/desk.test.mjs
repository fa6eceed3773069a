// The security team's first day through the desk's pages (issue 5): the admin printed by
// `embargo init` turns on two-factor sign-in, an admin invites a handler, a handler triages a
// report sent through the public form to accepted with a note the reporter cannot see and a
// reply they can, and closes a second report as a duplicate of a first. Each test makes its own
// accounts and reports (./cli.mjs, the public form), so they may run in any order. Every desk
// page is screenshotted and checked with axe-core.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { baseUrl, launch, screenshot, seriousViolations, signIn } from './browser.mjs';
import { newAccount, uniqueTag } from './cli.mjs';
import { fillPySpector } from './pyspector_form.mjs';

const adminEmail = process.env.EMBARGO_ADMIN_EMAIL;
const adminPassword = process.env.EMBARGO_ADMIN_PASSWORD;
const handlerPassword = 'a long handler passphrase';
// Two reports of the same flaw in other words; `tag` makes one test's pair its own.
const first = (tag) => ({
  title: `Command injection through a scanned file name ${tag}`,
  description: `CWE-78: the scanner passes the scanned file name ${tag} to a shell.`,
});
const second = (tag) => ({
  title: `Shell command injection through a scanned file name ${tag}`,
  description: `CWE-78: a file name ${tag} given to the scanner reaches a shell.`,
});
const note = 'Reproduced on 0.1.3: the file name reaches subprocess with shell=True.';
const reply = 'Thank you: we reproduced it and accepted the report; a fix is on its way.';
const duplicateReason = 'The same file-name injection was reported before; we track it there.';

let browser;

before(async () => {
  assert.ok(adminEmail && adminPassword, 'run.sh passes the admin printed by embargo init');
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// Decodes unpadded RFC 4648 base32, as the two-factor page shows the key.
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(c);
    assert.ok(value >= 0, `'${c}' is not a base32 digit`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

// The 6-digit TOTP code (RFC 6238: HMAC-SHA-1, 30-second steps from the epoch) of a time step,
// as an authenticator app computes it.
function totp(key, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 1_000_000).padStart(6, '0');
}

// The server runs the whole seconds of the file EMBARGO_TEST_CLOCK names ahead of this machine
// (run.sh; src/cli/command_time.h): a later 30-second step is reached by moving that offset, not
// by waiting for the step to come.
const clockFile = process.env.EMBARGO_TEST_CLOCK;
async function serverOffset() {
  const text = await readFile(clockFile, 'utf8').catch(() => '0');
  return Number.parseInt(text, 10) || 0;
}
async function currentStep() {
  return Math.floor((Date.now() / 1000 + (await serverOffset())) / 30);
}

// Moves the server's time into a 30-second step after `step`: the server takes each code once.
async function stepAfter(step) {
  while ((await currentStep()) <= step) await writeFile(clockFile, String((await serverOffset()) + 30));
  return currentStep();
}

// Screenshots a desk page and asserts axe-core finds nothing serious on it.
async function checkPage(page, name) {
  await screenshot(page, name);
  assert.deepEqual(await seriousViolations(page), [], `accessibility of ${name}`);
}

async function submitReport(page, values) {
  await page.goto(`${baseUrl}/p/pyspector/report`);
  await fillPySpector(page, { name: 'Ada Lovelace', ...values });
  await page.click('form button.button[type=submit]');
  await page.waitForSelector('h1:has-text("Your report was received")');
  return page.inputValue('#tracking-link');
}

// Moves the report shown on `page` to `to` through the "Change the state" form.
// The desk's words for each state (src/formats/state_words.cc); forms and the API keep the codes.
const STATE_TITLES = {
  new: 'New', acknowledged: 'Acknowledged', needs_info: 'Waiting on the reporter',
  triaged: 'Triaged', accepted: 'Accepted', fixing: 'Fixing', fixed: 'Fixed',
  disclosed: 'Disclosed', duplicate: 'Duplicate', informative: 'Informative',
  not_applicable: 'Not applicable', out_of_scope: 'Out of scope', spam: 'Spam',
  withdrawn: 'Withdrawn',
};

async function moveReport(page, to, fields = {}) {
  await page.selectOption('#f-to', to);
  if (fields.reason) await page.fill('#f-reason', fields.reason);
  if (fields.duplicateOf) await page.fill('#f-duplicate-of', fields.duplicateOf);
  await page.click('#move button[type=submit]');
  const title = STATE_TITLES[to];
  await page.waitForSelector(`#move label[for=f-to]:has-text("Move from “${title}” to"), ` +
                             `#move p:has-text("cannot move a report from “${title}”")`);
}

test('RFC 6238 test vector: the test computes codes as an authenticator app does', () => {
  // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082, of which an app shows the last 6 digits.
  assert.equal(totp(Buffer.from('12345678901234567890'), Math.floor(59 / 30)), '287082');
  assert.deepEqual(base32Decode('GEZDGNBVGY3TQOJQ'), Buffer.from('1234567890'));
});

// A new browser context signed in as a new member of PySpector with `role`, on the desk.
async function signedInMember(name, role) {
  const account = newAccount(name, { program: 'pyspector', role });
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, account.email, account.password);
  await page.waitForURL(`${baseUrl}/desk`);
  return { context, page };
}

// Files a report through the public form in a reporter's own browser; its tracking link.
async function reportThroughTheForm(values) {
  const context = await browser.newContext();
  const link = await submitReport(await context.newPage(), values);
  await context.close();
  return link;
}

// Opens the report whose title is `title` from the desk's queue; its id.
async function openFromQueue(page, title) {
  await page.goto(`${baseUrl}/desk`);
  const row = page.locator('table.queue tr', { hasText: title });
  const id = await row.locator('a').first().innerText();
  await row.locator('a').first().click();
  await page.waitForURL(new RegExp(`/desk/reports/${id}$`));
  return id;
}

test('a reporter sends two similar reports through the public form', async () => {
  const tag = uniqueTag();
  const context = await browser.newContext();
  const page = await context.newPage();
  const firstLink = await submitReport(page, first(tag));
  const secondLink = await submitReport(page, second(tag));
  assert.match(firstLink, /\/r\/[A-Za-z0-9_-]{43}$/);
  assert.notEqual(firstLink, secondLink);
  await context.close();
});

// The one test that uses the admin `embargo init` printed: turning on two-factor sign-in
// changes how that account signs in.
test('the first admin turns on two-factor sign-in, then signs in again with a later code', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/signin`);
  await checkPage(page, 'desk-signin');
  await signIn(page, adminEmail, adminPassword);
  await page.waitForURL(`${baseUrl}/desk`);
  await checkPage(page, 'desk-queue-admin');

  await page.goto(`${baseUrl}/account/two-factor`);
  await page.click('main form button[type=submit]');
  await page.waitForSelector('main code');
  await checkPage(page, 'desk-two-factor-setup');
  const key = base32Decode(await page.locator('main code').innerText());
  const enrolStep = await currentStep();
  await page.fill('#f-code', totp(key, enrolStep));
  await page.click('main form button[type=submit]');
  await page.waitForSelector('h1:has-text("Two-factor sign-in is on")');
  assert.equal(await page.locator('ul.recovery-codes li').count(), 10);
  await checkPage(page, 'desk-recovery-codes');

  await page.goto(`${baseUrl}/account`);
  assert.match(await page.locator('main').innerText(), /On: signing in asks for a code/);
  await checkPage(page, 'desk-account');

  await page.click('header button:has-text("Sign out")');
  await page.waitForURL(`${baseUrl}/signin`);
  assert.equal((await page.goto(`${baseUrl}/account`)).url(), `${baseUrl}/signin?next=%2Faccount`);

  await signIn(page, adminEmail, adminPassword);
  await page.waitForURL(/\/signin\/code/);
  await checkPage(page, 'desk-signin-code');
  await page.fill('#f-code', totp(key, await stepAfter(enrolStep)));
  await page.click('main form button[type=submit]');
  await page.waitForURL(`${baseUrl}/desk`);
  assert.match(await page.locator('header').innerText(), new RegExp(`Sign out ${adminEmail}`));
  await context.close();
});

test('an admin invites a handler, who chooses a password and lands on the desk', async () => {
  const admin = newAccount('ada.admin', { admin: true });
  const handlerEmail = `hana.handler.${uniqueTag()}@example.org`;
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, admin.email, admin.password);
  await page.waitForURL(`${baseUrl}/desk`);
  await page.goto(`${baseUrl}/desk/programs/pyspector/settings`);
  await checkPage(page, 'desk-settings');
  await page.click('main a:has-text("Team and invitations")');
  await page.waitForURL(/\/settings\/team$/);
  await checkPage(page, 'desk-settings-team');
  await page.fill('#f-invite-email', handlerEmail);
  await page.selectOption('#f-invite-role', 'handler');
  await page.click('main button:has-text("Create invitation link")');
  await page.waitForSelector(`h1:has-text("Invitation for ${handlerEmail}")`);
  await checkPage(page, 'desk-invitation-created');
  const link = await page.locator('.secret-once code').innerText();
  assert.match(link, /\/invite\/[A-Za-z0-9_-]{43}$/);

  const handlerContext = await browser.newContext();
  const handler = await handlerContext.newPage();
  assert.equal((await handler.goto(link)).status(), 200);
  assert.match(await handler.locator('main').innerText(), /as a handler/);
  await checkPage(handler, 'desk-invitation');
  await handler.fill('#f-password', handlerPassword);
  await handler.fill('#f-confirm', handlerPassword);
  await handler.click('main button:has-text("Create account and accept")');
  await handler.waitForURL(`${baseUrl}/desk`);
  assert.match(await handler.locator('header').innerText(),
               new RegExp(`Sign out ${handlerEmail}`));
  await checkPage(handler, 'desk-queue');

  await page.goto(`${baseUrl}/desk/programs/pyspector/settings/team`);
  const member = page.locator('main table tr', { hasText: handlerEmail });
  assert.equal(await member.locator('select option[selected]').innerText(), 'handler');
  await handlerContext.close();
  await context.close();
});

test('a handler accepts a report with a note and a confirmed reply; its reporter sees the reply, never the note', async () => {
  const report = first(uniqueTag());
  const link = await reportThroughTheForm(report);
  const { context, page } = await signedInMember('hugo.handler', 'handler');
  await openFromQueue(page, report.title);
  assert.match(await page.locator('h1').innerText(), new RegExp(report.title));
  await checkPage(page, 'desk-report-new');

  await moveReport(page, 'acknowledged');
  await moveReport(page, 'triaged');
  await moveReport(page, 'accepted');
  assert.match(await page.locator('.report-facts').innerText(),
               /Accepted \(accepted\)\. The reporter reads: “Accepted as a vulnerability”/);
  assert.deepEqual(await page.locator('#thread .entry-state').allInnerTexts(), [
    'Moved the report from New to Acknowledged.',
    'Moved the report from Acknowledged to Triaged.',
    'Moved the report from Triaged to Accepted.',
  ]);

  await page.check('#f-visibility-internal');
  await page.fill('#f-body', note);
  await page.click('#write button[type=submit]');
  await page.waitForSelector(`.internal-note .message:has-text("${note}")`);

  // A reply without the confirmation comes back with its text and is not sent.
  await page.check('#f-visibility-reporter');
  await page.fill('#f-body', reply);
  await page.click('#write button[type=submit]');
  await page.waitForSelector('#write .has-error');
  assert.equal((await page.inputValue('#f-body')).trim(), reply);
  assert.equal(await page.locator('.from-team .message', { hasText: reply }).count(), 0);
  await checkPage(page, 'desk-report-reply-unconfirmed');

  await page.check('#f-visibility-reporter');
  await page.check('#f-confirm-reporter');
  await page.click('#write button[type=submit]');
  await page.waitForSelector(`.from-team .message:has-text("${reply}")`);
  await checkPage(page, 'desk-report-accepted');
  await context.close();

  const reporterContext = await browser.newContext();
  const reporter = await reporterContext.newPage();
  assert.equal((await reporter.goto(link)).status(), 200);
  const text = await reporter.locator('main').innerText();
  assert.match(text, /Accepted as a vulnerability/);
  assert.ok(text.includes(reply), 'the reply reaches the reporter');
  assert.ok(!text.includes(note), 'the internal note stays with the team');
  assert.ok(!text.includes('subprocess'), 'no part of the note shows');
  await checkPage(reporter, 'desk-reporter-thread-accepted');
  await reporterContext.close();
});

test('a handler closes a report as a duplicate of an earlier one, with a reason its reporter reads', async () => {
  const tag = uniqueTag();
  await reportThroughTheForm(first(tag));
  const secondLink = await reportThroughTheForm(second(tag));
  const { context, page } = await signedInMember('heidi.handler', 'handler');
  const firstId = await openFromQueue(page, first(tag).title);
  await openFromQueue(page, second(tag).title);
  const similar = page.locator('section[aria-labelledby=similar-heading]');
  assert.equal(await similar.locator(`a:has-text("${firstId}")`).count(), 1,
               'the first report is listed among the possible duplicates');
  // How alike, in words, not a raw score.
  assert.match(await similar.innerText(), /Closest/);
  assert.doesNotMatch(await similar.innerText(), /-\d+\.\d\d/);
  // On a wide screen the thread and the team's forms stand side by side.
  await page.setViewportSize({ width: 1400, height: 900 });
  const threadBox = await page.locator('#thread').boundingBox();
  const triageBox = await page.locator('#triage').boundingBox();
  assert.ok(triageBox.x >= threadBox.x + threadBox.width, 'triage sits right of the thread');
  await checkPage(page, 'desk-report-second');

  await moveReport(page, 'duplicate', { reason: duplicateReason, duplicateOf: firstId });
  const thread = page.locator('#thread');
  assert.match(await thread.innerText(), new RegExp(`duplicate of ${firstId}`));
  assert.equal(await thread.locator(`a:has-text("${firstId}")`).getAttribute('href'),
               `/desk/reports/${firstId}`);
  await checkPage(page, 'desk-report-duplicate');
  await context.close();

  const reporterContext = await browser.newContext();
  const reporter = await reporterContext.newPage();
  await reporter.goto(secondLink);
  const text = await reporter.locator('main').innerText();
  assert.match(text, /Closed: someone reported this before you/);
  assert.match(text, new RegExp(`duplicate of ${firstId}`));
  assert.ok(text.includes(duplicateReason), 'the closing reason reaches the reporter');
  assert.ok(text.includes(`This report was closed as a duplicate of ${firstId}; replies are closed.`),
            'the reporter is told why they cannot write');
  assert.equal(await reporter.locator('#f-body').count(), 0, 'no reply form on a closed report');
  await checkPage(reporter, 'desk-reporter-thread-duplicate');
  await reporterContext.close();
});
