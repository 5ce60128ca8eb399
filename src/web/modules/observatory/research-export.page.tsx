import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { ResearchExportDetail, ResearchTexts } from '../../../shared/contracts/observatory';
import { api } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { OBS } from './access';
import { conflictError, periodLabel } from './parts';
import { SuppressedTableView } from './suppressed-table';

/**
 * One research export: its purpose, its query and the table as released (small cells hidden). When the
 * researcher asked for the free texts, the table allows or refuses them; once allowed, the researcher
 * reads the approved texts of the span, with nothing that ties them to an observation.
 */
export function ResearchExportPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const { id = '' } = useParams();
  const location = useLocation();
  const created = (location.state as { flash?: string } | null)?.flash === 'created';
  const path = `/observatory/research/exports/${encodeURIComponent(id)}`;
  const exported = useApiData<ResearchExportDetail>(path);
  const [said, setSaid] = useState<string | null>(created ? t('observatory.research.created') : null);
  const deciding = useAction();
  const reading = useAction();
  const [texts, setTexts] = useState<string[] | null>(null);

  if (exported.error) return <LoadErrorPage error={exported.error} />;
  const e = exported.data;
  if (!e) return <LoadingPage />;
  const dimensions = e.dimensions.map((d) => t(`observatory.dimensions.${d}`)).join(' × ');
  const title = t('observatory.research.exportTitle', {
    dimensions,
    from: periodLabel(e.from, locale),
    to: periodLabel(e.to, locale),
  });

  const decide = (allow: boolean) =>
    deciding.run(async () => {
      setSaid(null);
      try {
        await api.post(`${path}/texts`, { allow, version: e.version });
        setSaid(t(allow ? 'observatory.research.textsAllowed' : 'observatory.research.textsRefused'));
      } catch (reason) {
        throw conflictError(reason, t('observatory.research.decidedMeanwhile'));
      } finally {
        exported.reload();
      }
    });
  const read = () =>
    reading.run(async () => {
      const answer = await api.get<ResearchTexts>(`${path}/texts`);
      setTexts(answer.texts);
    });

  return (
    <Page title={title}>
      <StatusMessage>{said}</StatusMessage>
      <dl className="details">
        <Detail term={t('observatory.research.researcher')}>{e.researcherName}</Detail>
        <Detail term={t('observatory.research.createdAt')}>{formatDateTime(e.createdAt, locale)}</Detail>
        <Detail term={t('observatory.research.texts')}>
          {t(`observatory.research.textStatuses.${e.textStatus}`)}
        </Detail>
        <Detail term={t('observatory.research.purpose')} className="pre-wrap">
          {e.purpose}
        </Detail>
      </dl>
      <section aria-labelledby="obs-export-table">
        <h2 id="obs-export-table">{t('observatory.research.result')}</h2>
        <SuppressedTableView exported={e} />
      </section>
      {e.textStatus !== 'not_requested' ? (
        <section aria-labelledby="obs-export-texts">
          <h2 id="obs-export-texts">{t('observatory.research.textsHeading')}</h2>
          <p>{t(`observatory.research.textsExplained.${e.textStatus}`)}</p>
          <ErrorSummary error={deciding.error ?? reading.error} />
          {can(OBS.manage) && e.textStatus === 'requested' ? (
            <div className="button-row">
              <Button pending={deciding.pending} onClick={() => void decide(true)}>
                {t('observatory.research.allowTexts')}
              </Button>
              <Button variant="secondary" pending={deciding.pending} onClick={() => void decide(false)}>
                {t('observatory.research.refuseTexts')}
              </Button>
            </div>
          ) : null}
          {can(OBS.research) && e.textStatus === 'allowed' && texts === null ? (
            <Button variant="secondary" pending={reading.pending} onClick={() => void read()}>
              {t('observatory.research.readTexts')}
            </Button>
          ) : null}
          {texts !== null ? (
            texts.length === 0 ? (
              <p>{t('observatory.research.noTexts')}</p>
            ) : (
              <ul className="plain-list">
                {texts.map((text, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: texts carry no identity on purpose.
                  <li key={index}>
                    <blockquote className="pre-wrap obs-text">{text}</blockquote>
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </section>
      ) : null}
      <p>
        <Link to={can(OBS.manage) ? '/observatoire/table' : '/observatoire/recherche'}>
          {t('observatory.research.back')}
        </Link>
      </p>
    </Page>
  );
}
