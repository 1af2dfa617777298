// Two Jest projects with their own roots (sfdx-lwc-jest's preset has none, so it would
// otherwise pick up every test in the repository). The TypeScript side runs as native ESM
// (`--experimental-vm-modules`); the LWC side runs as CommonJS, the way sfdx-lwc-jest
// transforms components. `npm test` runs the two in turn.
import sfdxLwcJest from '@salesforce/sfdx-lwc-jest/config.js';

const lwcJestConfig = sfdxLwcJest.jestConfig;

export default {
  // Most end-to-end suites wait on child processes and loopback servers rather than the CPU,
  // so two workers finish sooner than Jest's default of one on a two-core machine.
  maxWorkers: 2,
  // A guard against hangs, not a performance check: loaded CI machines start real servers,
  // PGlite and child processes slowly, and Jest's 5 s default fails them.
  testTimeout: 120_000,
  projects: [
    {
      displayName: 'worker',
      roots: ['<rootDir>/worker', '<rootDir>/test', '<rootDir>/scripts'],
      testMatch: ['**/*.test.ts'],
      // The fault, crash and abuse suites are long: `npm run test:chaos` runs them.
      testPathIgnorePatterns: process.env.CAIRN_CHAOS
        ? ['/node_modules/']
        : ['/node_modules/', '<rootDir>/test/reliability/'],
      testEnvironment: 'node',
      extensionsToTreatAsEsm: ['.ts'],
      moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
      transform: {
        '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
      }
    },
    {
      ...lwcJestConfig,
      displayName: 'lwc',
      roots: ['<rootDir>/force-app'],
      setupFilesAfterEnv: [...(lwcJestConfig.setupFilesAfterEnv ?? []), '<rootDir>/test/lwc-jest.setup.cjs']
    }
  ]
};
