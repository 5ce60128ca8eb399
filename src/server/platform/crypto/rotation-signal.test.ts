import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createAuditWriter } from '../audit/audit.js';
import { Keyring } from './keyring.js';
import { rotateDataKey } from './rotate.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.platform.notifier.start();
});
afterAll(async () => {
  await t.close();
});

describe('a key rotation made elsewhere', () => {
  it('reaches a running server, which reads values sealed with the new key', async () => {
    // `filet keys rotate` runs in its own process, with its own keyring over the same database.
    const command = new Keyring(t.config.masterKey);
    await command.load(t.database.db);
    const audit = createAuditWriter(() => command.auditChainKey());
    const { newKeyId } = await rotateDataKey(t.database, command, audit);
    const sealed = command.encrypt('valeur fictive', 'test.rotation:1');

    const deadline = Date.now() + 30_000;
    while (t.platform.keyring.activeKeyId() !== newKeyId && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(t.platform.keyring.activeKeyId()).toBe(newKeyId);
    expect(t.platform.keyring.decrypt(sealed, 'test.rotation:1')).toBe('valeur fictive');
  });
});
