// The browser stage of `cargo xtask bench`: serves dist/ on 127.0.0.1, drives headless Chromium
// the way a learner would, and prints a table of measured numbers beside their budgets:
//   - transfer size: dist/'s wasm, js, css and html gzipped (level 9);
//   - first meaningful paint: navigation start to the first frame painted after Deployment web
//     and its pods are in the page (median of cold loads), beside the first contentful paint;
//   - frame time while a 200-replica Deployment rolls out at 16×: the main-thread work of each
//     frame of play (engine advance, Yew render, then style and layout, forced), of all frames
//     and of those that changed the page, and the intervals between animation frames;
//   - seek: in a one-hour session, from setting the "Session time" slider to the frame after
//     the new state is painted; each position's median over three sessions in fresh pages.
// A benchmark, not a test: it fails only if the page cannot be driven at all, never on a number.
// Usage (from the repository root, after `cargo xtask dist`): node tests/e2e/bench-ui.mjs [stage]
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { serveDist, launch } from './harness.mjs';

const KB = 1000;
const rows = [];
const row = (what, measured, budget, ok) => rows.push({ what, measured, budget, ok });
const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = Math.min(s.length - 1, Math.ceil(q * s.length) - 1);
  return s[Math.max(0, i)];
}
const ms = (x) => `${x.toFixed(1)} ms`;
const log = (line) => process.stderr.write(`bench-ui: ${line}\n`);

// ---- (i) transfer size ----------------------------------------------------------------------
async function transferSize() {
  let raw = 0;
  let gz = 0;
  const parts = [];
  for (const name of (await fs.readdir('dist')).sort()) {
    if (!/\.(wasm|js|css|html)$/.test(name)) continue;
    const body = await fs.readFile(path.join('dist', name));
    const z = zlib.gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gz += z;
    parts.push(`${path.extname(name).slice(1)} ${(z / KB).toFixed(1)}`);
  }
  row('dist/ gzip (wasm+js+css+html)', `${(gz / KB).toFixed(1)} KB (${parts.join(', ')}; raw ${(raw / KB).toFixed(0)} KB)`,
    '≤ 350 KB', gz <= 350 * KB);
}

