// SLDS for the preview page, derived from lightning-base-components, which carries no global
// SLDS stylesheet of its own:
//
// - Styling hooks. Base components style themselves from global hooks such as
//   `var(--slds-g-color-neutral-base-80)`, which the platform defines on the page. Their own
//   stylesheets name each hook's value as a fallback over and over (`var(--slds-g-spacing-2,
//   0.5rem)`); the most common fallback becomes the hook's value here. The few hooks never
//   given a fallback take the SLDS values in EXTRA_HOOKS.
// - Utility classes. The rules our own markup relies on (resets, grid, spacing, sizing,
//   visibility) ship scoped to lightning-base-components' native shadow roots as
//   `:host([data-render-mode='shadow']) .slds-grid { ... }`; unscoped, they work inside any
//   component's shadow root. The text utilities it does not carry are in client/slds-text.css.

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const UTILITY_SOURCES = [
  'sldsCommon',
  'sldsUtilsAlignment',
  'sldsUtilsBorders',
  'sldsUtilsBox',
  'sldsUtilsFloats',
  'sldsUtilsGrid',
  'sldsUtilsLineClamp',
  'sldsUtilsMargin',
  'sldsUtilsPadding',
  'sldsUtilsPosition',
  'sldsUtilsSizing',
  'sldsUtilsThemes',
  'sldsUtilsTruncation',
  'sldsUtilsVisibility',
  'sldsMediaObject'
];

/**
 * Global hooks lightning-base-components uses without ever naming a value (two of them
 * misspelt there), and the shared `--slds-s-*` hooks of form controls, which it leaves to the
 * theme (its fallbacks are `currentColor` and `revert`). Values as in Lightning Experience.
 */
export const EXTRA_HOOKS: Record<string, string> = {
  '--slds-s-input-color-background': '#ffffff',
  '--slds-s-input-color-border': '#c9c9c9',
  '--slds-s-input-color-border-focus': '#1b96ff',
  '--slds-s-input-radius-border': '0.25rem',
  '--slds-s-input-shadow-focus': '0 0 3px #0176d3',
  '--slds-s-input-text-color': '#181818',
  '--slds-s-input-text-color-placeholder': '#747474',
  '--slds-s-label-color': '#444444',
  '--slds-s-label-font-size': '0.75rem',
  '--slds-s-button-color': '#0176d3',
  '--slds-s-button-color-background': '#ffffff',
  '--slds-s-button-color-border': '#c9c9c9',
  '--slds-s-button-color-hover': '#014486',
  '--slds-s-button-color-background-hover': '#f3f3f3',
  '--slds-s-button-color-border-hover': '#c9c9c9',
  '--slds-s-button-shadow-focus': '0 0 3px #0176d3',
  '--slds-s-button-spacing-inline': '1rem',
  '--slds-s-button-spacing-block': '0',
  '--slds-s-button-spacing-gap': '0.5rem',
  '--slds-s-button-radius-border': '0.25rem',
  '--slds-s-link-color': '#0176d3',
  '--slds-g-color-accent-1': '#0176d3',
  '--slds-g-color-accent-2': '#0176d3',
  '--slds-g-color-accent-4': '#032d60',
  '--slds-g-color-accent-container-1': '#0176d3',
  '--slds-g-color-accent-container-2': '#014486',
  '--slds-g-color-border-2': '#c9c9c9',
  '--slds-g-color-border-brand-2': '#0176d3',
  '--slds-g-color-border-success-2': '#194e31',
  '--slds-g-color-brand-base-40': '#0b5cab',
  '--slds-g-color-brand-base-contrast-2': '#0b5cab',
  '--slds-g-color-brand-base-contrast-3': '#0176d3',
  '--slds-g-color-error-base-30': '#8e030f',
  '--slds-g-color-on-accent-1': '#ffffff',
  '--slds-g-color-on-accent-2': '#ffffff',
  '--slds-g-color-suruface-container-2': '#f3f3f3',
  '--slds-g-color-suruface-container-3': '#e5e5e5',
  '--slds-g-font-family-monospace': 'Consolas, Menlo, Monaco, Courier, monospace',
  '--slds-g-font-lineheight': '1.5',
  '--slds-g-font-scale-neg-3': '0.5625rem',
  '--slds-g-font-scale-neg-4': '0.5rem',
  '--slds-g-heading-font-size': '1rem',
  '--slds-g-info-container-1': '#747474',
  '--slds-g-link-color': '#0176d3',
  '--slds-g-link-color-active': '#014486',
  '--slds-g-link-color-focus': '#014486',
  '--slds-g-link-color-hover': '#014486',
  '--slds-g-shadow-inset-inverse-focus-1': 'inset 0 0 0 1px #ffffff',
  '--slds-g-shadow-outline-focus-1': '0 0 3px #0176d3',
  '--slds-g-shadow-outset-focus-1': '0 0 3px #0176d3'
};

