// A learner's journeys through the built site, one test each: break a rollout with a typo'd
// tag, undo it, scrub back and replay, use the terminal, reload, share a link, and use it on a
// phone. Elements are found by role, label and visible text. Every step leaves a screenshot in
// target/e2e/journey-*.png, and every test fails on a console error or a request to another host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { site as runSite, assertClean, shot } from './harness.mjs';

const site = runSite();

const WAIT = 20000;

/** Polls `check` (an async function returning a truthy value) until it holds. */
async function until(what, check, timeout = WAIT) {
  const stop = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > stop) assert.fail(`timed out after ${timeout} ms waiting for ${what} (last: ${last})`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

const deployment = (page) => page.getByRole('article', { name: 'Deployment web' });
const pods = (page) => deployment(page).getByRole('listitem', { name: /^Pod web-/ });
const lanes = (page) => deployment(page).getByRole('region', { name: /^ReplicaSet web-/ });
const summary = (page) => deployment(page).getByText(/ replicas · ready /);
const terminalLog = (page) => page.getByRole('region', { name: 'Terminal' }).getByRole('log');
const playButton = (page) => page.getByRole('button', { name: '▶ Play', exact: true });
const pauseButton = (page) => page.getByRole('button', { name: 'Ⅱ Pause', exact: true });
const clock = (page) => page.getByRole('region', { name: 'Time' }).getByText(/^\d+:\d\d \/ \d+:\d\d$/);

async function open(path = '', options) {
  const opened = await site.browser.open(site.server.url + path, options);
  await pods(opened.page).first().waitFor({ timeout: 15000 });
  return opened;
}

/** Seconds on the playhead, from the clock a learner reads (`1:05 / 2:00`). */
async function playhead(page) {
  const [m, s] = (await clock(page).innerText()).split(' / ')[0].split(':').map(Number);
  return m * 60 + s;
}

async function play(page, speed) {
  await page.getByLabel('Speed').selectOption(String(speed));
  await playButton(page).click();
}

async function pause(page) {
  await pauseButton(page).click();
  await playButton(page).waitFor();
}

/** The pods' cards, as `image status` strings. */
async function podTexts(page) {
  return pods(page).evaluateAll((cards) => cards.map((c) => c.innerText.replace(/\s+/g, ' ')));
}

async function setImage(page, image) {
  await page.getByLabel('Image reference').fill(image);
  await page.getByRole('button', { name: /^Set image/ }).click();
}

/** Types a line at the terminal's prompt and answers what it printed. */
async function runInTerminal(page, line) {
  const prompt = page.getByLabel('kubectl command');
  await prompt.fill(line);
  await prompt.press('Enter');
  await terminalLog(page).getByText(`$ ${line}`, { exact: true }).last().waitFor();
  const log = await terminalLog(page).innerText();
  const after = log.slice(log.lastIndexOf(`$ ${line}\n`) + line.length + 3);
  return after.split(/^\$ /m)[0].trimEnd();
}

test('a typo in the image tag: pods back off pulling and the rollout stalls, and says why', async () => {
  const { page, context, problems } = await open();
  await shot(page, 'journey-a-1-start');

  await setImage(page, 'nginx:1.2x');
  await terminalLog(page).getByText('$ kubectl set image deployment/web nginx=nginx:1.2x').waitFor();
  await play(page, 16);
  const backingOff = pods(page).filter({ hasText: 'nginx:1.2x' }).filter({ hasText: 'ImagePullBackOff' });
  await backingOff.first().waitFor({ timeout: WAIT });
  await pause(page);
  await shot(page, 'journey-a-2-image-pull-backoff');
  // The registry select shows the image the Deployment asks for, although the registry lacks it.
  const registry = page.getByLabel('Image from the registry');
  assert.equal(await registry.inputValue(), 'nginx:1.2x');
  assert.match(await registry.locator('option:checked').innerText(), /^nginx:1\.2x \(current; not in the registry\)$/);

  // maxSurge 25% of 3 rounds up to 1 and maxUnavailable rounds down to 0: one new pod that
  // never starts, three old ones that must stay.
  const texts = await podTexts(page);
  assert.equal(texts.filter((t) => t.includes('nginx:1.2x')).length, 1, texts.join('\n'));
  assert.equal(texts.filter((t) => t.includes('nginx:1.25') && /Running/.test(t)).length, 3, texts.join('\n'));
  const maxPods = deployment(page).getByRole('meter', { name: 'Pods (≤ max)' });
  assert.equal(await maxPods.getAttribute('aria-valuetext'), '4 / 4');
  const available = deployment(page).getByRole('meter', { name: 'Available (≥ min)' });
  assert.equal(await available.getAttribute('aria-valuetext'), '3 / 3');
  const why = deployment(page).getByRole('status');
  assert.match(await why.innerText(), /^Stuck between the two limits: can't add new pods \(4 of at most 4\)/);
  await why.scrollIntoViewIfNeeded();
  await shot(page, 'journey-a-3-why');
  // The events panel is a table of rows and cells to a screen reader too (its rows are laid
  // out as grids): the kubelet's warning about the pull is a row of its own.
  const events = page.getByRole('region', { name: 'Events' }).getByRole('table');
  const pullFailed = events.getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'Failed', exact: true }) })
    .filter({ hasText: 'Failed to pull image "nginx:1.2x"' });
  await pullFailed.first().scrollIntoViewIfNeeded();
  assert.match(await pullFailed.first().textContent(), /^\d+:\d\d( \(x\d+\))?WarningFailedpod\/web-[a-z0-9]+-[a-z0-9]{5}Failed to pull image "nginx:1\.2x": /);
  await shot(page, 'journey-a-4-events');
  assertClean(problems, site.server);
  await context.close();
});

