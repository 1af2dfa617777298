// Lets a child Node process run this repository's TypeScript directly, for the one test that
// needs a process of its own (the sf CLI's org files are found through HOME, which a Jest
// test cannot change for the libraries it loads). Relative `./x.js` imports resolve to
// `./x.ts`, and TypeScript is transpiled with the project's own compiler, module by module.
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!/^\.{1,2}\//.test(specifier) || !specifier.endsWith('.js')) throw error;
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
  },
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
    const { outputText } = ts.transpileModule(readFileSync(fileURLToPath(url), 'utf8'), {
      fileName: fileURLToPath(url),
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, esModuleInterop: true }
    });
    return { format: 'module', source: outputText, shortCircuit: true };
  }
});
