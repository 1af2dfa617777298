// sfdx-project.json declares Cairn as an unlocked package, so an admin can install a versioned
// Cairn (`sf package version create`, README "The Salesforce side") instead of deploying source.

import { SfProject } from '@salesforce/core';

test('sfdx-project.json is valid and its default package directory is the Cairn package', async () => {
  const project = await SfProject.resolve(process.cwd());
  await (await project.retrieveSfProjectJson()).schemaValidate();
  const directory = project.getDefaultPackage();
  expect(directory).toMatchObject({ path: 'force-app', default: true, package: 'Cairn' });
  // major.minor.patch.build; NEXT lets `sf package version create` number the builds.
  expect((directory as { versionNumber?: string }).versionNumber).toMatch(/^\d+\.\d+\.\d+\.(NEXT|\d+)$/);
  expect((directory as { versionName?: string }).versionName).toEqual(expect.any(String));
});
