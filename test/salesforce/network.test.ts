// A connection that breaks mid-call: a TCP relay on loopback in front of the local org
// drops the connection that carries the first PATCH, after the request is sent and before
// any answer (what a load balancer reset looks like to the client: "socket hang up").

import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { connect } from '../../worker/salesforce/session.js';
import { writeChanges } from '../../worker/salesforce/write.js';
import { FAST_WRITES, accessTokenSettings, apiCalls, startOrg, type LocalOrg } from './support.js';

let org: LocalOrg;
let relay: Server;
let relayUrl: string;
let dropNextPatch = false;
const sockets = new Set<Socket>();

beforeAll(async () => {
  org = await startOrg();
  const upstream = new URL(org.url);
  relay = createServer((client) => {
    const server = createConnection({ host: upstream.hostname, port: Number(upstream.port) });
    sockets.add(client).add(server);
    // requests on a kept-alive connection follow one another, so each chunk is looked at
    client.on('data', (chunk: Buffer) => {
      if (dropNextPatch && chunk.toString('latin1').startsWith('PATCH ')) {
        dropNextPatch = false;
        client.destroy();
        server.destroy();
        return;
      }
      server.write(chunk);
    });
    server.pipe(client);
    server.on('error', () => client.destroy());
    client.on('error', () => server.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => relay.close(resolve));
  await org.close();
});

test('an update whose connection is reset is sent again, and the rows land once', async () => {
  const [account] = org.insert('Account', [{ Name: 'Acme' }]);
  const ids = org.insert(
    'Opportunity',
    Array.from({ length: 3 }, (_, i) => ({
      Name: `Deal ${i}`,
      AccountId: account,
      StageName: 'Closed Won',
      CloseDate: '2026-01-15'
    }))
  );
  const session = await connect(accessTokenSettings(org, { instanceUrl: relayUrl }));
  const before = apiCalls(org);
  dropNextPatch = true;
  const { report } = await writeChanges(
    session,
    [
      {
        object: 'Opportunity',
        operation: 'update',
        records: ids.map((id) => ({ key: id, values: { Health_Score__c: 42 } }))
      }
    ],
    FAST_WRITES
  );
  expect(dropNextPatch).toBe(false); // the relay did drop one
  // we sent 2 attempts (the reset one and its retry); the org saw only the second
  expect(report.retries.calls).toBe(1);
  expect(report.apiCalls.byKind.collections).toBe(2);
  expect(apiCalls(org).byKind.collections - before.byKind.collections).toBe(1);
  expect(report.writes.Opportunity).toEqual({ created: 0, updated: 3 });
  expect(report.failedRows).toEqual([]);
});
