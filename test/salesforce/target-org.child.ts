// Run by target-org.test.ts in a process whose HOME holds the sf CLI's org files. For each
// alias given (SF_TARGET_ORG), connects, reads the scope, and — with `--expire-after N` —
// lives through session expiries; prints one JSON line per alias.
//   target-org.child.ts [--expire-after N] alias...

import { connect, dataPath } from '../../worker/salesforce/session.js';
import { readScope } from '../../worker/salesforce/scope.js';

const args = process.argv.slice(2);
const expireAfter = args[0] === '--expire-after' ? Number(args[1]) : null;
const aliases = expireAfter === null ? args : args.slice(2);

for (const alias of aliases) {
  try {
    const session = await connect({ instanceUrl: null, apiVersion: '62.0', auth: { kind: 'targetOrg', alias } });
    const scope = await readScope(session, new Date('2026-05-01T12:00:00Z'));
    if (expireAfter !== null) {
      await fetch(`${session.connection.instanceUrl}/__local/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionExpiresAfterCalls: expireAfter })
      });
      for (let call = 0; call < 3; call++) await session.connection.request(dataPath(session, 'limits'));
    }
    const snapshot = session.accounting.snapshot();
    console.log(
      JSON.stringify({
        authKind: session.authKind,
        opportunities: scope.opportunities.map((o) => o.name),
        calls: snapshot.calls.total,
        renewals: snapshot.sessionRenewals
      })
    );
  } catch (error) {
    console.log(JSON.stringify({ error: (error as Error).name, message: (error as Error).message }));
  }
}
