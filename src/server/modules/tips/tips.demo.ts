import { randomUUID } from 'node:crypto';
import type { DemoLoader } from '../../demo/demo-modules.js';
import * as followUpRepo from './follow-up.repository.js';
import { TIPSTER_ACCESS_DAYS } from './intake.service.js';
import { RETENTION_DAYS } from './retention.service.js';
import * as lineRepo from './tips.line.repository.js';
import * as repo from './tips.repository.js';
import { hashReceipt, roundToHour } from './tips.secrets.js';
import { CHANNELS, type Channel, DISPOSITIONS, PRIORITIES, STATUSES } from './tips.table.js';
import * as unitRepo from './units.repository.js';

/** The demo's known receipt, so a visitor can try the follow-up page: 4242 4242 4242 4242. */
export const DEMO_RECEIPT = '4242424242424242';

const FACTS: Record<Channel, string[]> = {
  solicitation: [
    'Un homme fictif offre des cadeaux à des adolescentes à la sortie d’une école fictive.',
    'Des jeunes fictifs se font proposer de « faire de l’argent facile » au centre commercial fictif.',
  ],
  place: ['Des allées et venues de jeunes la nuit dans un motel fictif de la route fictive 999.'],
  online: ['Un compte fictif écrit à des mineurs sur une plateforme fictive pour obtenir des rencontres.'],
  pimp_network: ['Un individu fictif surnommé « Fictif » semble contrôler plusieurs jeunes femmes.'],
  youth_at_risk: [
    'Une adolescente fictive semblait désorientée au terminus fictif, accompagnée d’un adulte.',
  ],
  other: ['Une information fictive sur des annonces suspectes dans un journal fictif.'],
};

/** Fictional answers to each channel's own questions. */
const ANSWERS: Record<Channel, Record<string, string>> = {
  solicitation: {
    approachedWhere: 'Sortie de l’école fictive',
    offered: 'Des cadeaux et de l’argent (fictif)',
  },
  place: { placeType: 'Motel fictif', hours: 'La nuit, surtout la fin de semaine' },
  online: { platform: 'Plateforme fictive', usernames: 'compte_fictif_01', dates: 'Depuis deux semaines' },
  pimp_network: { nickname: '« Fictif »', vehicles: 'Berline grise fictive' },
  youth_at_risk: { seenWhere: 'Terminus fictif', accompaniedBy: 'Un adulte fictif' },
  other: {},
};

/**
 * The demo's police service receives the public line; fictional tips for it: a unit, a queue, a question,
 * a known receipt.
 */
export const tipsDemo: DemoLoader = {
  name: 'tips',
  async load(platform, trx, context) {
    const police = context.organisations.find((o) => o.key === 'police');
    if (!police) return 'tips: no police service';
    const secret = platform.keyring.derive('tip-receipt');
    const investigators = context.people.filter(
      (p) => p.organisationId === police.id && p.roles.includes('investigator') && p.status === 'active',
    );
    const analyst = context.people.find(
      (p) => p.organisationId === police.id && p.roles.includes('police_analyst'),
    );
    const now = platform.now();
    await lineRepo.setReceivingService(trx, police.id, null, now);
    const unitId = await unitRepo.insertUnit(trx, {
      service_id: police.id,
      name: 'Unité exploitation sexuelle (fictive)',
      memberIds: investigators.map((p) => p.id),
    });
    const pick = <T>(items: readonly T[]): T => items[Math.floor(context.random() * items.length)]!;
    let count = 0;
    for (let i = 0; i < 14; i += 1) {
      const channel = CHANNELS[i % CHANNELS.length]!;
      const id = randomUUID();
      const receivedAt = roundToHour(
        new Date(now.getTime() - Math.floor(context.random() * 60) * 86_400_000),
      );
      const receipt =
        i === 0 ? DEMO_RECEIPT : String(1_000_000_000_000_000 + Math.floor(context.random() * 8e15));
      await repo.insertTip(trx, {
        id,
        service_id: police.id,
        channel,
        source: i % 4 === 3 ? 'phone' : 'web',
        receipt_hash: await hashReceipt(secret, receipt),
        content: platform.keyring.encrypt(
          JSON.stringify({
            facts: pick(FACTS[channel]),
            where: 'Secteur fictif',
            ...(Object.keys(ANSWERS[channel]).length > 0 ? { answers: ANSWERS[channel] } : {}),
          }),
          `tips.content:${id}`,
        ),
        received_at: receivedAt,
        tipster_access_until: new Date(now.getTime() + TIPSTER_ACCESS_DAYS * 86_400_000),
        expires_at: new Date(receivedAt.getTime() + RETENTION_DAYS[channel] * 86_400_000)
          .toISOString()
          .slice(0, 10),
        has_identity: false,
        entered_by: null,
      });
      const status = i < 4 ? 'new' : pick(STATUSES);
      const ended = status === 'closed' || status === 'unfounded';
      await repo.updateTriage(trx, id, {
        status,
        priority: pick(PRIORITIES),
        ...(status !== 'new' ? { unit_id: unitId } : {}),
        // An ended tip always has its disposition.
        ...(ended ? { disposition: pick(DISPOSITIONS.filter((d) => d !== 'other')) } : {}),
      });
      if (status !== 'new' && analyst) {
        const noteId = randomUUID();
        await repo.insertNote(trx, {
          id: noteId,
          tip_id: id,
          author_person_id: analyst.id,
          body: platform.keyring.encrypt(
            'Note interne fictive : vérifier les antécédents.',
            `tips.note:${noteId}`,
          ),
          created_at: receivedAt,
        });
      }
      if (i === 0 && analyst) {
        const messageId = randomUUID();
        await followUpRepo.insertMessage(trx, {
          id: messageId,
          tip_id: id,
          author: 'police',
          author_person_id: analyst.id,
          body: platform.keyring.encrypt(
            'Merci. Pouvez-vous préciser à quelle heure vous avez vu la scène?',
            `tips.message:${messageId}`,
          ),
          created_at: receivedAt,
        });
      }
      count += 1;
    }
    return `line received by ${police.name}; ${count} fictional tips, 1 unit (follow-up receipt 4242 4242 4242 4242)`;
  },
};
