// The metadata checks on the real force-app (no problems) and on broken copies of it under
// the system temp directory (the specific problem, naming the file). The real tree is never
// modified.

import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { checkProjectRules, checkSourceResolution, checkXml, type Problem } from './checks.js';

const ROOT = 'force-app';
const D = 'force-app/main/default';
const FIELD = `${D}/objects/Opportunity/fields/Health_Score__c.field-meta.xml`;
const ACCOUNT_MANAGER = `${D}/permissionsets/Cairn_Account_Manager.permissionset-meta.xml`;
const INTEGRATION = `${D}/permissionsets/Cairn_Sync_Integration.permissionset-meta.xml`;
const FEATURES = 'config/features.json';
const PRODUCT_FEATURE = `${D}/objects/Case/fields/Product_Feature__c.field-meta.xml`;

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the project's force-app (with .forceignore) under os.tmpdir(), changed by `edit`; returns its force-app path. */
function brokenCopy(edit: (file: (relative: string) => string) => void): string {
  const project = mkdtempSync(path.join(os.tmpdir(), 'cairn-metadata-'));
  copies.push(project);
  cpSync(ROOT, path.join(project, ROOT), { recursive: true });
  cpSync('.forceignore', path.join(project, '.forceignore'));
  cpSync(FEATURES, path.join(project, FEATURES));
  edit((relative) => path.join(project, relative));
  return path.join(project, ROOT);
}

function replaceIn(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
  writeFileSync(file, changed);
}

const problem = (file: string, message: string | RegExp): Problem =>
  expect.objectContaining({ file, message: typeof message === 'string' ? message : expect.stringMatching(message) });

describe('the real force-app', () => {
  test('is well-formed and uses only Metadata API elements and values', () => {
    expect(checkXml(ROOT)).toEqual([]);
  });

  test("follows the project's rules and matches the worker's field list", () => {
    expect(checkProjectRules(ROOT)).toEqual([]);
  });

  test('resolves into components and a package.xml with source-deploy-retrieve', async () => {
    expect(await checkSourceResolution(ROOT)).toEqual([]);
  });

  test("the package.xml a deploy sends lists the Task alert's field and list view under their Salesforce names", async () => {
    const packageXml = await ComponentSet.fromSource(ROOT).getPackageXml();
    const members = (type: string) =>
      [...packageXml.matchAll(/<types>([\s\S]*?)<\/types>/g)]
        .map((match) => match[1]!)
        .filter((types) => types.includes(`<name>${type}</name>`))
        .flatMap((types) => [...types.matchAll(/<members>([^<]+)<\/members>/g)].map((member) => member[1]));
    expect(members('CustomField')).toContain('Activity.Cairn_Alert_Key__c');
    expect(members('ListView')).toContain('Task.My_Cairn_Tasks');
  });
});