// In-page instruments, installed before the app's script runs.
function instruments() {
  // When Deployment web shows its pods: the time, then the end of the frame that paints it.
  window.__fmp = new Promise((resolve) => {
    const seen = () => document.querySelector('article[aria-label="Deployment web"] li[aria-label^="Pod "]');
    const done = () => {
      const inDom = performance.now();
      requestAnimationFrame(() => {
        const c = new MessageChannel();
        c.port1.onmessage = () => resolve({ inDom, painted: performance.now() });
        c.port2.postMessage(0);
      });
    };
    const observer = new MutationObserver(() => {
      if (seen()) {
        observer.disconnect();
        done();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  // Work per animation frame of the play loop (the page's requestAnimationFrame callbacks):
  // the callback, the microtasks it queued (Yew renders in one), then style and layout,
  // forced. Every frame while playing counts, drawn or not.
  window.__ticks = [];
  window.__scripts = [];
  window.__engines = [];
  window.__frames = [];
  window.__drawn = [];
  window.__recording = false;
  // Whether a frame changed the page at all.
  let mutated = false;
  new MutationObserver(() => { mutated = true; })
    .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = function (cb) {
    return raf((at) => {
      const t0 = performance.now();
      mutated = false;
      cb(at);
      const engine = performance.now() - t0;
      // Yew renders in a microtask the callback queued, so this one runs after it; then
      // style and layout, forced. (Paint follows in the frame, and shows in its interval.)
      queueMicrotask(() => {
        const script = performance.now() - t0;
        document.body.getBoundingClientRect();
        const total = performance.now() - t0;
        // Mutation records are delivered in a microtask queued by the first mutation.
        queueMicrotask(() => {
          if (!window.__recording) return;
          window.__drawn.push(mutated);
          window.__engines.push(engine);
          window.__scripts.push(script);
          window.__ticks.push(total);
        });
      });
    });
  };
  let last = 0;
  const frame = (t) => {
    if (window.__recording && last) window.__frames.push(t - last);
    last = t;
    raf(frame);
  };
  raf(frame);
}

async function newPage(browser, url) {
  const context = await browser.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(instruments);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  return { page, context, errors };
}

const deployment = (page) => page.getByRole('article', { name: 'Deployment web' });

async function until(what, check, timeout) {
  const stop = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > stop) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

async function terminal(page, line) {
  const prompt = page.getByLabel('kubectl command');
  await prompt.fill(line);
  await prompt.press('Enter');
}

// ---- (ii) first meaningful paint ------------------------------------------------------------
async function firstPaint(browser, server, runs = 7) {
  const fmp = [];
  const fcp = [];
  for (let i = 0; i < runs; i++) {
    const { page, context } = await newPage(browser, server.url);
    const t = await page.evaluate(() => window.__fmp);
    fmp.push(t.painted);
    fcp.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
    await context.close();
  }
  row(`first paint of Deployment web with its pods (median of ${runs} cold loads)`,
    `${ms(median(fmp))} (min ${ms(Math.min(...fmp))}, max ${ms(Math.max(...fmp))}; first contentful paint ${ms(median(fcp))})`,
    '≤ 500 ms', median(fmp) <= 500);
}

// ---- (iii) a 200-replica rollout at 16× -----------------------------------------------------
async function bigRollout(browser, server) {
  const { page, context, errors } = await newPage(browser, server.url);
  await deployment(page).waitFor({ timeout: 30000 });
  await page.getByLabel('Speed').selectOption('16');
  await terminal(page, 'kubectl scale deployment/web --replicas=200');
  await page.getByRole('button', { name: '▶ Play', exact: true }).click();
  // Settled: the summary says so, and one ReplicaSet lane is left (an old lane stays while it
  // has terminating pods), running the image with all 200 pods available. A lane draws at most
  // 16 pod cards and counts the rest, so the lane's header is what says 200. Read with plain
  // selectors in one evaluate: Playwright's role and text engines walk the whole page, and that
  // work, polled every 100 ms, lands between ticks and counts in them.
  const settled = (image) => () => page.evaluate((image) => {
    const d = document.querySelector('article[aria-label="Deployment web"]');
    const s = d?.querySelector('.summary')?.textContent ?? '';
    const lanes = [...(d?.querySelectorAll('section[aria-label^="ReplicaSet "] h3') ?? [])].map((h) => h.textContent);
    return /200 replicas · ready 200 · up-to-date 200 · available 200 /.test(s) && lanes.length === 1
      && lanes[0].includes(`${image} · desired 200 · current 200 · ready 200 · available 200`);
  }, image);
  await until('200 ready nginx:1.25 pods', settled('nginx:1.25'), 180000);
  const started = Date.now();
  await page.evaluate(() => { window.__recording = true; });
  // Ten rollouts, so the 95th percentile stands on some 150 frames rather than a handful.
  const images = ['nginx:1.26', 'nginx:1.27', 'nginx:1.24', 'httpd:2.4', 'nginx:1.25',
    'demo/web:v1', 'demo/web:v2', 'demo/web:v3', 'nginx:1.26', 'nginx:1.25'];
  for (const image of images) {
    await terminal(page, `kubectl set image deployment/web nginx=${image}`);
    await until(`200 ready ${image} pods`, settled(image), 180000);
  }
  const { ticks, engines, scripts, frames, drawn } = await page.evaluate(() => {
    window.__recording = false;
    const w = window;
    return { ticks: w.__ticks, engines: w.__engines, scripts: w.__scripts, frames: w.__frames, drawn: w.__drawn };
  });
  const seconds = (Date.now() - started) / 1000;
  // The budget is judged on the frames that changed the page: a frame in which nothing
  // happened costs next to nothing, and counting those would flatter the median.
  const onlyDrawn = (xs) => xs.filter((_, i) => drawn[i]);
  const work = onlyDrawn(ticks);
  row(`200 replicas at 16×, ${images.length} rollouts: work per frame that changed the page (${work.length} of ${ticks.length} frames in ${seconds.toFixed(0)} s)`,
    `median ${ms(median(work))}, p95 ${ms(quantile(work, 0.95))}, max ${ms(Math.max(...work))}`,
    'median ≤ 8 ms, p95 ≤ 16 ms', median(work) <= 8 && quantile(work, 0.95) <= 16);
  const parts = (xs) => `median ${ms(median(xs))}, p95 ${ms(quantile(xs, 0.95))}`;
  row('  of which the engine (Lab::advance, in the frame callback)', parts(onlyDrawn(engines)), '', true);
  row('  of which the engine and the Yew render (then style and layout)', parts(onlyDrawn(scripts)), '', true);
  row(`  same, every frame of play, changed or not`, parts(ticks), '', true);
  row(`  same, interval between animation frames (${frames.length} frames)`,
    `median ${ms(median(frames))}, p95 ${ms(quantile(frames, 0.95))}, over 20 ms: ${frames.filter((f) => f > 20).length}`,
    '(display rate)', true);
  if (errors.length) log(`page errors: ${errors.join('; ')}`);
  await context.close();
}

// ---- (iv) seek in a one-hour session --------------------------------------------------------
const HOUR_SESSION = `# Rollout Lab session
sim seed 1
sim scenario default
kubectl scale deployment/web --replicas=10
sim wait 5m
kubectl set image deployment/web nginx=nginx:1.26
sim wait 10m
kubectl set image deployment/web nginx=nginx:1.2x
sim wait 10m
kubectl rollout undo deployment/web
sim wait 10m
kubectl set image deployment/web nginx=demo/web:crash
sim wait 10m
kubectl rollout undo deployment/web
sim wait 15m
kubectl scale deployment/web --replicas=3
`;

/** The app's clock: `1:05`, `1:02:03`. */
function clockText(secs) {
  const two = (n) => String(n).padStart(2, '0');
  const [h, m, s] = [Math.floor(secs / 3600), Math.floor(secs / 60) % 60, secs % 60];
  return h ? `${h}:${two(m)}:${two(s)}` : `${Math.floor(secs / 60)}:${two(s)}`;
}

/** One session: opens the link in a fresh page and seeks to each position in turn. */
async function seekSession(browser, server, positions) {
  const fragment = `#s=${Buffer.from(HOUR_SESSION).toString('base64url')}`;
  const t0 = Date.now();
  const { page, context, errors } = await newPage(browser, server.url + fragment);
  await deployment(page).waitFor({ timeout: 60000 });
  const clock = page.getByRole('region', { name: 'Time' }).getByText(/^\d+:\d\d(:\d\d)? \/ \d+:\d\d(:\d\d)?$/);
  await until('the clock at one hour', async () => (await clock.innerText()).endsWith('/ 1:00:00'), 60000);
  const opened = Date.now() - t0;
  const transcript = await page.getByRole('region', { name: 'Terminal' }).getByRole('log').innerText();
  if (/error/i.test(transcript)) log(`the one-hour session's commands failed:\n${transcript}`);
  const slider = page.getByLabel('Session time');
  const times = [];
  for (const at of positions) {
    const { took, text } = await slider.evaluate(async (el, at) => {
      const t0 = performance.now();
      el.value = String(at);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => {
        const c = new MessageChannel();
        c.port1.onmessage = r;
        c.port2.postMessage(0);
      }));
      return { took: performance.now() - t0, text: el.getAttribute('aria-valuetext') };
    }, at);
    if (text !== clockText(at)) log(`seek to ${at} s showed ${text}, expected ${clockText(at)}`);
    times.push(took);
  }
  if (errors.length) log(`page errors: ${errors.join('; ')}`);
  await context.close();
  return { times, opened };
}

// Three sessions, each in a fresh page (so each has its own first seek, the slowest kind), and
// each position's time is its median over the three: one session disturbed by the rest of the
// machine does not decide the row. The slowest single seek gets a line of its own.
const SEEK_SESSIONS = 3;

async function seeks(browser, server) {
  const positions = [3540, 60, 1800, 900, 2700, 3599, 5, 1500, 2100, 3000, 300, 1200];
  const runs = [];
  for (let i = 0; i < SEEK_SESSIONS; i++) {
    const run = await seekSession(browser, server, positions);
    log(`session ${i + 1}, seeks in order (ms): ${run.times.map((t) => t.toFixed(1)).join(' ')}`);
    runs.push(run);
  }
  const perPosition = positions.map((_, i) => median(runs.map((r) => r.times[i])));
  const all = runs.flatMap((r) => r.times);
  const opened = median(runs.map((r) => r.opened));
  row(`seek in a one-hour session (${positions.length} positions, median of ${SEEK_SESSIONS} sessions each; the link opened in ${(opened / 1000).toFixed(1)} s)`,
    `median ${ms(median(perPosition))}, max ${ms(Math.max(...perPosition))}`, '≤ 50 ms', Math.max(...perPosition) <= 50);
  row(`  slowest single seek of the ${all.length}`, ms(Math.max(...all)), '');
}

const server = await serveDist('/bench/');
const browser = await launch();
const only = process.argv[2];
const stages = [
  ['transfer size', () => transferSize()],
  ['first paint', () => firstPaint(browser, server)],
  ['200-replica rollout', () => bigRollout(browser, server)],
  ['seek', () => seeks(browser, server)],
].filter(([name]) => !only || name.startsWith(only));
let broken = false;
try {
  for (const [name, stage] of stages) {
    log(`${name}…`);
    try {
      await stage();
    } catch (e) {
      broken = true;
      row(name, `could not measure: ${e.message.split('\n')[0]}`, '', false);
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const width = Math.max(...rows.map((r) => r.what.length));
const mwidth = Math.max(...rows.map((r) => r.measured.length));
console.log(`\nRollout Lab in headless Chromium (${new Date().toISOString().slice(0, 10)})\n`);
console.log(`${'what'.padEnd(width)}  ${'measured'.padEnd(mwidth)}  budget`);
for (const r of rows) {
  const mark = r.budget.startsWith('(') || r.budget === '' ? '' : r.ok ? '  within' : '  OVER';
  console.log(`${r.what.padEnd(width)}  ${r.measured.padEnd(mwidth)}  ${r.budget}${mark}`);
}
process.exitCode = broken ? 1 : 0;
