// Mail end to end with real parts: a real SMTP server (the aiosmtpd sink) receives what the
// running server's outbox sends. A new reporter files the Company form with an address, gets
// the receipt by mail and opens its tracking link; answers the receipt from a mail client
// (piped into `embargo mail receive`, as an MTA would); a handler of the test's own sees the
// answer on the desk and replies there, and that reply reaches the reporter by mail, threaded;
// the handler hears of the new report by a mail that names it without its contents.
// Each mail received is saved next to the screenshots (mail-*.eml), to be read by a person.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { cli } from './cli.mjs';
import { baseUrl, launch, outputPath, screenshot, seriousViolations, signIn } from './browser.mjs';
import { startSink, waitForMail } from './mail_sink.mjs';

const embargo = process.env.EMBARGO_BINARY;
const data = process.env.EMBARGO_DATA;
const desk = 'desk@embargo.test';
// A name beyond ASCII, so that the mails carry it encoded (quoted-printable, RFC 2047).
const reporter = { name: 'Rhéa Reporter', email: 'rhea.reporter@example.net' };
// A handler of the Company program of this test's own, so that it does not depend on what the
// other tests did to the first admin (two-factor sign-in) or in which order they run.
const team = { email: 'mika.mail@example.org', password: 'a long passphrase for the mail test' };
// An instance admin of this test's own, who reads the outbox on the desk.
const ops = { email: 'olga.ops@example.org', password: 'another long passphrase for the outbox' };
const report = {
  type: 'Stored XSS in the support chat',
  component: 'https://support.company.example/chat',
  requirements: 'A customer account.',
  steps: '1. Send <img src=x onerror=alert(1)> in the chat. 2. Open it as an agent.',
  impact: 'An attacker runs script in a support agent\'s session.',
};
const answer = 'My answer by mail: the admin panel is also affected.';
const teamReply = 'Thank you: we can reproduce it in the chat and in the admin panel.';

let browser;
let sink;

// Saves a mail next to the screenshots, for a person to read.
function keep(name, raw) {
  writeFileSync(outputPath(`${name}.eml`), raw);
}

// The <id> of a Message-ID, In-Reply-To or References header (the first it names).
const messageId = (value) => /<[^<>\s]+>/.exec(value ?? '')?.[0];

before(async () => {
  assert.ok(embargo && data, 'run.sh passes the binary and the data directory');
  sink = await startSink();
  // The running server's outbox picks the settings up within a second.
  cli(['settings', 'mail', '--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--from', desk,
       '--public-url', baseUrl]);
  cli(['user', 'add', '--email', team.email, '--password-stdin'], `${team.password}\n`);
  cli(['member', 'add', '--program', 'company', '--email', team.email, '--role', 'handler']);
  cli(['user', 'add', '--email', ops.email, '--admin', '--password-stdin'], `${ops.password}\n`);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await sink?.stop();
});

