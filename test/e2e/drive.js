'use strict';
// Drives the VS Code workbench served by code-server (started by run.sh) with headless Chromium and
// checks what a user of the packaged extension sees: Problems rows, lesson hover cards, a quick fix.

const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseArgs } = require('node:util');
const { chromium } = require('playwright-core');

const { lessons, lintText } = require('@pipelint/engine');

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    workspace: { type: 'string' },
    artifacts: { type: 'string' },
    'user-data': { type: 'string' },
  },
});

/** What the Problems panel must list: rule id and the 1-based position VS Code prints as [Ln, Col]. */
const EXPECTED_PROBLEMS = [
  { file: 'load_daily.sql', ruleId: 'blind-insert', line: 2, column: 1 },
  { file: 'notify.ts', ruleId: 'retry-side-effect', line: 8, column: 11 },
  { file: 'setup.sql', ruleId: 'unguarded-ddl', line: 1, column: 1 },
];

const WORKBENCH_TIMEOUT = 60_000;
// The first diagnostic waits for the extension host, the server and, for TypeScript, the ESLint half of the engine.
const FIRST_DIAGNOSTIC_TIMEOUT = 60_000;
const UI_TIMEOUT = 15_000;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let shot = 0;
async function screenshot(page, name) {
  shot += 1;
  const path = join(args.artifacts, `${shot}-${name}.png`);
  await page.screenshot({ path });
  console.log(`screenshot ${path}`);
}

function step(title) {
  console.log(`- ${title}`);
}

/** The message the engine gives for a fixture finding: the editor must show the same text. */
function engineFinding(file, ruleId) {
  const text = readFileSync(join(args.workspace, file), 'utf8');
  const finding = lintText(text, { filename: file }).findings.find((f) => f.ruleId === ruleId);
  assert.ok(finding, `the engine itself reports ${ruleId} in ${file}`);
  return finding;
}

async function openFile(page, name) {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click({ timeout: UI_TIMEOUT });
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: UI_TIMEOUT });
}

function editorLine(page, text) {
  return page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: text }).first();
}

const HOVER_ATTEMPT_MS = 3_000;

/**
 * Hovers a token until the lesson card of `ruleId` shows and returns the card's text. Monaco shows a hover
 * only after real pointer movement. It also re-renders a line's spans while highlighting catches up, and one
 * span may hold several tokens of one colour (`INSERT INTO `), so each attempt finds the span afresh.
 */
async function hoverCard(page, lineText, token, ruleId) {
  const span = editorLine(page, lineText).locator('span span', { hasText: new RegExp(`^${token}`) }).first();
  const card = page.locator('.monaco-hover:visible', { hasText: 'What goes wrong' }).filter({ hasText: ruleId }).first();
  const deadline = Date.now() + UI_TIMEOUT;
  for (;;) {
    const box = await span.boundingBox({ timeout: UI_TIMEOUT });
    if (box) {
      await page.mouse.move(box.x + 2, box.y + box.height / 2);
      await page.mouse.move(box.x + Math.min(8, box.width / 2), box.y + box.height / 2);
      const shown = await card.waitFor({ state: 'visible', timeout: HOVER_ATTEMPT_MS }).then(() => true, () => false);
      if (shown) return (await card.innerText()).replace(/\u00a0/g, ' ');
    }
    if (Date.now() > deadline) throw new Error(`hovering ${token} on "${lineText}" never showed the ${ruleId} lesson card`);
    await page.mouse.move(5, 5);
  }
}

