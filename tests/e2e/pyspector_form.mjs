// Fills the PySpector report form as a reporter would, so that every test that needs a report
// files it the same way through the public page.
export async function fillPySpector(page, values) {
  await page.fill('#f-reporter_name', values.name);
  await page.fill('#f-reporter_email', 'ada@example.org');
  await page.fill('#f-title', values.title);
  await page.fill('#f-affected_versions', values.versions ?? 'v0.1.3-beta');
  await page.selectOption('#f-severity', values.severity ?? 'high');
  await page.fill('#f-description', values.description);
  await page.fill('#f-impact', values.impact ?? 'Arbitrary command execution.');
  await page.fill('#f-steps_to_reproduce', values.steps ?? '1. Scan a file named ;id;');
  await page.check('#f-credit-name');
  await page.check('#f-consent');
}