test('undo with the u key: the old ReplicaSet scales back up to every replica', async () => {
  const { page, context, problems } = await open('?scenario=ten-replicas');
  await setImage(page, 'demo/web:v9');
  await play(page, 16);
  // 10 replicas, maxSurge 3, maxUnavailable 2: the old ReplicaSet goes down to 8, the new one
  // up to 5, none of which ever pull.
  const oldLane = lanes(page).filter({ hasText: 'demo/web:v1' });
  const newLane = lanes(page).filter({ hasText: 'demo/web:v9' });
  await oldLane.getByText(/ · desired 8 · current 8 · ready 8 · available 8/).waitFor({ timeout: WAIT });
  await newLane.getByText(/ · desired 5 · /).waitFor({ timeout: WAIT });
  await newLane.getByText('ImagePullBackOff').first().waitFor({ timeout: WAIT });
  await shot(page, 'journey-b-1-stalled');

  await page.getByRole('heading', { name: 'Deployment web', exact: true }).click();
  await page.keyboard.press('u');
  await terminalLog(page).getByText('$ kubectl rollout undo deployment/web', { exact: true }).waitFor();
  await oldLane.getByText(/ · desired 10 · current 10 · ready 10 · available 10 · new/).waitFor({ timeout: WAIT });
  await newLane.waitFor({ state: 'detached', timeout: WAIT });
  await pause(page);
  await shot(page, 'journey-b-2-undone');
  const texts = await podTexts(page);
  assert.equal(texts.length, 10, texts.join('\n'));
  assert.ok(texts.every((t) => t.includes('demo/web:v1')), texts.join('\n'));
  assert.match(await summary(page).innerText(), /10 replicas · ready 10 · up-to-date 10 · available 10 · revision 3/);
  assertClean(problems, site.server);
  await context.close();
});

