// A reporter's first steps: the index of programs and each program's policy page, with and
// without JavaScript, accessible (axe-core: no serious or critical violation), and with the
// security headers of docs/design.md.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { baseUrl, launch, screenshot, seriousViolations } from './browser.mjs';

const programs = ['company', 'project', 'pyflashbackup', 'pykour', 'pyspector'];
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the index lists every program and links to its page', async () => {
  const page = await browser.newPage();
  const response = await page.goto(`${baseUrl}/`);
  assert.equal(response.status(), 200);
  const csp = response.headers()['content-security-policy'];
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(response.headers()['x-content-type-options'], 'nosniff');
  assert.equal(response.headers()['referrer-policy'], 'no-referrer');
  for (const slug of programs) {
    assert.equal(await page.locator(`a[href$="/p/${slug}"]`).count() > 0, true, slug);
  }
  await screenshot(page, 'index');
  assert.deepEqual(await seriousViolations(page), []);
  await page.close();
});

for (const slug of programs) {
  test(`the policy page of ${slug} renders and is accessible`, async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const response = await page.goto(`${baseUrl}/p/${slug}`);
    assert.equal(response.status(), 200);
    assert.equal(await page.locator('h1').count(), 1);
    assert.ok((await page.locator('html').getAttribute('lang'))?.length > 0);
    await screenshot(page, `policy-${slug}`);
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(errors, [], 'no console errors (a CSP violation would show here)');
    await page.close();
  });
}

test('policy pages work with JavaScript off', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const response = await page.goto(`${baseUrl}/p/pyspector`);
  assert.equal(response.status(), 200);
  assert.ok((await page.locator('main').innerText()).length > 200);
  await context.close();
});

test('an unknown program is a 404 page that reveals nothing', async () => {
  const page = await browser.newPage();
  const response = await page.goto(`${baseUrl}/p/no-such-program`);
  assert.equal(response.status(), 404);
  assert.doesNotMatch(await page.content(), /pyspector|pykour|company/i);
  await page.close();
});
