// eslint-plugin-import's resolver for this repository's TypeScript: ES module imports name
// the compiled file (`./x.js`), whose source is `./x.ts`. Only relative imports are
// resolved; packages and node: builtins count as external (path null), which is all
// import/no-cycle needs.
const { existsSync } = require('node:fs');
const path = require('node:path');

exports.interfaceVersion = 2;

exports.resolve = function resolve(source, file) {
  if (!source.startsWith('.') && !path.isAbsolute(source)) return { found: true, path: null };
  const target = path.resolve(path.dirname(file), source);
  const candidates = target.endsWith('.js') ? [target.replace(/\.js$/, '.ts'), target] : [target, `${target}.ts`];
  const found = candidates.find((candidate) => existsSync(candidate));
  return found ? { found: true, path: found } : { found: false };
};
