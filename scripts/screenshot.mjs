// `npm run screenshot`: the README's picture of a report. Writes the chatbot recommend report, opens it in Debian's
// chromium (playwright-core, offline profile) and keeps the top of the page as docs/report-recommend-chatbot.png.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const dir = mkdtempSync(join(tmpdir(), 'llmplan-shot-'));
const html = join(dir, 'report.html');
const r = spawnSync(process.execPath, ['bin/llmplan.js', 'recommend', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '2026-11-23', '--format', 'html', '--out', html], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1100, height: 2000 },
});
const page = await context.newPage();
await page.goto(`file://${html}`);
await page.screenshot({ path: 'docs/report-recommend-chatbot.png', clip: { x: 0, y: 0, width: 1100, height: 2000 } });
await context.close();
rmSync(dir, { recursive: true, force: true });
console.log('wrote docs/report-recommend-chatbot.png');
