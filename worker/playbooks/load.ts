// Reads config/playbooks/*.json and validates them as a set (worker/core/playbooks.ts).
// Every problem in every file is reported at once, each naming its file and place.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPlaybookSet, parsePlaybook, PlaybookError, type Playbook } from '../core/playbooks.js';

export const DEFAULT_PLAYBOOK_DIR = 'config/playbooks';

/** The validated playbooks of `dir` in file-name order; throws PlaybookError listing every problem. */
export async function loadPlaybooks(dir: string = DEFAULT_PLAYBOOK_DIR): Promise<Playbook[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    throw new PlaybookError([`${dir}: cannot read the playbook folder (${(error as Error).message})`]);
  }
  if (files.length === 0) {
    throw new PlaybookError([`${dir}: no *.json playbooks; add at least one with "default": true`]);
  }

  const problems: string[] = [];
  const entries: { source: string; playbook: Playbook }[] = [];
  for (const file of files) {
    const source = path.join(dir, file);
    try {
      const raw: unknown = JSON.parse(await readFile(source, 'utf8'));
      entries.push({ source, playbook: parsePlaybook(raw, source) });
    } catch (error) {
      if (error instanceof PlaybookError) problems.push(...error.problems);
      else problems.push(`${source}: not valid JSON (${(error as Error).message})`);
    }
  }
  if (problems.length > 0) throw new PlaybookError(problems);
  checkPlaybookSet(entries);
  return entries.map((e) => e.playbook);
}
