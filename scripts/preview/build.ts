// Builds the preview bundle: the Cairn components from force-app, compiled by the LWC
// compiler with the lightning-base-components package, against the stand-in Lightning Data
// Service modules in client/standins (which read the local org through the preview server).
//
// Shadow DOM is native: lightning-base-components styles itself in native shadow roots
// (`:host([data-render-mode="shadow"])`) and ships no global SLDS stylesheet. What the
// platform's SLDS would give the page comes from slds.ts instead: the global styling hooks the
// base components read (slds-hooks.css, linked by the page) and the utility classes our own
// markup uses (grid, spacing, text), imported into each component's stylesheet at build time.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rollup, type Plugin } from 'rollup';
import lwcPluginModule from '@lwc/rollup-plugin';
import replacePluginModule from '@rollup/plugin-replace';
import { stylingHooksStylesheet, utilityStylesheet } from './slds.js';

// Both plugins' types describe a CommonJS `exports.default`, while Node hands an ES module
// importer the function itself; take whichever is there.
function defaultExport<T>(module: { default: T }): T {
  return (module as { default?: T }).default ?? (module as unknown as T);
}
const lwcPlugin = defaultExport(lwcPluginModule);
const replace = defaultExport(replacePluginModule);

export interface PreviewPaths {
  /** the repository root */
  root: string;
  /** force-app/main/default/lwc */
  componentsDir: string;
  /** scripts/preview/client: the page, its LWC modules and the stand-ins */
  clientDir: string;
}

export function previewPaths(root: string): PreviewPaths {
  return {
    root,
    componentsDir: path.join(root, 'force-app', 'main', 'default', 'lwc'),
    clientDir: path.join(root, 'scripts', 'preview', 'client')
  };
}

export interface BuildResult {
  /** directory holding main.js and its chunks */
  outDir: string;
  durationMs: number;
  /** true when the previous build was made from the same inputs and is used as it is */
  reused: boolean;
}

/** The `lightning/*` modules the stand-ins replace (lightning-base-components has none of them). */
const STAND_INS: Record<string, string> = {
  'lightning/uiRecordApi': 'uiRecordApi.js',
  'lightning/uiRelatedListApi': 'uiRelatedListApi.js',
  'lightning/uiObjectInfoApi': 'uiObjectInfoApi.js',
  'lightning/platformShowToastEvent': 'platformShowToastEvent.js',
  '@salesforce/user/Id': 'userId.js'
};

const SLDS_MODULE = 'preview/slds';
/** the page-level stylesheet of SLDS styling hooks, next to main.js */
export const STYLING_HOOKS_FILE = 'slds-hooks.css';

/** Written next to main.js: what the build was made from. */
const FINGERPRINT_FILE = 'inputs.sha256';

/** Builds into outDir, unless the build already there was made from the same inputs. */
export async function buildPreviewIfChanged(paths: PreviewPaths, outDir: string): Promise<BuildResult> {
  const fingerprint = inputsFingerprint(paths);
  const fingerprintFile = path.join(outDir, FINGERPRINT_FILE);
  if (
    existsSync(path.join(outDir, 'main.js')) &&
    existsSync(fingerprintFile) &&
    readFileSync(fingerprintFile, 'utf8') === fingerprint
  ) {
    return { outDir, durationMs: 0, reused: true };
  }
  const result = await buildPreview(paths, outDir);
  writeFileSync(fingerprintFile, fingerprint);
  return result;
}

/**
 * A hash of everything the bundle is made from: the components (not their tests), the page
 * and stand-ins, this build code, and the versions of the LWC compiler and base components.
 */
