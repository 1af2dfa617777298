// Opens the preview in headless Chromium (Debian's chromium, driven by playwright-core),
// checks that every component renders its main content without a console error, and saves
// one PNG per component plus the whole page. It also runs axe-core's accessibility checks on
// the rendered page.

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Each component, and what only its main content (not its empty or error state) contains. */
export const COMPONENTS = [
  { tag: 'c-implementation-tracker', file: 'implementationTracker.png', content: '.path' },
  { tag: 'c-success-milestones', file: 'successMilestones.png', content: '.route-step[data-id]' },
  { tag: 'c-health-summary', file: 'healthSummary.png', content: '.score' },
  { tag: 'c-business-reviews', file: 'businessReviews.png', content: '.reviews' },
  { tag: 'c-customer-people', file: 'customerPeople.png', content: '.people-list' },
  { tag: 'c-handoff-checklist', file: 'handoffChecklist.png', content: '.items' }
] as const;

export const FULL_PAGE_FILE = 'recordPage.png';

/**
 * The components that ask the satisfaction questions of a stage Done or a review Completed
 * (DESIGN §9.9). The screenshots unfold the first one of each, which writes nothing.
 */
const SATISFACTION_HOSTS = ['c-implementation-tracker', 'c-business-reviews'];

export interface ScreenshotResult {
  files: string[];
  /** console errors, page errors, failed requests and components that did not render */
  problems: string[];
}

const RENDER_TIMEOUT_MS = 60_000;

export async function takeScreenshots(pageUrl: string, dir: string): Promise<ScreenshotResult> {
  mkdirSync(dir, { recursive: true });
  const problems: string[] = [];
  const files: string[] = [];
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    watchForErrors(page, problems);
    await page.goto(pageUrl, { waitUntil: 'load' });

    for (const component of COMPONENTS) {
      const host = page.locator(component.tag);
      try {
        await host.locator(component.content).first().waitFor({ state: 'visible', timeout: RENDER_TIMEOUT_MS });
      } catch {
        problems.push(
          `${component.tag} did not render its main content (${component.content}): ${await stateOf(page, component.tag)}`
        );
      }
    }
    // Icons load as separate chunks; let them arrive before taking pictures.
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => document.fonts.ready);
    // An icon name lightning-base-components does not know renders as an empty <use>.
    for (const name of await page
      .locator('svg:has(> use[href=""])')
      .evaluateAll((svgs) => svgs.map((svg) => svg.getAttribute('data-key')))) {
      problems.push(`an icon did not render: "${name ?? 'unknown'}" is not an icon lightning-base-components knows`);
    }

    await unfoldSatisfactionQuestions(page);
    problems.push(...(await accessibilityViolations(page)));

    for (const component of COMPONENTS) {
      const file = path.join(dir, component.file);
      await page.locator(component.tag).screenshot({ path: file });
      files.push(file);
    }
    const full = path.join(dir, FULL_PAGE_FILE);
    await page.screenshot({ path: full, fullPage: true });
    files.push(full);
  } finally {
    await browser.close();
  }
  return { files, problems };
}

/** Unfolds the first satisfaction questions of each component that shows some (a young deal has none). */
async function unfoldSatisfactionQuestions(page: Page): Promise<void> {
  for (const tag of SATISFACTION_HOSTS) {
    const questions = page.locator(`${tag} c-satisfaction-questions`).first();
    if ((await questions.count()) > 0) {
      await questions.locator('summary').click();
      await questions.locator('.questions').waitFor({ state: 'visible' });
    }
  }
}

function watchForErrors(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`)
  );
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
}

/**
 * axe-core's WCAG checks on the rendered page, through open shadow roots and with the real base
 * components and colours (Jest's sa11y check sees stubs and no styles). axe-core comes with
 * @sa11y/jest.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<AxeResults> } }).axe;
    const results = await axe.run(document);
    return results.violations.map((v) => ({
      id: v.id,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' > '))
    }));
  });
  return violations.map((v) => `accessibility (${v.id}): ${v.help}: ${v.targets.join('; ')}`);
}

interface AxeResults {
  violations: { id: string; help: string; nodes: { target: string[] }[] }[];
}

/** What a component shows instead of its main content, for the error message. */
export async function stateOf(page: Page, tag: string): Promise<string> {
  const host = page.locator(tag);
  if ((await host.count()) === 0) return 'it is not on the page';
  const panel = host.locator('c-error-panel .error-panel');
  if ((await panel.count()) > 0) {
    // The host's own innerText is empty: the message is in its shadow root, which the locator enters.
    return `it shows an error: ${(await panel.innerText()).replace(/\s+/g, ' ')}`;
  }
  if ((await host.locator('lightning-spinner').count()) > 0) return 'it is still loading';
  return `it shows: ${(await host.innerText()).replace(/\s+/g, ' ').slice(0, 200)}`;
}
