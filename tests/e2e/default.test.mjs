// End to end: serve dist/ under a sub-path on 127.0.0.1, open it in headless Chromium, and look
// at the default scenario the way a learner would. Fails on any console error, page error, or
// request to another host. Screenshot: target/e2e/default.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { site as runSite, assertClean, shot } from './harness.mjs';

const site = runSite();

test('the default scenario shows Deployment web with 3 running nginx:1.25 pods', async () => {
  const { page, problems } = await site.browser.open(site.server.url);
  const deployment = page.getByRole('article', { name: 'Deployment web' });
  await deployment.waitFor({ timeout: 15000 });
  await assert.doesNotReject(deployment.getByText('nginx:1.25').first().waitFor({ timeout: 5000 }));
  const pods = deployment.getByRole('listitem', { name: /^Pod web-/ });
  assert.equal(await pods.count(), 3);
  for (const pod of await pods.all()) {
    assert.match(await pod.innerText(), /Running/);
  }
  await shot(page, 'default');
  assertClean(problems, site.server);
});