describe('checkXml catches', () => {
  test('malformed XML', () => {
    const root = brokenCopy((file) => replaceIn(file(FIELD), '</label>', '</labl>'));
    expect(checkXml(root)).toEqual([problem(FIELD, /^not well-formed XML, line 6: .*'label'/)]);
  });

  test('an element the Metadata API does not define, at any depth', () => {
    const picklist = `${D}/objects/Business_Review__c/fields/Status__c.field-meta.xml`;
    const root = brokenCopy((file) => {
      replaceIn(file(FIELD), '<label>', '<colour>red</colour>\n    <label>');
      replaceIn(file(picklist), '<sorted>false</sorted>', '<sorted>false</sorted><order>1</order>');
    });
    expect(checkXml(root)).toEqual([
      problem(
        picklist,
        'unknown element <order> in CustomField > valueSet > valueSetDefinition: the Metadata API type ValueSetValuesDefinition has no such element'
      ),
      problem(FIELD, 'unknown element <colour> in CustomField: the Metadata API type CustomField has no such element')
    ]);
  });

  test('an unknown field type, and other values outside their enumeration or kind', () => {
    const object = `${D}/objects/Business_Review__c/Business_Review__c.object-meta.xml`;
    const root = brokenCopy((file) => {
      replaceIn(file(FIELD), '<type>Number</type>', '<type>Numbr</type>');
      replaceIn(file(FIELD), '<precision>3</precision>', '<precision>three</precision>');
      replaceIn(file(object), '<enableReports>true</enableReports>', '<enableReports>yes</enableReports>');
    });
    expect(checkXml(root)).toEqual([
      problem(object, 'CustomObject > enableReports: "yes" is not true or false'),
      problem(FIELD, 'CustomField > precision: "three" is not a number'),
      problem(FIELD, /^CustomField > type: "Numbr" is not a FieldType value \(AutoNumber, Lookup, MasterDetail, /)
    ]);
  });

  test('a root element that is no metadata type, and a missing namespace', () => {
    const tab = `${D}/tabs/Health_Change__c.tab-meta.xml`;
    const root = brokenCopy((file) => {
      replaceIn(file(FIELD), / xmlns="[^"]*"/, '');
      replaceIn(file(tab), /CustomTab/g, 'Tab');
    });
    expect(checkXml(root)).toEqual([
      problem(FIELD, '<CustomField> must declare xmlns="http://soap.sforce.com/2006/04/metadata"'),
      problem(tab, 'root element <Tab> is not a Metadata API type')
    ]);
  });
});

describe('checkProjectRules catches', () => {
  test('a missing label, description or help text', () => {
    const object = `${D}/objects/Health_Change__c/Health_Change__c.object-meta.xml`;
    const root = brokenCopy((file) => {
      replaceIn(file(FIELD), /<label>.*<\/label>/, '');
      replaceIn(file(FIELD), /<inlineHelpText>.*<\/inlineHelpText>/, '');
      replaceIn(file(object), /<description>.*<\/description>/, '');
    });
    expect(checkProjectRules(root)).toEqual([
      problem(object, 'has no <description>'),
      problem(FIELD, 'has no <label>'),
      problem(FIELD, 'has no <inlineHelpText>')
    ]);
  });

  test('texts longer than Salesforce allows', () => {
    const root = brokenCopy((file) =>
      replaceIn(file(FIELD), '<label>Health Score</label>', `<label>${'x'.repeat(41)}</label>`)
    );
    expect(checkProjectRules(root)).toEqual([problem(FIELD, '<label> is 41 characters; Salesforce allows 40')]);
  });

  test('a picklist that is not restricted or has no values', () => {
    const picklist = `${D}/objects/Opportunity/fields/Health_Grade__c.field-meta.xml`;
    const root = brokenCopy((file) => {
      replaceIn(file(picklist), '<restricted>true</restricted>', '<restricted>false</restricted>');
      replaceIn(file(picklist), /<value>[\s\S]*<\/value>/, '');
    });
    expect(checkProjectRules(root)).toEqual([
      problem(
        picklist,
        'is a picklist without <valueSet><restricted>true</restricted>: Cairn picklists are restricted'
      ),
      problem(picklist, 'is a picklist with no values in <valueSetDefinition>')
    ]);
  });

  test('a master-detail field without its relationship name', () => {
    const masterDetail = `${D}/objects/Health_Change__c/fields/Opportunity__c.field-meta.xml`;
    const root = brokenCopy((file) => replaceIn(file(masterDetail), /<relationshipName>.*<\/relationshipName>/, ''));
    expect(checkProjectRules(root)).toEqual([
      problem(masterDetail, 'is a MasterDetail field without a <relationshipName>')
    ]);
  });

  test('a permission set naming a missing field, and one naming a master-detail field', () => {
    const root = brokenCopy((file) => {
      replaceIn(file(ACCOUNT_MANAGER), 'Opportunity.Desired_Outcome__c', 'Opportunity.Desired_Outcomes__c');
      replaceIn(file(ACCOUNT_MANAGER), 'Opportunity.Appropriate_Experience__c', 'Business_Review__c.Opportunity__c');
    });
    expect(checkProjectRules(root)).toEqual([
      problem(
        ACCOUNT_MANAGER,
        'names Business_Review__c.Opportunity__c, which has no field-level security (master-detail, required or system field)'
      ),
      problem(
        ACCOUNT_MANAGER,
        'grants access to Opportunity.Desired_Outcomes__c, which is not a field in force-app nor a known standard field'
      ),
      // The account manager must still read every Cairn field with field-level security.
      problem(ACCOUNT_MANAGER, 'does not grant read on Opportunity.Appropriate_Experience__c'),
      problem(ACCOUNT_MANAGER, 'does not grant read on Opportunity.Desired_Outcome__c')
    ]);
  });

  test('a list view naming a missing field or an unknown picklist value', () => {
    const listView = `${D}/objects/Business_Review__c/listViews/To_Schedule_Next_60_Days.listView-meta.xml`;
    const root = brokenCopy((file) => {
      replaceIn(file(listView), '<columns>Review_Type__c</columns>', '<columns>Review_Kind__c</columns>');
      replaceIn(file(listView), '<value>To Schedule</value>', '<value>To schedule</value>');
    });
    expect(checkProjectRules(root)).toEqual([
      problem(listView, 'shows column Review_Kind__c, which is not a field of Business_Review__c'),
      problem(
        listView,
        'filters Business_Review__c.Status__c on "To schedule", which is not one of its values (To Schedule, Scheduled, Completed, Cancelled)'
      )
    ]);
  });

  test('a report type joining an unknown relationship, and a report using a column its type does not offer', () => {
    const reportType = `${D}/reportTypes/Cairn_Opportunities_with_Business_Reviews.reportType-meta.xml`;
    const report = `${D}/reports/unfiled$public/Cairn_Closed_Won_Missing_Kickoff.report-meta.xml`;
    const root = brokenCopy((file) => {
      replaceIn(
        file(reportType),
        '<relationship>Business_Reviews__r</relationship>',
        '<relationship>Reviews__r</relationship>'
      );
      replaceIn(file(report), '<field>Opportunity$Amount</field>', '<field>Opportunity$Health_Drivers__c</field>');
    });
    const problems = checkProjectRules(root);
    expect(problems).toContainEqual(
      problem(
        reportType,
        'joins Opportunity to Reviews__r, which is not a child relationship of Opportunity in force-app'
      )
    );
    expect(problems).toContainEqual(
      problem(
        reportType,
        'lists a column of table Opportunity.Business_Reviews__r, which this report type does not join'
      )
    );
    expect(problems).toContainEqual(
      problem(
        report,
        'shows column Opportunity$Health_Drivers__c, which report type Cairn_Post_Sale_Opportunities__c does not offer'
      )
    );
  });

  test('a field the worker uses that force-app lacks', () => {
    const root = brokenCopy((file) =>
      unlinkSync(file(`${D}/objects/Opportunity/fields/Kickoff_Date__c.field-meta.xml`))
    );
    const problems = checkProjectRules(root);
    expect(problems).toContainEqual(
      problem(
        'worker/salesforce/fields.ts',
        'WORKER_FIELDS names Opportunity.Kickoff_Date__c, which is not a field in force-app nor a known standard field'
      )
    );
  });

  test('an integration permission set granting more or less than WORKER_FIELDS', () => {
    const root = brokenCopy((file) => {
      // Notes__c: not used by the worker. Status__c: written by the worker, made read-only.
      replaceIn(file(INTEGRATION), 'Implementation_Stage__c.Completed_Date__c', 'Implementation_Stage__c.Notes__c');
      replaceIn(
        file(INTEGRATION),
        /<editable>true<\/editable>(\s*<field>Implementation_Stage__c\.Status__c)/,
        '<editable>false</editable>$1'
      );
      replaceIn(file(INTEGRATION), /<allowDelete>false<\/allowDelete>/, '<allowDelete>true</allowDelete>');
    });
    expect(checkProjectRules(root)).toEqual([
      problem(INTEGRATION, 'does not grant read on Implementation_Stage__c.Completed_Date__c, which the worker reads'),
      problem(INTEGRATION, 'does not grant edit on Implementation_Stage__c.Status__c, which the worker writes'),
      problem(
        INTEGRATION,
        'grants Implementation_Stage__c.Notes__c, which the worker neither reads nor writes (WORKER_FIELDS)'
      ),
      problem(INTEGRATION, 'grants delete or Modify All on Account; the worker never deletes')
    ]);
  });

  test('an account manager permission set that can edit a sync-owned field or health history', () => {
    const root = brokenCopy((file) => {
      replaceIn(
        file(ACCOUNT_MANAGER),
        /<editable>false<\/editable>(\s*<field>Opportunity\.Health_Score__c)/,
        '<editable>true</editable>$1'
      );
      replaceIn(
        file(ACCOUNT_MANAGER),
        /<editable>false<\/editable>(\s*<field>Business_Review__c\.Value_Summary__c)/,
        '<editable>true</editable>$1'
      );
      replaceIn(
        file(ACCOUNT_MANAGER),
        /<allowEdit>false<\/allowEdit>(\s*<allowRead>true<\/allowRead>\s*<modifyAllRecords>false<\/modifyAllRecords>\s*<object>Health_Change__c)/,
        '<allowEdit>true</allowEdit>$1'
      );
    });
    expect(checkProjectRules(root)).toEqual([
      problem(ACCOUNT_MANAGER, 'grants edit on Business_Review__c.Value_Summary__c, which only the sync worker writes'),
      problem(ACCOUNT_MANAGER, 'grants edit on Opportunity.Health_Score__c, which only the sync worker writes'),
      problem(
        ACCOUNT_MANAGER,
        'grants create, edit or delete on Health_Change__c, whose records only the sync worker writes'
      )
    ]);
  });
});

describe('checkProjectRules catches, on sync-owned fields the worker does not write yet', () => {
  test('an account manager or sales rep who can edit a field described as written by the sync worker', () => {
    const salesHandoff = `${D}/permissionsets/Cairn_Sales_Handoff.permissionset-meta.xml`;
    const editable = /<editable>false<\/editable>(\s*<field>Opportunity\.Open_Support_Cases__c)/;
    const root = brokenCopy((file) => {
      replaceIn(file(ACCOUNT_MANAGER), editable, '<editable>true</editable>$1');
      replaceIn(file(salesHandoff), editable, '<editable>true</editable>$1');
    });
    expect(checkProjectRules(root)).toEqual([
      problem(ACCOUNT_MANAGER, 'grants edit on Opportunity.Open_Support_Cases__c, which only the sync worker writes'),
      problem(salesHandoff, 'grants edit on Opportunity.Open_Support_Cases__c, which is not a handoff field')
    ]);
  });
});

describe('checkProjectRules catches, on Case.Product_Feature__c and config/features.json', () => {
  test('picklist values out of the features file order, and a feature the picklist lacks', () => {
    const root = brokenCopy((file) => {
      const features = JSON.parse(readFileSync(file(FEATURES), 'utf8')) as { key: string; name: string }[];
      [features[0], features[1]] = [features[1]!, features[0]!];
      features.push({ ...features[0]!, key: 'segments', name: 'Audience Segments' });
      writeFileSync(file(FEATURES), JSON.stringify(features));
    });
    expect(checkProjectRules(root)).toEqual([
      problem(
        PRODUCT_FEATURE,
        'has the values Email Campaigns, Custom Reports, CRM Integrations, Team Invitations, Shared Dashboards; ' +
          'config/features.json names Custom Reports, Email Campaigns, CRM Integrations, Team Invitations, ' +
          'Shared Dashboards, Audience Segments (the same, in order)'
      )
    ]);
  });

  test('a features file that is not an array of named features, and a restricted feature picklist', () => {
    const root = brokenCopy((file) => {
      writeFileSync(file(FEATURES), JSON.stringify([{ key: 'campaigns', event: 'campaign_sent' }]));
      replaceIn(file(PRODUCT_FEATURE), '<restricted>false</restricted>', '<restricted>true</restricted>');
    });
    expect(checkProjectRules(root)).toEqual([
      problem(
        PRODUCT_FEATURE,
        'is restricted, but DESIGN §9.1 makes it unrestricted: support may name a feature not listed yet'
      ),
      problem(
        FEATURES,
        'config/features.json: entry 1 (key "campaigns"), name: expected the feature name people read; ' +
          'config/features.json: entry 1 (key "campaigns"), releasedOn: expected a date as YYYY-MM-DD'
      )
    ]);
  });
});

describe('checkProjectRules catches, on the limits an org enforces', () => {
  test('permission set, list view and report texts longer than Salesforce allows', () => {
    const listView = `${D}/objects/Opportunity/listViews/My_Post_Sale_Accounts.listView-meta.xml`;
    const report = `${D}/reports/unfiled$public/Cairn_QBRs_To_Schedule.report-meta.xml`;
    const root = brokenCopy((file) => {
      replaceIn(
        file(INTEGRATION),
        /<description>[^<]*<\/description>/,
        `<description>${'d'.repeat(256)}</description>`
      );
      replaceIn(file(INTEGRATION), /<label>[^<]*<\/label>/, `<label>${'l'.repeat(81)}</label>`);
      replaceIn(file(listView), /<label>[^<]*<\/label>/, `<label>${'v'.repeat(41)}</label>`);
      replaceIn(file(report), /<name>[^<]*<\/name>/, `<name>${'n'.repeat(41)}</name>`);
      replaceIn(file(report), /<description>[^<]*<\/description>/, `<description>${'r'.repeat(256)}</description>`);
    });
    expect(checkProjectRules(root)).toEqual(
      expect.arrayContaining([
        problem(INTEGRATION, '<label> is 81 characters; Salesforce allows 80'),
        problem(INTEGRATION, '<description> is 256 characters; Salesforce allows 255'),
        problem(listView, '<label> is 41 characters; Salesforce allows 40'),
        problem(report, '<name> is 41 characters; Salesforce allows 40'),
        problem(report, '<description> is 256 characters; Salesforce allows 255')
      ])
    );
  });

  test('texts exactly at the limits pass', () => {
    const root = brokenCopy((file) =>
      replaceIn(file(INTEGRATION), /<description>[^<]*<\/description>/, `<description>${'d'.repeat(255)}</description>`)
    );
    expect(checkProjectRules(root)).toEqual([]);
  });
});

describe('checkProjectRules catches, on the Lightning record page', () => {
  const PAGE = `${D}/flexipages/Cairn_Opportunity_Record_Page.flexipage-meta.xml`;
  const BUNDLE = `${D}/lwc/healthSummary/healthSummary.js-meta.xml`;

  test('a property the bundle does not declare for the page target', () => {
    const root = brokenCopy((file) => replaceIn(file(BUNDLE), /\s*<property name="historyLimit"[^>]*\/>/, ''));
    expect(checkProjectRules(root)).toEqual([
      problem(
        PAGE,
        `sets property historyLimit on healthSummary, which ${BUNDLE} does not declare in a targetConfig for lightning__RecordPage`
      )
    ]);
  });

  test('a value outside the declared bounds or type', () => {
    const root = brokenCopy((file) => replaceIn(file(PAGE), '<value>12</value>', '<value>51</value>'));
    expect(checkProjectRules(root)).toEqual([
      problem(PAGE, 'sets historyLimit to 51, above its max 50 (healthSummary)')
    ]);
    const notANumber = brokenCopy((file) => replaceIn(file(PAGE), '<value>12</value>', '<value>twelve</value>'));
    expect(checkProjectRules(notANumber)).toEqual([
      problem(PAGE, 'sets historyLimit to "twelve", which is not the Integer its bundle declares (healthSummary)')
    ]);
  });

  test('a component that does not exist, and one not exposed for record pages', () => {
    const root = brokenCopy((file) => {
      replaceIn(
        file(PAGE),
        '<componentName>handoffChecklist</componentName>',
        '<componentName>handoffList</componentName>'
      );
      replaceIn(
        file(`${D}/lwc/successMilestones/successMilestones.js-meta.xml`),
        '<isExposed>true</isExposed>',
        '<isExposed>false</isExposed>'
      );
    });
    expect(checkProjectRules(root)).toEqual([
      problem(
        PAGE,
        'places successMilestones, which is not exposed for lightning__RecordPage (isExposed true and <target>lightning__RecordPage</target>)'
      ),
      problem(PAGE, 'places component handoffList, which is not a Lightning web component in force-app')
    ]);
  });

  test('a targetConfig limited to another object', () => {
    const root = brokenCopy((file) =>
      replaceIn(file(BUNDLE), '<object>Opportunity</object>', '<object>Account</object>')
    );
    expect(checkProjectRules(root)).toEqual([
      problem(
        PAGE,
        'places healthSummary on Opportunity, but its lightning__RecordPage targetConfig is limited to Account'
      )
    ]);
  });

  test('a declared property the JavaScript does not mark @api', () => {
    const root = brokenCopy((file) =>
      replaceIn(file(`${D}/lwc/healthSummary/healthSummary.js`), '@api historyLimit', 'historyLimit')
    );
    expect(checkProjectRules(root)).toEqual([
      problem(BUNDLE, "declares property historyLimit, which the component's JavaScript does not mark @api")
    ]);
  });
});

describe('checkProjectRules catches, on page layouts', () => {
  const LAYOUT = `${D}/layouts/Implementation_Stage__c-Implementation Stage Layout.layout-meta.xml`;

  test('a missing field, an optional master-detail and an editable external key', () => {
    const root = brokenCopy((file) => {
      replaceIn(file(LAYOUT), '<field>Notes__c</field>', '<field>Note__c</field>');
      replaceIn(
        file(LAYOUT),
        /<behavior>Required<\/behavior>(\s*)<field>Opportunity__c<\/field>/,
        '<behavior>Edit</behavior>$1<field>Opportunity__c</field>'
      );
      replaceIn(
        file(LAYOUT),
        /<behavior>Readonly<\/behavior>(\s*)<field>Stage_Key__c<\/field>/,
        '<behavior>Edit</behavior>$1<field>Stage_Key__c</field>'
      );
    });
    expect(checkProjectRules(root)).toEqual([
      problem(LAYOUT, 'places Opportunity__c as Edit; it must be Required'),
      problem(LAYOUT, 'places the external key Stage_Key__c as Edit; the sync worker sets it, so it must be Readonly'),
      problem(LAYOUT, 'places Note__c, which is not a field of Implementation_Stage__c')
    ]);
  });
});

describe('checkProjectRules catches, on the sales handoff permission set', () => {
  const SALES = `${D}/permissionsets/Cairn_Sales_Handoff.permissionset-meta.xml`;

  test('a sync-owned field made editable, a handoff field left read-only, and edit on a child object', () => {
    const root = brokenCopy((file) => {
      replaceIn(
        file(SALES),
        /<editable>false<\/editable>(\s*)<field>Opportunity.Health_Grade__c<\/field>/,
        '<editable>true</editable>$1<field>Opportunity.Health_Grade__c</field>'
      );
      replaceIn(
        file(SALES),
        /<editable>true<\/editable>(\s*)<field>Opportunity.Desired_Outcome__c<\/field>/,
        '<editable>false</editable>$1<field>Opportunity.Desired_Outcome__c</field>'
      );
      replaceIn(
        file(SALES),
        /<allowEdit>false<\/allowEdit>(\s*<allowRead>true<\/allowRead>\s*<modifyAllRecords>false<\/modifyAllRecords>\s*<object>Success_Milestone__c)/,
        '<allowEdit>true</allowEdit>$1'
      );
    });
    expect(checkProjectRules(root)).toEqual([
      problem(SALES, 'does not grant edit on Opportunity.Desired_Outcome__c, a handoff field'),
      problem(SALES, 'grants edit on Opportunity.Health_Grade__c, which is not a handoff field'),
      problem(SALES, 'grants edit on Success_Milestone__c; sales reps edit only opportunities')
    ]);
  });
});

describe('checkProjectRules catches, on Task and its Activity field', () => {
  const KEY = `${D}/objects/Activity/fields/Cairn_Alert_Key__c.field-meta.xml`;
  const LIST_VIEW = `${D}/objects/Task/listViews/My_Cairn_Tasks.listView-meta.xml`;
  const TASK_KEY_GRANT = /<fieldPermissions>\s*<editable>true<\/editable>\s*<field>Task\.Cairn_Alert_Key__c<\/field>/;
  const EDIT_TASK = /<userPermissions>\s*<enabled>true<\/enabled>\s*<name>EditTask<\/name>\s*<\/userPermissions>\s*/;

  test('an activity field made unique or case-sensitive, or of a type activities do not offer', () => {
    const root = brokenCopy((file) => {
      replaceIn(file(KEY), '<unique>false</unique>', '<unique>true</unique><caseSensitive>true</caseSensitive>');
      replaceIn(file(KEY), '<type>Text</type>', '<type>LongTextArea</type>');
    });
    expect(checkProjectRules(root)).toEqual([
      problem(
        KEY,
        'sets <unique>true</unique>, which Salesforce does not allow on an activity custom field; set it false'
      ),
      problem(
        KEY,
        'sets <caseSensitive>true</caseSensitive>, which Salesforce does not allow on an activity custom field; set it false'
      ),
      problem(KEY, 'is of type LongTextArea, which Salesforce does not offer for activity custom fields')
    ]);
  });

  test('object permissions on Task, an Activity.X field grant, and no EditTask for the worker', () => {
    const taskObject = [
      '<objectPermissions>',
      '<allowCreate>true</allowCreate><allowDelete>false</allowDelete><allowEdit>true</allowEdit>',
      '<allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords>',
      '<object>Task</object><viewAllRecords>false</viewAllRecords>',
      '</objectPermissions>'
    ].join('');
    const root = brokenCopy((file) => {
      replaceIn(file(INTEGRATION), '<label>', `${taskObject}\n    <label>`);
      replaceIn(file(INTEGRATION), EDIT_TASK, '');
      replaceIn(
        file(ACCOUNT_MANAGER),
        '<field>Task.Cairn_Alert_Key__c</field>',
        '<field>Activity.Cairn_Alert_Key__c</field>'
      );
    });
    expect(checkProjectRules(root)).toEqual([
      problem(
        ACCOUNT_MANAGER,
        'grants Activity.Cairn_Alert_Key__c: Salesforce names activity field permissions by Task or Event (Task.Cairn_Alert_Key__c)'
      ),
      problem(
        INTEGRATION,
        "grants object permissions on Task, which Salesforce does not have: activity access comes from the Edit Tasks / Edit Events user permissions (EditTask, EditEvent) and the related record's sharing"
      ),
      problem(INTEGRATION, 'does not enable EditTask, which the worker needs to create and edit Task records'),
      problem(ACCOUNT_MANAGER, 'does not grant read on Task.Cairn_Alert_Key__c')
    ]);
  });

  test('the worker unable to write the key, an account manager able to edit it, and a Task list view column that does not exist', () => {
    const root = brokenCopy((file) => {
      replaceIn(
        file(INTEGRATION),
        TASK_KEY_GRANT,
        '<fieldPermissions><editable>false</editable><field>Task.Cairn_Alert_Key__c</field>'
      );
      replaceIn(
        file(ACCOUNT_MANAGER),
        /<editable>false<\/editable>(\s*<field>Task\.Cairn_Alert_Key__c)/,
        '<editable>true</editable>$1'
      );
      replaceIn(file(LIST_VIEW), '<columns>SUBJECT</columns>', '<columns>TASK.SUBJECT</columns>');
    });
    expect(checkProjectRules(root)).toEqual([
      problem(LIST_VIEW, 'shows column TASK.SUBJECT, which is not a field of Task'),
      problem(INTEGRATION, 'does not grant edit on Task.Cairn_Alert_Key__c, which the worker writes'),
      problem(ACCOUNT_MANAGER, 'grants edit on Task.Cairn_Alert_Key__c, which only the sync worker writes')
    ]);
  });
});

describe('checkSourceResolution catches', () => {
  test('a file source-deploy-retrieve cannot place', async () => {
    const stray = `${D}/objects/Opportunity/fields/Stray__c.fields-meta.xml`;
    const root = brokenCopy((file) => writeFileSync(file(stray), readFileSync(file(FIELD), 'utf8')));
    expect(await checkSourceResolution(root)).toEqual([
      problem(stray, 'source-deploy-retrieve cannot resolve it: Could not infer a metadata type')
    ]);
  });

  test('a component defined twice', async () => {
    const copy = `${D}/objects/Opportunity/moved/Health_Score__c.field-meta.xml`;
    const root = brokenCopy((file) => cpSync(file(FIELD), file(copy)));
    expect(await checkSourceResolution(root)).toEqual([
      problem(copy, `defines CustomField Opportunity.Health_Score__c again (first in ${FIELD})`)
    ]);
  });

  test('a root element that does not match the file type', async () => {
    const listView = `${D}/objects/Business_Review__c/listViews/All.listView-meta.xml`;
    const root = brokenCopy((file) => replaceIn(file(listView), /ListView/g, 'CustomField'));
    expect(await checkSourceResolution(root)).toEqual([
      problem(listView, 'is a ListView file, but its root element is <CustomField>')
    ]);
  });
});