// One story whose steps build on each other (subtests, run in order); the test itself needs
// nothing from the others.
test('a report by form is answered, discussed and listed by mail', async (t) => {
  // What one step learns and a later one uses.
  const state = {};
  await t.test('a reporter files the Company form with an address and gets the receipt by mail', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    assert.equal((await page.goto(`${baseUrl}/p/company/report`)).status(), 200);
    await page.fill('#f-vulnerability_type', report.type);
    await page.fill('#f-affected_component', report.component);
    await page.fill('#f-requirements', report.requirements);
    await page.fill('#f-steps_to_reproduce', report.steps);
    await page.fill('#f-impact', report.impact);
    await page.fill('#f-reporter_name', reporter.name);
    await page.fill('#f-reporter_email', reporter.email);
    await page.check('#f-credit-name');
    await page.check('#f-consent');
    await page.click('form button.button[type=submit]');
    await page.waitForSelector('h1:has-text("Your report was received")');
    const pageLink = await page.inputValue('#tracking-link');
    await screenshot(page, 'mail-receipt-page');

    const receipt = await waitForMail(sink.directory, `receipt to ${reporter.email}`,
                                      (m) => m.envelope.rcpt_tos?.includes(reporter.email));
    keep('mail-receipt', receipt.raw);
    state.receipt = receipt;
    assert.equal(receipt.envelope.mail_from, desk);
    assert.ok(receipt.headers.from.includes(desk), `From: ${receipt.headers.from}`);
    assert.ok(receipt.headers.to.includes(reporter.email), `To: ${receipt.headers.to}`);
    assert.ok(messageId(receipt.headers['message-id']), 'the receipt has a Message-ID');
    assert.ok(receipt.headers['reply-to'], 'the receipt has the report\'s reply address');
    assert.equal(receipt.headers['auto-submitted'], 'auto-generated');
    assert.ok(receipt.body, 'the receipt has a text/plain body');
    assert.ok(receipt.body.includes(`Hello ${reporter.name},`), 'the receipt greets the reporter');
    state.id = /received your report (\S+?)[,.\s]/.exec(receipt.body)?.[1];
    assert.match(state.id ?? '', /^COMPANY-\d{4}-\d{4}$/, 'the receipt names the report');
    const link = /https?:\/\/\S+\/r\/[A-Za-z0-9_-]{43}/.exec(receipt.body)?.[0];
    assert.ok(link?.startsWith(`${baseUrl}/r/`), 'the receipt holds the tracking link');
    state.link = link;
    assert.equal(state.link, pageLink, 'the mail and the receipt page give the same link');
    await context.close();
  });

  await t.test('the handler hears of the new report by mail, without its contents', async () => {
    const told = await waitForMail(sink.directory, `the new report's mail to ${team.email}`,
                                   (m) => m.envelope.rcpt_tos?.includes(team.email) &&
                                          m.headers.subject?.includes('New report'));
    keep('mail-team-new-report', told.raw);
    assert.equal(told.headers.subject, `[${state.id}] New report to Company`);
    assert.ok(told.body.includes(`${baseUrl}/desk/reports/${state.id}`), 'it links to the desk');
    for (const secret of [report.type, report.steps, state.link]) {
      assert.ok(!told.raw.includes(secret), `the team's mail does not carry "${secret}"`);
    }
  });

  await t.test("the receipt's link opens the reporter's thread", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    assert.equal((await page.goto(state.link)).status(), 200);
    const text = await page.locator('main').innerText();
    assert.ok(text.includes(state.id), 'the thread names the report');
    assert.ok(text.includes(report.component), 'the thread shows the report');
    await screenshot(page, 'mail-thread');
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
  });

  await t.test('the reporter answers the receipt by mail, which the MTA pipes to embargo mail receive', () => {
    const { headers, body } = state.receipt;
    state.answerId = `<${randomBytes(12).toString('hex')}@mail.example.net>`;
    const quoted = body.split('\n').map((line) => `> ${line}`.trimEnd()).join('\r\n');
    const raw = [
      `From: =?utf-8?B?${Buffer.from(reporter.name).toString('base64')}?= <${reporter.email}>`,
      `To: ${headers['reply-to']}`,
      `Subject: Re: ${headers.subject}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: ${state.answerId}`,
      `In-Reply-To: ${messageId(headers['message-id'])}`,
      `References: ${messageId(headers['message-id'])}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      answer,
      '',
      `On ${headers.date}, ${headers.from} wrote:`,
      quoted,
      '',
    ].join('\r\n');
    keep('mail-reporter-answer', raw);
    const delivery = spawnSync(embargo, ['mail', 'receive', '--data', data],
                               { input: raw, encoding: 'utf8' });
    assert.equal(delivery.status, 0, `embargo mail receive: ${delivery.stdout}${delivery.stderr}`);
    assert.equal(delivery.stdout.trim(), `reply to ${state.id}`);
  });

  await t.test("the handler sees the reporter's answer on the desk and replies, which is mailed", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, team.email, team.password);
    await page.waitForURL(`${baseUrl}/desk`);
    assert.equal((await page.goto(`${baseUrl}/desk/reports/${state.id}`)).status(), 200);
    const thread = page.locator('#thread');
    await thread.waitFor();
    const text = await thread.innerText();
    assert.ok(text.includes(answer), "the reporter's mail is in the thread");
    assert.ok(!text.includes('Anyone who has this link'), 'the quoted receipt is left out');
    await screenshot(page, 'mail-desk-answer');
    assert.deepEqual(await seriousViolations(page), []);

    await page.check('#f-visibility-reporter');
    await page.fill('#f-body', teamReply);
    await page.check('#f-confirm-reporter');
    await page.click('#write button[type=submit]');
    await page.waitForSelector(`.from-team .message:has-text("${teamReply}")`);
    await screenshot(page, 'mail-desk-reply');

    const mail = await waitForMail(sink.directory, `the team's reply to ${reporter.email}`,
                                   (m) => m.envelope.rcpt_tos?.includes(reporter.email) &&
                                          m.body?.includes(teamReply));
    keep('mail-team-reply', mail.raw);
    assert.equal(messageId(mail.headers['in-reply-to']), state.answerId,
                 "the reply answers the reporter's last mail");
    assert.ok(mail.headers.references?.includes(messageId(state.receipt.headers['message-id'])),
              "its References name the thread's first mail");
    assert.equal(mail.headers['reply-to'], state.receipt.headers['reply-to']);
    await context.close();
  });

  await t.test('the handler chooses a daily digest; an admin reads the outbox on the desk', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, team.email, team.password);
    await page.waitForURL(`${baseUrl}/desk`);
    await page.goto(`${baseUrl}/account`);
    assert.ok(await page.isChecked('#f-notify-immediately'), 'members hear immediately at first');
    await page.check('#f-notify-digest');
    await page.click('#notifications-heading ~ form button[type=submit]');
    await page.waitForURL(`${baseUrl}/account`);
    assert.ok(await page.isChecked('#f-notify-digest'), 'the choice is kept');
    await screenshot(page, 'mail-account-notifications');
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();

    const admin = await browser.newContext();
    const desk = await admin.newPage();
    await signIn(desk, ops.email, ops.password);
    await desk.waitForURL(`${baseUrl}/desk`);
    await desk.goto(`${baseUrl}/desk/admin`);
    await desk.click('text=The outbox');
    await desk.waitForSelector('h1:has-text("Outbox")');
    const rows = await desk.locator('tbody tr').allInnerTexts();
    assert.ok(rows.some((row) => row.includes(reporter.email) && row.includes('sent')),
              'the mails to the reporter are listed as sent');
    assert.ok(rows.some((row) => row.includes(team.email) && row.includes('team.report_created')),
              "the team's mail is listed too");
    await screenshot(desk, 'mail-admin-outbox');
    assert.deepEqual(await seriousViolations(desk), []);
    await admin.close();
  });
});
