import { CairnCommand, targetOrgArgument } from '../../command.js';
import { gatherDoctorFacts, gatherFeatureNames } from '../../doctor/facts.js';
import { gatherWaitingEvents } from '../../doctor/store-facts.js';
import { doctorChecks, type CheckStatus, type DoctorResult } from '../../doctor/checks.js';
import { orgFlags } from '../../flags.js';
import { pluginMessages } from '../../messages.js';

const messages = pluginMessages('cairn.doctor');

const MARKS: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!' };

export default class Doctor extends CairnCommand<DoctorResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = { ...orgFlags };

  public async run(): Promise<DoctorResult> {
    const { flags } = await this.parse(Doctor);
    const org = flags['target-org'];
    const connection = org.getConnection(flags['api-version']);
    const [orgFacts, waitingEvents, featureNames] = await Promise.all([
      gatherDoctorFacts(connection),
      gatherWaitingEvents(),
      gatherFeatureNames()
    ]);
    const facts = { ...orgFacts, waitingEvents, featureNames };
    const result = doctorChecks(facts, targetOrgArgument(this.argv) ?? org.getUsername() ?? 'my-org');

    for (const check of result.checks) {
      this.log(`${MARKS[check.status]} ${check.name}: ${check.message}`);
      if (check.fix && check.status !== 'pass') this.log(`    fix: ${check.fix}`);
    }
    const failed = result.checks.filter((check) => check.status === 'fail').length;
    this.log(result.ok ? messages.getMessage('ok') : messages.getMessage('failed', [failed]));
    if (!result.ok) process.exitCode = 1;
    return result;
  }
}
