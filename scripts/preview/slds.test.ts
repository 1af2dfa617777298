import { fileURLToPath } from 'node:url';
import { lightningStylesheets, stylingHooks, unscope } from './slds.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('unscope', () => {
  it('turns rules scoped to lightning-base-components shadow roots into plain ones', () => {
    const css = [
      ":host([data-render-mode='shadow']) .slds-grid { display: flex; }",
      ':host([data-render-mode="shadow"].slds-grid) { display: flex; }',
      ":host([data-render-mode='shadow']) { box-sizing: border-box; }",
      ":host([data-render-mode='shadow']).slds-gutters_direct { margin: 0; }"
    ].join('\n');
    expect(unscope(css).split('\n')).toEqual([
      '.slds-grid { display: flex; }',
      ':host(.slds-grid) { display: flex; }',
      ':host { box-sizing: border-box; }',
      ':host(.slds-gutters_direct) { margin: 0; }'
    ]);
  });
});

describe('stylingHooks', () => {
  it('takes the most common literal fallback, ignoring nested var() fallbacks', () => {
    const { values, unset } = stylingHooks([
      'a { color: var(--slds-g-color-x-1, #111111); padding: var(--slds-g-spacing-x, 0.5rem); }',
      'b { color: var(--slds-g-color-x-1, #222222); border-color: var(--slds-g-color-x-1, #111111); }',
      'c { color: var(--slds-g-color-only-nested, var(--slds-g-color-x-1)); box-shadow: var(--slds-g-shadow-x, 0 0 3px rgb(1 2 3 / 50%)); }'
    ]);
    // #111111 twice against #222222 once
    expect(values.get('--slds-g-color-x-1')).toBe('#111111');
    expect(values.get('--slds-g-spacing-x')).toBe('0.5rem');
    expect(values.get('--slds-g-shadow-x')).toBe('0 0 3px rgb(1 2 3 / 50%)');
    expect(unset).toEqual(['--slds-g-color-only-nested']);
  });

  it('gives every hook lightning-base-components uses a value', () => {
    const { values, unset } = stylingHooks(lightningStylesheets(ROOT));
    expect(unset).toEqual([]);
    // Two values read from its fallbacks, one from EXTRA_HOOKS
    expect(values.get('--slds-g-spacing-2')).toBe('0.5rem');
    expect(values.get('--slds-g-color-neutral-base-80')).toBe('#c9c9c9');
    expect(values.get('--slds-g-color-accent-container-1')).toBe('#0176d3');
  });
});
