// Help and error texts of the `sf cairn` plugin, kept beside the commands in
// worker/plugin/messages/<bundle>.md (sf's own plugins keep them in a root messages/ dir;
// @salesforce/core reads any directory it is pointed at). The compiled code runs from lib/,
// so the directory is found from the package root rather than from this file.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Messages } from '@salesforce/core';

const PACKAGE = 'cairn';

function packageRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

Messages.importMessagesDirectory(
  path.join(packageRoot(path.dirname(fileURLToPath(import.meta.url))), 'worker', 'plugin'),
  false,
  PACKAGE
);

export type PluginMessages = Messages<string>;

/** The messages of one bundle, e.g. `pluginMessages('cairn.kickoff.missing')`. */
export function pluginMessages(bundle: string): PluginMessages {
  return Messages.loadMessages(PACKAGE, bundle);
}