test('Space presses a focused button once, and plays or pauses anywhere else', async () => {
  const { page, context, problems } = await open();
  const restart = page.getByRole('button', { name: 'Restart', exact: true });
  assert.equal(await restart.getAttribute('aria-description'), 'kubectl rollout restart deployment/web');
  await restart.click();
  await page.keyboard.press(' ');
  const restarts = terminalLog(page).getByText('$ kubectl rollout restart deployment/web', { exact: true });
  await until('the second restart', async () => (await restarts.count()) === 2);
  // Pressed the focused button (its second restart comes within a second of the first), and
  // did not start playing.
  await playButton(page).waitFor();
  await page.getByRole('heading', { name: 'Deployment web', exact: true }).click();
  await page.keyboard.press(' ');
  await pauseButton(page).waitFor();
  await page.keyboard.press(' ');
  await playButton(page).waitFor();
  assert.equal(await restarts.count(), 2);
  assertClean(problems, site.server);
  await context.close();
});

test('scrub back to before a rollout, see the old pods, then replay from there', async () => {
  const { page, context, problems } = await open();
  await play(page, 16);
  await until('10 s of session time', async () => (await playhead(page)) >= 10);
  await pause(page);
  const changedAt = await playhead(page);

  await page.getByLabel('Image from the registry').selectOption('nginx:1.26');
  await page.getByRole('button', { name: /^Set image/ }).click();
  await play(page, 16);
  const rolledOut = async () => {
    const texts = await podTexts(page);
    return texts.length === 3 && texts.every((t) => t.includes('nginx:1.26') && /Running/.test(t));
  };
  await until('three running nginx:1.26 pods', rolledOut);
  await pause(page);
  await shot(page, 'journey-c-1-rolled-out');
  const end = await playhead(page);

  await page.getByRole('button', { name: '◀ Back', exact: true }).click();
  await until('the clock one second back', async () => (await playhead(page)) === end - 1);

  await page.getByLabel('Session time').fill(String(changedAt - 5));
  await until('the clock at the earlier time', async () => (await playhead(page)) === changedAt - 5);
  const before = await podTexts(page);
  assert.equal(before.length, 3, before.join('\n'));
  assert.ok(before.every((t) => t.includes('nginx:1.25') && /Running/.test(t)), before.join('\n'));
  assert.equal(await lanes(page).count(), 1);
  assert.equal(await page.getByLabel('Session time').getAttribute('aria-valuetext'), `0:${String(changedAt - 5).padStart(2, '0')}`);
  await shot(page, 'journey-c-2-scrubbed-back');

  await page.getByRole('button', { name: '↻ Replay from here' }).click();
  await pauseButton(page).waitFor();
  await until('the rollout replayed', rolledOut);
  await pause(page);
  await shot(page, 'journey-c-3-replayed');
  // The registry select follows the Deployment's image through the scrub and the replay.
  assert.equal(await page.getByLabel('Image from the registry').inputValue(), 'nginx:1.26');
  // The replay re-ran the recorded command without printing it a second time.
  const lines = await terminalLog(page).getByText(/^\$ kubectl set image/).allInnerTexts();
  assert.deepEqual(lines, ['$ kubectl set image deployment/web nginx=nginx:1.26']);
  assertClean(problems, site.server);
  await context.close();
});

