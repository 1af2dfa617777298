// Writes oclif.manifest.json for `npm pack` (the prepack script): the command list, flags and
// summaries oclif reads instead of importing every command. It is what `oclif manifest` writes,
// made with @oclif/core's own Plugin loader so the `oclif` CLI and its dependency tree are not needed.
// Run after `npm run build`: the manifest describes the compiled commands in lib/.
import fs from 'node:fs';
import { Plugin, settings } from '@oclif/core';

settings.enableAutoTranspile = false;

const plugin = new Plugin({ root: process.cwd(), type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
await plugin.load();
const count = Object.keys(plugin.manifest.commands).length;
if (count === 0) throw new Error('oclif found no commands under lib/worker/plugin/commands; run `npm run build` first');
fs.writeFileSync('oclif.manifest.json', `${JSON.stringify(plugin.manifest, null, 2)}\n`);
console.log(`oclif.manifest.json: ${count} commands`);
