import { strict as assert } from 'node:assert';
import { stateStoreFromEnv, stateStoreKind } from '../../../src/state/from-env.js';
import { MemoryStateStore } from '../../../src/state/memory.js';

describe('choosing the state store from the environment', () => {
  it('prefers Redis, then DynamoDB, else memory', () => {
    assert.equal(stateStoreKind({ REDIS_URL: 'redis://h:6379', ALERT_STATE_TABLE: 't' }), 'redis');
    assert.equal(stateStoreKind({ ALERT_STATE_TABLE: 'trailhound-state' }), 'dynamodb');
    assert.equal(stateStoreKind({ REDIS_URL: '  ' }), 'memory');
    assert.ok(stateStoreFromEnv({}) instanceof MemoryStateStore);
  });
});