function inputsFingerprint(paths: PreviewPaths): string {
  const files = [
    ...filesUnder(paths.componentsDir).filter((file) => !file.split(path.sep).includes('__tests__')),
    ...filesUnder(paths.clientDir),
    ...['build.ts', 'slds.ts'].map((name) => path.join(paths.root, 'scripts', 'preview', name)),
    ...['lwc', '@lwc/rollup-plugin', 'lightning-base-components', 'rollup'].map((pkg) =>
      path.join(paths.root, 'node_modules', pkg, 'package.json')
    )
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(paths.root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

export async function buildPreview(paths: PreviewPaths, outDir: string): Promise<BuildResult> {
  const started = performance.now();
  rmSync(outDir, { recursive: true, force: true });
  const generatedDir = path.join(outDir, '..', 'modules');
  writeUtilityModule(generatedDir, paths.root);

  const components = readdirSync(paths.componentsDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(path.join(paths.componentsDir, entry.name, `${entry.name}.js`))
    )
    .map((entry) => ({
      name: `c/${entry.name}`,
      path: path.join(paths.componentsDir, entry.name, `${entry.name}.js`)
    }));
  const standIns = Object.entries(STAND_INS).map(([name, file]) => ({
    name,
    path: path.join(paths.clientDir, 'standins', file)
  }));

  const bundle = await rollup({
    input: path.join(paths.clientDir, 'main.js'),
    plugins: [
      salesforceScopedImports(),
      sldsForComponents([paths.componentsDir, path.join(paths.clientDir, 'modules')]),
      replace({
        preventAssignment: true,
        values: { 'import.meta.env.SSR': 'false', 'process.env.NODE_ENV': JSON.stringify('production') }
      }),
      lwcPlugin({
        rootDir: paths.clientDir,
        enableDynamicComponents: true,
        modules: [
          ...standIns,
          ...components,
          { dir: path.join(paths.clientDir, 'modules') },
          { dir: generatedDir },
          { npm: 'lightning-base-components' }
        ]
      })
    ],
    onwarn(warning, warn) {
      // Circular imports and the compiler's notes on lightning-base-components' own templates
      // are theirs, not ours; anything about our components is shown.
      const file = warning.loc?.file ?? warning.id ?? '';
      if (warning.code === 'CIRCULAR_DEPENDENCY' || file.includes(`${path.sep}lightning-base-components${path.sep}`))
        return;
      warn(warning);
    }
  });
  try {
    await bundle.write({
      dir: outDir,
      format: 'es',
      entryFileNames: 'main.js',
      chunkFileNames: 'chunks/[name]-[hash].js'
    });
  } finally {
    await bundle.close();
  }
  writeFileSync(path.join(outDir, STYLING_HOOKS_FILE), stylingHooksStylesheet(paths.root));
  return { outDir, durationMs: Math.round(performance.now() - started), reused: false };
}

/** The SLDS utility rules as the CSS module `preview/slds`, which each component's stylesheet imports. */
function writeUtilityModule(generatedDir: string, root: string): void {
  const [namespace, name] = SLDS_MODULE.split('/') as [string, string];
  const dir = path.join(generatedDir, namespace, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.css`), utilityStylesheet(root));
}

/**
 * `@salesforce/schema/Object.Field` imports become `{ objectApiName, fieldApiName }`, as on the
 * platform; `@salesforce/schema/Object` becomes `{ objectApiName }`.
 */
function salesforceScopedImports(): Plugin {
  const PREFIX = '@salesforce/schema/';
  const VIRTUAL = '\0cairn-schema:';
  return {
    name: 'cairn-preview-schema',
    resolveId(source) {
      return source.startsWith(PREFIX) ? VIRTUAL + source.slice(PREFIX.length) : null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return null;
      const reference = id.slice(VIRTUAL.length);
      const dot = reference.indexOf('.');
      const value =
        dot < 0
          ? { objectApiName: reference }
          : { objectApiName: reference.slice(0, dot), fieldApiName: reference.slice(dot + 1) };
      return `export default ${JSON.stringify(value)};`;
    }
  };
}

/** Puts the derived SLDS rules in front of each component's own stylesheet. */
function sldsForComponents(dirs: string[]): Plugin {
  const prefixes = dirs.map((dir) => dir + path.sep);
  return {
    name: 'cairn-preview-slds',
    transform(code, id) {
      if (!id.endsWith('.css') || !prefixes.some((prefix) => id.startsWith(prefix))) return null;
      return { code: `@import '${SLDS_MODULE}';\n${code}`, map: null };
    }
  };
}
