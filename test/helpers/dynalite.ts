/**
 * Starts dynalite (an in-memory DynamoDB-compatible server) in this process on a free port and
 * returns a DynamoDBClient pointed at it, with the state table created.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRequire } from 'node:module';
import { Agent, type Server } from 'node:http';
import { createStateTable } from '../../src/state/dynamodb.js';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: { createTableMs?: number }) => Server;

export interface LocalDynamo {
  client: DynamoDBClient;
  table: string;
  stop(): Promise<void>;
}

export async function startDynalite(table = 'trailhound-state'): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0 });
  // Node closes idle keep-alive sockets after 5 s; a client reusing one at that instant gets
  // ECONNRESET. The tests' pooled sockets may idle longer than that between bursts.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // Storm tests send hundreds of requests at once; the default pool of 50 sockets queues them.
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) },
  });
  await createStateTable(client, table, { enableTtl: false, pollMs: 10 });
  return {
    client,
    table,
    stop: () =>
      new Promise<void>((resolve) => {
        client.destroy();
        server.close(() => resolve());
      }),
  };
}
