// The component preview end to end: the real build (LWC compiler + lightning-base-components),
// the real local org with the demo data, Debian's Chromium through playwright-core.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startLocalOrg, type LocalOrg } from '../local-org/index.js';
import { buildPreviewIfChanged, previewPaths } from '../../scripts/preview/build.js';
import { currentUserId } from '../../scripts/preview/demo-record.js';
import {
  accessibilityViolations,
  CHROMIUM_PATH,
  COMPONENTS,
  FULL_PAGE_FILE,
  stateOf
} from '../../scripts/preview/screenshots.js';
import { startPreviewServer, type PreviewServer } from '../../scripts/preview/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = path.join(ROOT, 'lib', 'scripts', 'preview', 'main.js');
const BUILD_DIR = path.join(ROOT, 'lib', 'preview', 'build');
// A cold build of lightning-base-components takes a minute or two on a busy machine.
const SLOW = 15 * 60 * 1000;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOCAL_ORG_URL: '', LOCAL_ORG_TOKEN: '' }
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(file: string): { width: number; height: number; bytes: number } {
  const data = readFileSync(file);
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), bytes: data.length };
}

async function soql<T>(org: LocalOrg, query: string): Promise<T[]> {
  const response = await fetch(`${org.url}/services/data/v62.0/query?q=${encodeURIComponent(query)}`, {
    headers: { Authorization: `Bearer ${org.accessToken}` }
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { records: T[] }).records;
}

describe('the component preview in a browser', () => {
  let org: LocalOrg;
  let server: PreviewServer;
  let browser: Browser;

  beforeAll(async () => {
    org = await startLocalOrg({ seed: 'demo', quiet: true });
    const paths = previewPaths(ROOT);
    await buildPreviewIfChanged(paths, BUILD_DIR);
    server = await startPreviewServer({
      org: { url: org.url, accessToken: org.accessToken },
      apiVersion: '62.0',
      buildDir: BUILD_DIR,
      clientDir: paths.clientDir,
      userId: await currentUserId({ url: org.url, accessToken: org.accessToken }),
      recordId: '',
      port: 0
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
    });
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await org?.close();
  });

  it(
    'writes a changed stage status, and a milestone marked achieved, to the org',
    async () => {
      const [stage] = await soql<{ Id: string; Name: string; Opportunity__c: string }>(
        org,
        `SELECT Id, Name, Opportunity__c FROM Implementation_Stage__c WHERE Status__c = 'To Do' AND Opportunity__c IN
         (SELECT Opportunity__c FROM Success_Milestone__c WHERE Status__c != 'Achieved' AND Usage_Metric__c = null)
       ORDER BY Name LIMIT 1`
      );
      expect(stage).toBeDefined(); // the demo data has deals part-way through their plan
      const [milestone] = await soql<{ Id: string; Opportunity__c: string }>(
        org,
        `SELECT Id, Opportunity__c FROM Success_Milestone__c WHERE Opportunity__c = '${stage!.Opportunity__c}' AND Status__c != 'Achieved' AND Usage_Metric__c = null LIMIT 1`
      );
      expect(milestone).toBeDefined();
      const page = await browser.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.goto(`${server.url}?recordId=${stage!.Opportunity__c}`);

      const combobox = page.locator(`c-implementation-tracker lightning-combobox[data-id="${stage!.Id}"]`);
      await combobox.locator('button[part="input-button"]').click();
      await combobox.locator('lightning-base-combobox-item[data-value="Done"]').click();
      await page.locator('preview-app .toast', { hasText: `${stage!.Name} is now Done.` }).waitFor();
      const today = await page.evaluate(() => {
        const now = new Date();
        return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
      });
      const [saved] = await soql<{ Status__c: string; Completed_Date__c: string }>(
        org,
        `SELECT Status__c, Completed_Date__c FROM Implementation_Stage__c WHERE Id = '${stage!.Id}'`
      );
      expect(saved).toMatchObject({ Status__c: 'Done', Completed_Date__c: today });
      // The page reads the org again after the write: the path shows the stage as done.
      await page.locator(`c-implementation-tracker .path li[data-id="${stage!.Id}"].path-step_done`).waitFor();

      // Done unfolds the two optional satisfaction questions of that stage; one click answers one.
      const questions = page.locator(
        `c-implementation-tracker li.stage-row[data-id="${stage!.Id}"] c-satisfaction-questions`
      );
      await questions.locator('details[open] .questions').waitFor();
      await questions.locator('.question[data-key="product"] lightning-button[data-value="Satisfied"] button').click();
      await page.locator('preview-app .toast', { hasText: `Saved for ${stage!.Name}: product Satisfied.` }).waitFor();
      const [answered] = await soql<{ Product_Satisfaction__c: string | null; Service_Satisfaction__c: string | null }>(
        org,
        `SELECT Product_Satisfaction__c, Service_Satisfaction__c FROM Implementation_Stage__c WHERE Id = '${stage!.Id}'`
      );
      expect(answered).toMatchObject({ Product_Satisfaction__c: 'Satisfied', Service_Satisfaction__c: null });
      const given = questions.locator(
        '.question[data-key="product"] lightning-button[data-value="Satisfied"] button[aria-pressed="true"]'
      );
      await given.waitFor();
      // The answer given shows filled: brand blue behind white text (lightning-button's pressed
      // state alone would clear both).
      expect(
        await given.evaluate((button) => [getComputedStyle(button).backgroundColor, getComputedStyle(button).color])
      ).toEqual(['rgb(1, 118, 211)', 'rgb(255, 255, 255)']);

      await page
        .locator(`c-success-milestones li[data-id="${milestone!.Id}"] lightning-button.mark-achieved button`)
        .click();
      await page.locator(`c-success-milestones li[data-id="${milestone!.Id}"].route-step_achieved`).waitFor();
      const [achieved] = await soql<{ Status__c: string; Evidence__c: string; Achieved_At__c: string | null }>(
        org,
        `SELECT Status__c, Evidence__c, Achieved_At__c FROM Success_Milestone__c WHERE Id = '${milestone!.Id}'`
      );
      expect(achieved).toMatchObject({ Status__c: 'Achieved', Evidence__c: 'manual' });
      expect(achieved!.Achieved_At__c).not.toBeNull();
      expect(consoleErrors).toEqual([]);
      await page.close();
    },
    SLOW
  );

  it(
    'answers a completed review’s satisfaction question with the keyboard alone',
    async () => {
      const [review] = await soql<{ Id: string; Name: string; Opportunity__c: string }>(
        org,
        `SELECT Id, Name, Opportunity__c FROM Business_Review__c WHERE Status__c = 'Completed' AND Service_Satisfaction__c = null ORDER BY Name LIMIT 1`
      );
      expect(review).toBeDefined(); // the demo data has deals past their first QBR
      const page = await browser.newPage();
      await page.goto(`${server.url}?recordId=${review!.Opportunity__c}`);
      const questions = page.locator(`c-business-reviews li[data-id="${review!.Id}"] c-satisfaction-questions`);
      const summary = questions.locator('summary');
      await summary.waitFor();
      expect(await summary.innerText()).toBe('Satisfaction: not answered yet (optional)');

      await summary.focus();
      await page.keyboard.press('Enter');
      await questions.locator('details[open] .questions').waitFor();
      // From the summary: product Satisfied, Neutral, Unsatisfied, then service Satisfied, Neutral.
      for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      await page.locator('preview-app .toast', { hasText: `Saved for ${review!.Name}: service Neutral.` }).waitFor();
      const [answered] = await soql<{ Product_Satisfaction__c: string | null; Service_Satisfaction__c: string | null }>(
        org,
        `SELECT Product_Satisfaction__c, Service_Satisfaction__c FROM Business_Review__c WHERE Id = '${review!.Id}'`
      );
      expect(answered).toMatchObject({ Product_Satisfaction__c: null, Service_Satisfaction__c: 'Neutral' });
      await questions
        .locator('.question[data-key="service"] lightning-button[data-value="Neutral"] button[aria-pressed="true"]')
        .waitFor();
      expect(await summary.innerText()).toBe('Satisfaction: product not answered, service Neutral');
      await page.close();
    },
    SLOW
  );

  it(
    'sets a key person’s contact type with the keyboard alone, and the org has it',
    async () => {
      const [person] = await soql<{ Id: string; Name: string }>(
        org,
        `SELECT Id, Name FROM Contact WHERE Contact_Type__c = null AND Id IN
         (SELECT ContactId FROM OpportunityContactRole WHERE IsPrimary = true) ORDER BY Name LIMIT 1`
      );
      expect(person).toBeDefined(); // the demo data has primary contacts with no type yet
      const [role] = await soql<{ OpportunityId: string }>(
        org,
        `SELECT OpportunityId FROM OpportunityContactRole WHERE ContactId = '${person!.Id}' AND IsPrimary = true LIMIT 1`
      );
      const page = await browser.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.goto(`${server.url}?recordId=${role!.OpportunityId}`);
      const row = page.locator(`c-customer-people section.key-people li.person-row[data-id="${person!.Id}"]`);
      const combobox = row.locator('lightning-combobox button[role="combobox"]');
      await combobox.waitFor();
      expect(await combobox.getAttribute('aria-label')).toBe(`Contact type of ${person!.Name}`);

      // Enter opens the list on its first value (User); one down is Decision Maker. Each key
      // waits for the list to answer the one before, as a person would see it.
      await combobox.focus();
      await page.keyboard.press('Enter');
      const option = (value: string) =>
        row.locator(`lightning-base-combobox-item[data-value="${value}"].slds-has-focus`);
      await option('User').waitFor();
      await page.keyboard.press('ArrowDown');
      await option('Decision Maker').waitFor();
      await page.keyboard.press('Enter');
      await page.locator('preview-app .toast', { hasText: `${person!.Name} is now a Decision Maker.` }).waitFor();
      const [saved] = await soql<{ Contact_Type__c: string | null }>(
        org,
        `SELECT Contact_Type__c FROM Contact WHERE Id = '${person!.Id}'`
      );
      expect(saved).toEqual(expect.objectContaining({ Contact_Type__c: 'Decision Maker' }));
      // The page reads the org again after the write: the combobox shows the saved type.
      await row.locator('lightning-combobox button[role="combobox"][data-value="Decision Maker"]').waitFor();
      expect(consoleErrors).toEqual([]);
      await page.close();
    },
    SLOW
  );

  it(
    'an Opportunity the org does not have shows every error panel with its message, readably (axe)',
    async () => {
      const page = await browser.newPage();
      await page.goto(`${server.url}?recordId=006000000000000AAA`);
      for (const component of COMPONENTS) {
        await page.locator(`${component.tag} c-error-panel .error-panel`).waitFor();
      }
      await page.waitForLoadState('networkidle');
      // The local org answers 404 with [{ errorCode: 'NOT_FOUND', message }], as UI API does.
      expect(await stateOf(page, 'c-implementation-tracker')).toBe(
        'it shows an error: The implementation plan could not be loaded. The requested resource does not exist'
      );
      const problems = await accessibilityViolations(page);
      expect(problems.filter((p) => p.includes('c-error-panel'))).toEqual([]);
      await page.close();
    },
    SLOW
  );

  it(
    "shows the customer's own journey grouped by horizon, beside the route",
    async () => {
      // closed 200 days ago and healthy in the demo book: its 3- and 6-month horizons are reached
      const [deal] = await soql<{ Id: string }>(
        org,
        "SELECT Id FROM Opportunity WHERE Name = 'Acme – Enterprise Rollout'"
      );
      expect(deal).toBeDefined();
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${server.url}?recordId=${deal!.Id}`);
      const card = page.locator('c-success-milestones');
      await card.locator('.journey .horizon').first().waitFor();
      const horizons = await card
        .locator('.journey .horizon')
        .evaluateAll((nodes) =>
          nodes.map((node) => [
            node.querySelector('.horizon-title')?.textContent,
            node.querySelector('.horizon-progress')?.textContent?.trim(),
            node.querySelectorAll('.route-step_achieved').length
          ])
        );
      expect(horizons).toEqual([
        ['In 3 months', '· 1 of 1 reached', 1],
        ['In 6 months', '· 1 of 1 reached', 1],
        ['In 12 months', '· 0 of 1 reached', 0]
      ]);
      // the route keeps the other milestones; the journey sits to its right on a wide card
      expect(await card.locator('.route .route-title', { hasText: 'Every event promoted by email' }).count()).toBe(0);
      const route = await card.locator('.route').boundingBox();
      const journey = await card.locator('.journey').boundingBox();
      expect(journey!.x).toBeGreaterThan(route!.x + route!.width - 1);
      await page.close();
    },
    SLOW
  );

  it(
    'npm run preview -- --screenshots DIR saves every component and the page, and exits 0',
    async () => {
      expect(existsSync(MAIN)).toBe(true); // `npm run build` makes it; `npm test` builds first
      const dir = mkdtempSync(path.join(tmpdir(), 'cairn-preview-'));
      try {
        const { code, stdout, stderr } = await run(['--screenshots', dir]);
        expect({ code, problems: stderr.split('\n').filter((line) => line.includes('problem:')) }).toEqual({
          code: 0,
          problems: []
        });
        expect(stdout).toContain('Cairn component preview of');
        for (const file of [...COMPONENTS.map((c) => c.file), FULL_PAGE_FILE]) {
          const size = pngSize(path.join(dir, file));
          // A rendered card is hundreds of pixels each way and tens of kilobytes; a blank or
          // collapsed element is not.
          expect(size.width).toBeGreaterThan(300);
          expect(size.height).toBeGreaterThan(150);
          expect(size.bytes).toBeGreaterThan(10_000);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    SLOW
  );
});
