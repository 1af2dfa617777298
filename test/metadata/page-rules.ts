// What an org checks when it deploys a Lightning page and its components: every custom
// component a page places exists and is exposed for the page's target, every property the page
// sets is declared in that bundle's targetConfig for the target (an org refuses the whole page
// otherwise, and with it the app that overrides to it), values fit the declared type and bounds,
// and each declared property is an `@api` property of the component's JavaScript.

import type { Problem } from './checks.js';
import type { BundleInfo, Project } from './force-app-model.js';
import { child, childrenNamed, textOf, textsOf, type XmlElement } from './xml.js';

/** The LightningComponentBundle target of each FlexiPage type Cairn ships. */
const PAGE_TARGETS: Record<string, string> = {
  RecordPage: 'lightning__RecordPage',
  AppPage: 'lightning__AppPage',
  HomePage: 'lightning__HomePage'
};

interface DeclaredProperty {
  type: string;
  min?: number;
  max?: number;
}

/** A bundle's target configuration for one target: its declared properties and the objects it is limited to. */
interface TargetConfig {
  properties: Map<string, DeclaredProperty>;
  /** empty when the configuration applies to every object */
  objects: string[];
}

function targetConfigOf(bundle: XmlElement, target: string): TargetConfig | undefined {
  const config = childrenNamed(child(bundle, 'targetConfigs') ?? bundle, 'targetConfig').find((candidate) =>
    (candidate.attributes.targets ?? '')
      .split(',')
      .map((name) => name.trim())
      .includes(target)
  );
  if (!config) return undefined;
  const properties = new Map<string, DeclaredProperty>();
  for (const property of childrenNamed(config, 'property')) {
    const bound = (name: string) =>
      property.attributes[name] === undefined ? undefined : Number(property.attributes[name]);
    properties.set(property.attributes.name ?? '', {
      type: property.attributes.type ?? '',
      min: bound('min'),
      max: bound('max')
    });
  }
  const objects = textsOf(child(config, 'objects') ?? config, 'object');
  return { properties, objects };
}

function valueProblem(name: string, value: string, declared: DeclaredProperty): string | undefined {
  if (declared.type === 'Integer') {
    if (!/^-?\d+$/.test(value)) return `sets ${name} to "${value}", which is not the Integer its bundle declares`;
    const number = Number(value);
    if (declared.min !== undefined && number < declared.min)
      return `sets ${name} to ${value}, below its min ${declared.min}`;
    if (declared.max !== undefined && number > declared.max)
      return `sets ${name} to ${value}, above its max ${declared.max}`;
  }
  if (declared.type === 'Boolean' && value !== 'true' && value !== 'false')
    return `sets ${name} to "${value}", which is not the Boolean its bundle declares`;
  return undefined;
}

function componentInstances(page: XmlElement): XmlElement[] {
  return childrenNamed(page, 'flexiPageRegions').flatMap((region) =>
    childrenNamed(region, 'itemInstances').flatMap((item) => childrenNamed(item, 'componentInstance'))
  );
}

function pageRules(project: Project): Problem[] {
  const problems: Problem[] = [];
  for (const page of project.flexiPages.values()) {
    if (!page.element) continue;
    const report = (message: string) => problems.push({ file: page.file, message });
    const pageType = textOf(page.element, 'type') ?? '';
    const target = PAGE_TARGETS[pageType];
    if (!target) {
      report(`is a ${pageType} page, which the metadata checks do not know the component target of`);
      continue;
    }
    const sobjectType = textOf(page.element, 'sobjectType');
    for (const instance of componentInstances(page.element)) {
      const componentName = textOf(instance, 'componentName') ?? '';
      // Namespaced components (force:, flexipage:, other packages) belong to the platform.
      if (componentName.includes(':')) continue;
      const component = componentName.replace(/^c__/, '');
      const bundle = project.bundles.get(component);
      if (!bundle?.element) {
        report(`places component ${componentName}, which is not a Lightning web component in force-app`);
        continue;
      }
      const targets = textsOf(child(bundle.element, 'targets') ?? bundle.element, 'target');
      if (textOf(bundle.element, 'isExposed') !== 'true' || !targets.includes(target)) {
        report(
          `places ${component}, which is not exposed for ${target} (isExposed true and <target>${target}</target>)`
        );
        continue;
      }
      const config = targetConfigOf(bundle.element, target);
      if (config && sobjectType && config.objects.length > 0 && !config.objects.includes(sobjectType))
        report(
          `places ${component} on ${sobjectType}, but its ${target} targetConfig is limited to ${config.objects.join(', ')}`
        );
      for (const property of childrenNamed(instance, 'componentInstanceProperties')) {
        const name = textOf(property, 'name') ?? '';
        const declared = config?.properties.get(name);
        if (!declared) {
          report(
            `sets property ${name} on ${component}, which ${bundle.file} does not declare in a targetConfig for ${target}`
          );
          continue;
        }
        const problem = valueProblem(name, textOf(property, 'value') ?? '', declared);
        if (problem) report(`${problem} (${component})`);
      }
    }
  }
  return problems;
}

function bundleRules(bundle: BundleInfo): Problem[] {
  if (!bundle.element) return [];
  const problems: Problem[] = [];
  for (const config of childrenNamed(child(bundle.element, 'targetConfigs') ?? bundle.element, 'targetConfig')) {
    for (const property of childrenNamed(config, 'property')) {
      const name = property.attributes.name ?? '';
      if (!bundle.publicProperties.has(name))
        problems.push({
          file: bundle.file,
          message: `declares property ${name}, which the component's JavaScript does not mark @api`
        });
    }
  }
  return problems;
}

export function lightningPageRules(project: Project): Problem[] {
  return [...pageRules(project), ...[...project.bundles.values()].flatMap(bundleRules)];
}