function assertLessonCard(card, finding) {
  const lesson = lessons[finding.concept];
  const title = finding.ruleId.charAt(0).toUpperCase() + finding.ruleId.slice(1).replace(/-/g, ' ');
  assert.match(card, new RegExp(`${title}\\s+${finding.ruleId}`), 'the card is headed by the rule');
  // The diagnostic says what was found; the card says what it costs, then the fix, then the concept.
  assert.ok(card.includes('What goes wrong: '), 'the card says what goes wrong');
  // VS Code shows the diagnostic's own message in the same hover, next to the card: look inside the card only.
  const heading = new RegExp(`${title}\\s+${finding.ruleId}`).exec(card);
  const lspCard = card.slice(heading.index, card.indexOf('Rule docs', heading.index));
  assert.ok(!lspCard.includes(finding.message.replace(/`/g, '')), 'the card does not repeat the diagnostic message');
  assert.ok(card.indexOf('What goes wrong: ') < card.indexOf('Fix: ') && card.indexOf('Fix: ') < card.indexOf('Concept: '), 'consequence, fix, concept');
  assert.ok(card.includes(`Concept: ${lesson.title}, the answer to "${lesson.signals[0]}"`), `the card names the lesson ${lesson.title}`);
  assert.ok(!card.includes(lesson.conceptKey), 'the card does not show the raw concept key');
  assert.match(card, /Open lesson · Rule docs/, 'the card links the lesson and the rule docs');
}

async function closeHover(page) {
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
}

/** Problems rows as { file, text, ruleId, line, column }, read from what the panel renders. */
async function problemRows(page) {
  return page.evaluate(() => {
    const rows = [];
    let file = null;
    for (const row of document.querySelectorAll('.markers-panel .monaco-list-row')) {
      const resource = row.querySelector('.marker-resource, .file-icon .label-name');
      const message = row.querySelector('.marker-message-details, .marker-message');
      if (!message) {
        file = resource ? resource.textContent.trim() : row.textContent.trim();
        continue;
      }
      const text = row.textContent.replace(/\u00a0/g, ' ');
      // The parentheses around the rule id come from CSS, so textContent reads `pipelintblind-insert[Ln 2, Col 1]`.
      const at = /pipelint\(?([\w-]+)\)?\s*\[Ln (\d+), Col (\d+)\]/.exec(text);
      rows.push({ file, text, ruleId: at && at[1], line: at && Number(at[2]), column: at && Number(at[3]) });
    }
    return rows;
  });
}

async function waitForProblems(page, predicate, what) {
  const deadline = Date.now() + UI_TIMEOUT;
  let rows = [];
  while (Date.now() < deadline) {
    rows = await problemRows(page);
    if (predicate(rows)) return rows;
    await page.waitForTimeout(250);
  }
  throw new Error(`Problems panel never showed ${what}; it showed:\n${rows.map((r) => `  ${r.file}: ${r.text}`).join('\n')}`);
}

function sameProblems(rows, expected) {
  const got = rows.map((r) => `${r.file} ${r.ruleId} ${r.line}:${r.column}`).sort();
  const want = expected.map((p) => `${p.file} ${p.ruleId} ${p.line}:${p.column}`).sort();
  return JSON.stringify(got) === JSON.stringify(want);
}

async function checkProblems(page) {
  step('the Problems panel lists each finding with its rule id and position');
  await page.keyboard.press('Control+Shift+M');
  const rows = await waitForProblems(page, (r) => sameProblems(r, EXPECTED_PROBLEMS), 'the three pipelint findings');
  for (const expected of EXPECTED_PROBLEMS) {
    const row = rows.find((r) => r.file === expected.file && r.ruleId === expected.ruleId);
    const { message } = engineFinding(expected.file, expected.ruleId);
    assert.ok(row.text.includes(message), `${expected.file} row shows the engine's message "${message}"; got "${row.text}"`);
  }
  await screenshot(page, 'problems');
}

/**
 * Waits for the pipelint status bar item to read `text` (icons aside) with the codicon `icon`. Text and icon
 * tell the states apart: `pipelint 1 2` with the error icon is one error and two warnings.
 */
async function checkStatusBar(page, text, icon, what) {
  step(`the status bar shows ${what}: "${text}" with the ${icon} icon`);
  const item = page.locator('.statusbar-item', { hasText: new RegExp(`^\\s*${text.replace(/ /g, '\\s+')}\\s*$`) }).first();
  await item.waitFor({ timeout: UI_TIMEOUT });
  const icons = await item.locator('.codicon').evaluateAll((nodes) => nodes.map((n) => [...n.classList].find((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin')));
  assert.equal(icons[0], `codicon-${icon}`, `status bar icons ${JSON.stringify(icons)}`);
}

/** Process ids of the installed extension's language server (its bundle, dist/server.js). */
function serverPids() {
  const { spawnSync } = require('node:child_process');
  const out = spawnSync('pgrep', ['-f', 'pipelint\\.pipelint-[0-9.]+/dist/server\\.js'], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter(Boolean).sort();
}

/** Runs a command from the command palette by its title. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: UI_TIMEOUT });
  await page.keyboard.press('Enter');
}

/** Opens a workspace file through Quick Open, which finds files in folders the Explorer has not expanded. */
async function quickOpen(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: UI_TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: UI_TIMEOUT });
}

/** Clicks the card's "Open lesson" link and checks the lesson view the extension opens beside the editor. */
async function checkLessonView(page, concept) {
  const lesson = lessons[concept];
  step(`the card's Open lesson link opens the ${lesson.title} lesson view`);
  await page.locator('.monaco-hover a', { hasText: 'Open lesson' }).first().click({ timeout: UI_TIMEOUT });
  await page.locator('.tabs-container .tab', { hasText: `Lesson: ${lesson.title}` }).waitFor({ timeout: UI_TIMEOUT });
  // A webview is an iframe holding the page in a second iframe.
  const body = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('body');
  await body.locator('h1, h2', { hasText: lesson.title }).first().waitFor({ timeout: UI_TIMEOUT });
  const text = (await body.innerText()).replace(/\u00a0/g, ' ');
  assert.ok(text.includes(`A concept data engineering interviews test, under "${lesson.sectionTitle}".`), 'the lesson view places the interview concept');
  assert.ok(!text.includes('How Data Moves'), 'the lesson view names no course');
  assert.ok(!text.includes(lesson.conceptKey), 'the lesson view shows no raw concept key');
  assert.doesNotMatch(text, /\]\(https?:|\[`/, 'no raw Markdown link is left in the lesson view');
  await closeHover(page);
  await screenshot(page, `lesson-${concept}-top`);
  // Every link the lesson has, as the view renders it: the rule table included, each a command that opens the
  // rule's page in the view (it works offline), or an https page.
  const links = await body.locator('a').evaluateAll((nodes) => nodes.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') })));
  const rules = lintableRulesTeaching(concept);
  for (const rule of rules) {
    const link = links.find((l) => l.text === rule);
    assert.ok(link, `the lesson view links the rule ${rule}; links: ${JSON.stringify(links)}`);
    assert.equal(link.href, `command:pipelint.showRuleDocs?${encodeURIComponent(JSON.stringify([{ ruleId: rule }]))}`);
  }
  for (const link of links) assert.match(link.href, /^(https:\/\/|command:pipelint\.(showLesson|showRuleDocs)\?)/, `lesson link ${JSON.stringify(link)} opens a lesson, a rule page or an https page`);
  // Scroll the whole view with the mouse wheel, a screen at a time, down to the rule table at its end.
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const scrollTop = () => body.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollTop);
  const height = await body.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollHeight);
  const viewport = await body.evaluate(() => window.innerHeight);
  const pane = await page.locator('iframe.webview.ready').boundingBox();
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  let part = 1;
  for (let last = -1; ; ) {
    const top = await scrollTop();
    if (top === last || part > 40) break;
    last = top;
    await page.mouse.wheel(0, Math.floor(viewport * 0.9));
    await page.waitForTimeout(300);
    if ((await scrollTop()) === top) break;
    part += 1;
    await screenshot(page, `lesson-${concept}-part${part}`);
  }
  const bottom = await scrollTop();
  assert.ok(bottom + viewport >= height - 2, `scrolled to the end: top ${bottom} + ${viewport} of ${height}px`);
  const tableBottom = await frame.locator('table').last().evaluate((t) => t.getBoundingClientRect().bottom);
  assert.ok(tableBottom > 0 && tableBottom <= viewport, `the end of the rule table, the last part of the lesson, is on screen (bottom ${tableBottom}px)`);
  const overflow = await body.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the lesson view fits its pane: ${overflow}px wider than it`);
  console.log(`  lesson view: ${height}px tall, ${links.length} links, ${part} screens`);
}

/** The rule ids of a lesson's "Rules that teach this" table. */
function lintableRulesTeaching(concept) {
  const { allRuleMetas } = require('@pipelint/engine/internal/registry.js');
  return allRuleMetas().filter((m) => m.concept === concept).map((m) => m.id);
}

async function checkJinjaFile(page) {
  const file = 'daily_events.sql.j2';
  step(`${file} opens as SQL (Jinja) and gets its squiggle`);
  await quickOpen(page, file);
  await page.locator('.statusbar-item', { hasText: /^\s*SQL \(Jinja\)\s*$/ }).waitFor({ timeout: UI_TIMEOUT });
  await page.locator('.editor-group-container.active .monaco-editor .squiggly-warning').first().waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT });
  await screenshot(page, 'jinja-sql-squiggle');
}

/** Issue 14.5: a dbt model configured in dbt_project.yml shows what pipelint read, as a lens and inlay hints. */
async function checkCodeLens(page) {
  const file = 'orders_incremental.sql';
  const lens = 'incremental · merge on order_id · lookback 3 days';
  step(`${file} shows the code lens "${lens}" and where its config came from`);
  await quickOpen(page, file);
  const editor = page.locator('.editor-group-container.active .monaco-editor');
  await editor.locator('.codelens-decoration', { hasText: lens }).first().waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT });
  const hints = editor.locator('.view-lines', { hasText: 'dbt_project.yml: materialized, unique_key' }).first();
  await hints.waitFor({ timeout: UI_TIMEOUT });
  assert.equal(await editor.locator('.squiggly-warning, .squiggly-error').count(), 0, 'the model has no finding');
  await screenshot(page, 'code-lens-dbt-model');
}

/** Issue 15.6: Markdown, HTML and command links in a workspace name show as text in the hover, never run. */
async function checkHostileHover(page) {
  const file = 'hostile_name.sql';
  const name = '![x](http://127.0.0.1:9/x.png) `tick` <img src=x> [link](command:workbench.action.quit)';
  step(`a table named ${name} shows literally in the hover`);
  await quickOpen(page, file);
  await editorLine(page, 'INSERT INTO').waitFor({ timeout: UI_TIMEOUT });
  const card = await hoverCard(page, 'INSERT INTO', 'INSERT', 'blind-insert');
  assert.ok(card.includes(name), `the hover shows the name as written; it shows:\n${card}`);
  const hover = page.locator('.monaco-hover:visible', { hasText: 'What goes wrong' }).first();
  assert.equal(await hover.locator('img').count(), 0, 'no image in the hover');
  const hrefs = await hover.locator('a').evaluateAll((nodes) => nodes.map((a) => a.getAttribute('data-href') ?? a.getAttribute('href') ?? ''));
  assert.deepEqual(hrefs.filter((h) => h.includes('workbench.action.quit') || h.includes('127.0.0.1')), [], `links in the hover: ${JSON.stringify(hrefs)}`);
  await screenshot(page, 'hover-literal-name');
  await closeHover(page);
}

async function checkHover(page, file, lineText, token, ruleId) {
  step(`hovering ${token} in ${file} shows the ${ruleId} lesson card`);
  await page.locator('.tabs-container .tab', { hasText: file }).click({ timeout: UI_TIMEOUT });
  await editorLine(page, lineText).waitFor({ timeout: UI_TIMEOUT });
  const finding = engineFinding(file, ruleId);
  assertLessonCard(await hoverCard(page, lineText, token, ruleId), finding);
  await screenshot(page, `hover-${ruleId}`);
  return finding;
}

async function checkQuickFix(page) {
  const file = 'setup.sql';
  step('the unguarded-ddl quick fix adds IF NOT EXISTS, and saving writes it to disk');
  const title = engineFinding(file, 'unguarded-ddl').fix.title;
  await page.locator('.tabs-container .tab', { hasText: file }).click({ timeout: UI_TIMEOUT });
  const create = editorLine(page, 'CREATE TABLE').locator('span span', { hasText: 'CREATE' }).first();
  await create.click({ timeout: UI_TIMEOUT });
  await page.keyboard.press('Control+.');
  const action = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  await action.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await screenshot(page, 'quick-fix-menu');
  await action.click();
  await editorLine(page, 'CREATE TABLE IF NOT EXISTS analytics.daily_orders (').waitFor({ timeout: UI_TIMEOUT });
  await waitForProblems(
    page,
    (r) => sameProblems(r, EXPECTED_PROBLEMS.filter((p) => p.ruleId !== 'unguarded-ddl')),
    'the unguarded-ddl finding gone after the fix',
  );
  await page.keyboard.press('Control+S');
  const path = join(args.workspace, file);
  const deadline = Date.now() + UI_TIMEOUT;
  while (!readFileSync(path, 'utf8').startsWith('CREATE TABLE IF NOT EXISTS analytics.daily_orders (\n')) {
    if (Date.now() > deadline) throw new Error(`${file} on disk was not rewritten:\n${readFileSync(path, 'utf8')}`);
    await page.waitForTimeout(100);
  }
  await screenshot(page, 'after-fix');
}

async function main() {
  const context = await chromium.launchPersistentContext(args['user-data'], {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    timeout: 30_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(UI_TIMEOUT);
  try {
    step('the workbench opens the workspace');
    await page.goto(args.url, { timeout: WORKBENCH_TIMEOUT });
    await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_TIMEOUT });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'setup.sql' }).waitFor({ timeout: WORKBENCH_TIMEOUT });
    step('opening the fixtures puts squiggles under the findings');
    await openFile(page, 'load_daily.sql');
    await page
      .locator('.monaco-editor .squiggly-warning')
      .first()
      .waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT })
      .catch((error) => {
        throw new Error(`no pipelint diagnostic within ${FIRST_DIAGNOSTIC_TIMEOUT / 1000} s: is the extension installed and its server starting? (${error.message.split('\n')[0]})`);
      });
    await openFile(page, 'notify.ts');
    await page.locator('.editor-group-container.active .monaco-editor .squiggly-warning').first().waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT });
    await openFile(page, 'setup.sql');
    await screenshot(page, 'squiggle');
    await checkProblems(page);
    // pipelint.config.json makes unguarded-ddl an error: one error and two warnings in the open files.
    await checkStatusBar(page, 'pipelint 1 2', 'error', 'an error among the open files');
    await checkHover(page, 'notify.ts', 'sendMail', 'sendMail', 'retry-side-effect');
    await closeHover(page);
    await checkQuickFix(page);
    await checkStatusBar(page, 'pipelint 2', 'warning', 'warnings only, once the error is fixed');
    const blindInsert = await checkHover(page, 'load_daily.sql', 'INSERT INTO', 'INSERT', 'blind-insert');
    await checkLessonView(page, blindInsert.concept);
    await checkJinjaFile(page);
    await checkCodeLens(page);
    await checkHostileHover(page);
    await checkStatusBar(page, 'pipelint 4', 'warning', 'the four findings of the open files');
    step('Lint Workspace counts the workspace: models/backfill.sql is not open');
    await runCommand(page, 'Pipelint: Lint Workspace');
    await page.locator('.notifications-toasts', { hasText: 'pipelint: 5 findings in 5 of 8 files linted.' }).waitFor({ timeout: UI_TIMEOUT });
    await checkStatusBar(page, 'pipelint 5', 'warning', 'the workspace count after Lint Workspace');
    await screenshot(page, 'lint-workspace');
    step('Restart Server keeps the workspace results');
    const before = serverPids();
    assert.equal(before.length, 1, `one pipelint server runs: ${before}`);
    await runCommand(page, 'Pipelint: Restart Server');
    const deadline = Date.now() + UI_TIMEOUT;
    while (serverPids().join() === before.join() || serverPids().length !== 1) {
      if (Date.now() > deadline) throw new Error(`the server was not restarted: pids ${before} then ${serverPids()}`);
      await page.waitForTimeout(100);
    }
    await checkStatusBar(page, 'pipelint 5', 'warning', 'the workspace count again after the restart');
    await page.keyboard.press('Control+Shift+M');
    await waitForProblems(page, (rows) => rows.some((r) => r.file === 'backfill.sql' && r.ruleId === 'blind-insert'), 'models/backfill.sql after the restart');
    await screenshot(page, 'after-restart');
    console.log('PASS');
  } catch (error) {
    await page.screenshot({ path: join(args.artifacts, 'failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

main().catch((error) => {
  console.error(`FAIL: ${error.stack ?? error}`);
  process.exitCode = 1;
});
