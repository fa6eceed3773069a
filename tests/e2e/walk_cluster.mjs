// A walk through three servers behind nginx (temporary: run by hand, not part of the suite).
import { chromium } from 'playwright-core';
import { fillPySpector } from './pyspector_form.mjs';

const base = 'http://127.0.0.1:8470';
const out = '/tmp/walk/shots';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const reporter = await (await browser.newContext()).newPage();
await reporter.goto(`${base}/p/pyspector`);
await reporter.screenshot({ path: `${out}/1-policy.png`, fullPage: true });
await reporter.goto(`${base}/p/pyspector/report`);
await fillPySpector(reporter, { name: 'Ada Lovelace', title: 'Command injection through --rules', description: 'The rules path reaches a shell.' });
await reporter.click('form button.button[type=submit]');
await reporter.waitForSelector('h1:has-text("Your report was received")');
await reporter.screenshot({ path: `${out}/2-receipt.png`, fullPage: true });
const link = await reporter.inputValue('#tracking-link');
console.log('tracking link', link);
await reporter.goto(link);
await reporter.screenshot({ path: `${out}/3-thread.png`, fullPage: true });

const handler = await (await browser.newContext()).newPage();
await handler.goto(`${base}/signin`);
await handler.fill('#f-email', 'handler@example.org');
await handler.fill('#f-password', 'a long enough password');
await handler.click('form button[type=submit]');
await handler.waitForURL(`${base}/desk`);
await handler.screenshot({ path: `${out}/4-queue.png`, fullPage: true });
for (let i = 0; i < 3; i++) {
  await handler.goto(`${base}/desk`);
  console.log('desk', i, await handler.title());
}
await handler.click('a:has-text("Command injection through --rules")');
await handler.waitForLoadState();
await handler.screenshot({ path: `${out}/5-report.png`, fullPage: true });
console.log('report page', handler.url());
const body = handler.locator('textarea[name=body]').first();
await body.fill('Thank you, Ada: we can reproduce it and are working on a fix.');
await handler.locator('form:has(textarea[name=body]) button[type=submit]').first().click();
await handler.waitForLoadState();
await handler.screenshot({ path: `${out}/6-replied.png`, fullPage: true });
await reporter.goto(link);
await reporter.screenshot({ path: `${out}/7-thread-reply.png`, fullPage: true });
console.log('reply visible to reporter:', (await reporter.locator('main').innerText()).includes('we can reproduce it'));
await browser.close();