test('kubectl get pods in the terminal prints the pods as kubectl does', async () => {
  const { page, context, problems } = await open();
  const output = await runInTerminal(page, 'kubectl get pods');
  const [header, ...rows] = output.split('\n');
  assert.match(header, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
  assert.equal(rows.length, 3, output);
  const shown = (await podTexts(page)).map((t) => t.split(' ')[0]).sort();
  assert.deepEqual(rows.map((r) => r.split(/\s+/)[0]).sort(), shown);
  for (const row of rows) assert.match(row, /^web-\S+\s+1\/1\s+Running\s+0\s+\S+$/);

  assert.match(await runInTerminal(page, 'kubectl get deploy web'), /^web\s+3\/3\s+3\s+3\s+/m);
  await shot(page, 'journey-d-terminal');
  assertClean(problems, site.server);
  await context.close();
});

test('take a pod out of its ReplicaSet from its card, see it apart and replaced, then put it back', async () => {
  const { page, context, problems } = await open();
  const card = pods(page).first();
  const name = (await card.getAttribute('aria-label')).replace(/^Pod /, '');
  await card.getByRole('button', { name: `Faults for ${name}` }).click();
  await card.getByRole('button', { name: `Relabel ${name} (take out)` }).click();
  const apart = page.getByRole('article', { name: 'Not controlled by a Deployment' });
  await until('the pod in the unowned panel', async () =>
    (await apart.getByRole('listitem', { name: `Pod ${name}` }).count()) === 1);
  await play(page, 16);
  await until('a replacement in the ReplicaSet', async () => {
    const texts = await podTexts(page);
    return texts.length === 3 && texts.every((t) => /Running/.test(t)) && !texts.some((t) => t.startsWith(name));
  });
  await pause(page);
  assert.match(await runInTerminal(page, `kubectl get pod ${name} --show-labels`), /app=web-debug/);
  await shot(page, 'journey-relabel-apart');
  const orphan = apart.getByRole('listitem', { name: `Pod ${name}` });
  await orphan.getByRole('button', { name: `Faults for ${name}` }).click();
  await orphan.getByRole('button', { name: `Relabel ${name} (put back)` }).click();
  await until('the panel gone, the pod adopted and one too many deleted', async () =>
    (await apart.count()) === 0 && (await pods(page).count()) >= 3);
  assert.match(await runInTerminal(page, `kubectl describe pod ${name}`), /Controlled By:\s+ReplicaSet\/web-/);
  await shot(page, 'journey-relabel-back');
  assertClean(problems, site.server);
  await context.close();
});

test('taint a node from its card: its pods are evicted and run elsewhere, then untaint it', async () => {
  const { page, context, problems } = await open();
  const node = page.getByLabel('Node node-1', { exact: true });
  await node.getByRole('button', { name: 'taint', exact: true }).click();
  await until('the card shows the taint', async () => /tainted maintenance:NoExecute/.test(await node.innerText()));
  await play(page, 16);
  await until('three running pods, none on node-1', async () => {
    const texts = await podTexts(page);
    return texts.length === 3 && texts.every((t) => /Running/.test(t)) &&
      /Non-terminated Pods:\s+\(0 in total\)/.test(await runInTerminal(page, 'kubectl describe node node-1'));
  });
  await pause(page);
  assert.match(await runInTerminal(page, 'kubectl get events'), /TaintManagerEviction/);
  await shot(page, 'journey-taint');
  await node.getByRole('button', { name: 'untaint', exact: true }).click();
  await until('the taint gone from the card', async () => !/tainted/.test(await node.innerText()));
  assert.match(await runInTerminal(page, 'kubectl describe node node-1'), /Taints:\s+<none>/);
  assertClean(problems, site.server);
  await context.close();
});

test('a reload keeps the session', async () => {
  const { page, context, problems } = await open();
  await page.getByRole('spinbutton', { name: 'Replicas' }).fill('5');
  await page.getByRole('button', { name: /^Scale/ }).click();
  await play(page, 16);
  const fiveRunning = async () => {
    const texts = await podTexts(page);
    return texts.length === 5 && texts.every((t) => /Running/.test(t));
  };
  await until('five running pods', fiveRunning);
  await pause(page);
  await shot(page, 'journey-e-1-scaled');
  const saved = await page.evaluate(() => localStorage.getItem('rollout-lab.session'));
  assert.match(saved, /kubectl scale deployment\/web --replicas=5/);

  await page.reload();
  await pods(page).first().waitFor({ timeout: 15000 });
  assert.match(await summary(page).innerText(), /^RollingUpdate · 5 replicas/);
  await terminalLog(page).getByText('$ kubectl scale deployment/web --replicas=5', { exact: true }).waitFor();
  await play(page, 16);
  await until('five running pods after the reload', fiveRunning);
  await pause(page);
  await shot(page, 'journey-e-2-reloaded');
  assertClean(problems, site.server);
  await context.close();
});

test('time plays at the chosen speed, with the display: 4× plays four seconds a second, never more', async () => {
  const { page, context, problems } = await open();
  const before = await playhead(page);
  const started = Date.now();
  await play(page, 4);
  await until('8 s of session time', async () => (await playhead(page)) >= before + 8);
  await pause(page);
  const real = (Date.now() - started) / 1000;
  const played = (await playhead(page)) - before;
  // The clock shows whole seconds, so a second of slack; a slow machine plays slower, not
  // in leaps (a frame plays at most 100 ms of real time).
  assert.ok(played <= 4 * real + 1, `played ${played} s in ${real.toFixed(2)} s of real time at 4×`);
  assert.ok(played >= 8, `played ${played} s`);
  assertClean(problems, site.server);
  await context.close();
});

test('Share puts the session in the link, and the link opens the same state elsewhere', async () => {
  const { page, context, problems } = await open('', { permissions: ['clipboard-read', 'clipboard-write'] });
  await play(page, 4);
  await until('3 s of session time', async () => (await playhead(page)) >= 3);
  await pause(page);
  await setImage(page, 'demo/web:crash');
  await runInTerminal(page, 'kubectl scale deployment/web --replicas=4');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await until('#s= in the address bar', async () => new URL(page.url()).hash.startsWith('#s='));
  const link = page.url();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await shot(page, 'journey-f-1-shared');
  const here = await deployment(page).innerText();

  // Another browser profile: no localStorage, only the link.
  const elsewhere = await open(link.slice(site.server.url.length));
  assert.equal(await elsewhere.page.evaluate(() => localStorage.length), 0);
  assert.equal(await clock(elsewhere.page).innerText(), await clock(page).innerText());
  assert.equal(await deployment(elsewhere.page).innerText(), here);
  await terminalLog(elsewhere.page).getByText('$ kubectl set image deployment/web nginx=demo/web:crash').waitFor();
  await terminalLog(elsewhere.page).getByText('$ kubectl scale deployment/web --replicas=4').waitFor();
  await shot(elsewhere.page, 'journey-f-2-opened-elsewhere');

  // Played on, both give the same crash loop.
  await play(page, 16);
  await play(elsewhere.page, 16);
  for (const p of [page, elsewhere.page]) {
    await pods(p).filter({ hasText: 'CrashLoopBackOff' }).first().waitFor({ timeout: WAIT });
    await pause(p);
  }
  await shot(elsewhere.page, 'journey-f-3-played-elsewhere');
  assertClean(elsewhere.problems, site.server);
  await elsewhere.context.close();
  assertClean(problems, site.server);
  await context.close();
});

test('at 360 px wide nothing scrolls sideways', async () => {
  const { page, context, problems } = await open('?scenario=ten-replicas', { viewport: { width: 360, height: 780 } });
  const scrollWidth = () => page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok((await scrollWidth()) <= 360, `scrollWidth ${await scrollWidth()} at the start`);
  await shot(page, 'journey-g-1-phone');

  await setImage(page, 'nginx:1.2x');
  await play(page, 16);
  await deployment(page).getByRole('status').waitFor({ timeout: WAIT });
  await pods(page).filter({ hasText: 'ImagePullBackOff' }).first().waitFor({ timeout: WAIT });
  await pause(page);
  assert.ok((await scrollWidth()) <= 360, `scrollWidth ${await scrollWidth()} during a stalled rollout`);
  await shot(page, 'journey-g-2-phone-stalled');

  // The rollout history's undo button keeps its words on a line (not a letter a line).
  const undoTo = page.getByRole('button', { name: 'Undo to this', exact: true });
  await undoTo.scrollIntoViewIfNeeded();
  const box = await undoTo.boundingBox();
  assert.ok(box.width >= 200 && box.height <= 80, `Undo to this is ${box.width} × ${box.height} px`);
  await shot(page, 'journey-g-3-phone-history');

  await runInTerminal(page, 'kubectl get pods -o wide');
  await runInTerminal(page, 'kubectl describe deployment web');
  assert.ok((await scrollWidth()) <= 360, `scrollWidth ${await scrollWidth()} after wide terminal output`);
  await shot(page, 'journey-g-4-phone-terminal');
  assertClean(problems, site.server);
  await context.close();
});
