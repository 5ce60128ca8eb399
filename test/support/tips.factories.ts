import type { TestApp } from './app.js';

/**
 * Opens the public tip line: the table's coordination names `serviceId` as the police service that
 * receives it, through the API as in real use. Until then the public form stores nothing.
 */
export async function openTipLine(t: TestApp, serviceId: string): Promise<void> {
  const coordination = await t.as('table_coordinator');
  const response = await coordination.inject({
    method: 'PUT',
    url: '/api/tips/line',
    payload: { receivingServiceId: serviceId },
  });
  if (response.statusCode !== 200)
    throw new Error(`opening the tip line: ${response.statusCode} ${response.body}`);
}