function lightningDir(root: string): string {
  return path.join(root, 'node_modules', 'lightning-base-components', 'src', 'lightning');
}

export function lightningStylesheets(root: string): string[] {
  const dir = lightningDir(root);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.css'))
    .map((file) => readFileSync(path.join(dir, file), 'utf8'));
}

// `var(--slds-g-x, fallback)`, the fallback holding at most one level of parentheses (rgb(...)).
const HOOK_USE = /var\((--slds-g-[a-z0-9-]+)\s*(?:,\s*((?:[^()]|\([^()]*\))*?))?\)/g;
/** Fallbacks that say "leave it to the browser" rather than name a value */
const NOT_A_VALUE = new Set(['revert', 'currentcolor', 'inherit', 'initial', 'unset']);

export interface StylingHooks {
  values: Map<string, string>;
  /** hooks used somewhere that got no value */
  unset: string[];
}

/** Each global hook lightning-base-components uses, with its most common literal fallback. */
export function stylingHooks(stylesheets: string[]): StylingHooks {
  const fallbacks = new Map<string, Map<string, number>>();
  const used = new Set<string>();
  for (const css of stylesheets) {
    for (const [, hook, fallback] of css.matchAll(HOOK_USE)) {
      if (!hook) continue;
      used.add(hook);
      const literal = fallback?.trim();
      if (!literal || literal.includes('var(') || NOT_A_VALUE.has(literal.toLowerCase())) continue;
      const counts = fallbacks.get(hook) ?? new Map<string, number>();
      counts.set(literal, (counts.get(literal) ?? 0) + 1);
      fallbacks.set(hook, counts);
    }
  }
  const values = new Map<string, string>();
  for (const [hook, counts] of fallbacks) {
    const [mostCommon] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [];
    if (mostCommon) values.set(hook, mostCommon);
  }
  for (const [hook, value] of Object.entries(EXTRA_HOOKS)) values.set(hook, value);
  return { values, unset: [...used].filter((hook) => !values.has(hook)).sort() };
}

/** `:root { --slds-g-...: value; ... }` for the preview page. */
export function stylingHooksStylesheet(root: string): string {
  const { values } = stylingHooks(lightningStylesheets(root));
  const lines = [...values].sort(([a], [b]) => a.localeCompare(b)).map(([hook, value]) => `  ${hook}: ${value};`);
  return `/* SLDS global styling hooks, derived from lightning-base-components (scripts/preview/slds.ts) */\n:root {\n${lines.join('\n')}\n}\n`;
}

/**
 * Removes the `[data-render-mode='shadow']` condition from `:host(...)`:
 * `:host([data-render-mode='shadow']) .slds-grid` → `.slds-grid`,
 * `:host([data-render-mode='shadow'].slds-grid)` → `:host(.slds-grid)`,
 * `:host([data-render-mode='shadow']) {` → `:host {`.
 */
export function unscope(css: string): string {
  const SHADOW = String.raw`\[data-render-mode=(['"])shadow\1\]`;
  return css
    .replace(new RegExp(String.raw`:host\(${SHADOW}\)\s+(?=[^\s{,])`, 'g'), '')
    .replace(new RegExp(String.raw`:host\(${SHADOW}\)(\.[\w-]+)`, 'g'), ':host($2)')
    .replace(new RegExp(SHADOW, 'g'), '')
    .replace(/:host\(\)/g, ':host');
}

/** The utility rules, for inclusion in each component's stylesheet. */
export function utilityStylesheet(root: string): string {
  const parts = UTILITY_SOURCES.map((name) => {
    const css = readFileSync(path.join(lightningDir(root), name, `${name}.css`), 'utf8');
    return `/* from lightning-base-components: ${name} */\n${unscope(css)}`;
  });
  parts.push(readFileSync(path.join(root, 'scripts', 'preview', 'client', 'slds-text.css'), 'utf8'));
  return parts.join('\n');
}
