// Run by target-org.test.ts in a process whose HOME holds the sf CLI's org files:
// connects with SF_TARGET_ORG (argv[2]), reads the scope, optionally lives through
// session expiries, and prints what it saw as one JSON line.

import { connect, dataPath } from '../../worker/salesforce/session.js';
import { readScope } from '../../worker/salesforce/scope.js';

const [alias = '', expireAfter] = process.argv.slice(2);
try {
  const session = await connect({ instanceUrl: null, apiVersion: '62.0', auth: { kind: 'targetOrg', alias } });
  const scope = await readScope(session, new Date('2026-05-01T12:00:00Z'));
  if (expireAfter !== undefined) {
    await fetch(`${session.connection.instanceUrl}/__local/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionExpiresAfterCalls: Number(expireAfter) })
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
