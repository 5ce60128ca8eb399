import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { rotateDataKey } from '../../platform/crypto/rotate.js';
import './tips.fields.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

it('re-encrypts every tip column on key rotation, so tips stay readable once the old key is deleted', async () => {
  const service = await t.createOrganisation({ type: 'police', name: 'Police fictive de la rotation' });
  const analyst = await t.as('police_analyst', { organisationId: service });
  const created = await analyst.inject({
    method: 'POST',
    url: '/api/tips',
    payload: {
      channel: 'place',
      facts: 'Récit fictif avant rotation.',
      answers: { hours: 'La nuit' },
      contact: 'Coordonnées fictives',
    },
  });
  const id = created.json().id as string;
  await analyst.inject({
    method: 'POST',
    url: `/api/tips/${id}/notes`,
    payload: { noteText: 'Note fictive.' },
  });
  await analyst.inject({ method: 'POST', url: `/api/tips/${id}/questions`, payload: { body: 'Question?' } });
  await analyst.inject({
    method: 'PATCH',
    url: `/api/tips/${id}`,
    payload: { status: 'closed', disposition: 'other', dispositionNote: 'Issue fictive.' },
  });
  const oldKey = t.platform.keyring.activeKeyId();

  const result = await rotateDataKey(t.database, t.platform.keyring, t.platform.audit);
  expect(result.retiredKeys).toContain(oldKey);

  const detail = await analyst.inject({ method: 'GET', url: `/api/tips/${id}?purpose=V%C3%A9rification` });
  expect(detail.statusCode, detail.body).toBe(200);
  expect(detail.json()).toMatchObject({
    content: { facts: 'Récit fictif avant rotation.', answers: { hours: 'La nuit' } },
    notes: [{ body: 'Note fictive.' }],
    messages: [{ body: 'Question?' }],
    dispositionNote: 'Issue fictive.',
  });
  const identity = await analyst.inject({
    method: 'POST',
    url: `/api/tips/${id}/identity`,
    payload: { purpose: 'Vérification' },
  });
  expect(identity.json().contact).toBe('Coordonnées fictives');
});
