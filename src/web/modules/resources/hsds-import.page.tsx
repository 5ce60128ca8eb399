import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  HSDS_IMPORT_ACTIONS,
  HSDS_IMPORT_MAX_BYTES,
  type HsdsImportLine,
  type HsdsImportReport,
} from '../../../shared/contracts/resources';
import { ApiError, api, fieldMessage, withQuery } from '../../app/api';
import { useForm } from '../../app/form';
import { useAction } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field, SelectField } from '../../ui/field';
import { Page } from '../../ui/page';
import { DataTable, Table, TableHead } from '../../ui/table';

const FIELD_IDS: Record<string, string> = { file: 'hsds-file', region: 'hsds-region', lang: 'hsds-lang' };
const KINDS = ['organisations', 'services', 'locations'] as const;

/** What one line of the report says beyond its action: the changed fields, the reason, what is left out. */
function LineDetails({ line }: { line: HsdsImportLine }) {
  const { t } = useTranslation();
  return (
    <>
      {line.fields.length > 0 ? (
        <p>{t('resources.hsdsImport.changed', { fields: line.fields.join(', ') })}</p>
      ) : null}
      {line.reason ? <p>{t(`resources.hsdsImport.reasons.${line.reason}`)}</p> : null}
      {line.ignored.length > 0 ? (
        <p className="muted">{t('resources.hsdsImport.ignored', { paths: line.ignored.join(', ') })}</p>
      ) : null}
      {line.sourceId ? (
        <p className="muted">{t('resources.hsdsImport.sourceId', { id: line.sourceId })}</p>
      ) : null}
    </>
  );
}

function Report({ report }: { report: HsdsImportReport }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="hsds-report-title">
      <h2 id="hsds-report-title">
        {report.applied ? t('resources.hsdsImport.appliedTitle') : t('resources.hsdsImport.reportTitle')}
      </h2>
      <p>{t('resources.hsdsImport.summary', { count: report.services, region: report.region })}</p>
      <Table caption={t('resources.hsdsImport.countsCaption')}>
        <TableHead
          columns={[
            t('resources.hsdsImport.kind'),
            ...HSDS_IMPORT_ACTIONS.map((action) => t(`resources.hsdsImport.actions.${action}`)),
          ]}
        />
        <tbody>
          {KINDS.map((kind) => (
            <tr key={kind}>
              <th scope="row">{t(`resources.hsdsImport.kinds.${kind}`)}</th>
              {HSDS_IMPORT_ACTIONS.map((action) => (
                <td key={action}>{report.counts[kind][action]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </Table>
      <DataTable
        caption={t('resources.hsdsImport.linesCaption')}
        columns={[
          t('resources.hsdsImport.kind'),
          t('resources.hsdsImport.entry'),
          t('resources.hsdsImport.action'),
          t('resources.hsdsImport.details'),
        ]}
        rows={report.lines}
        empty={t('resources.hsdsImport.noLines')}
      >
        {(line) => (
          <tr key={`${line.kind}-${line.id}`}>
            <td>{t(`resources.hsdsImport.kinds.${line.kind}s`)}</td>
            <td>
              {line.name ?? t('resources.hsdsImport.unnamed')}
              <br />
              <span className="muted">{line.id}</span>
            </td>
            <td>{t(`resources.hsdsImport.actions.${line.action}`)}</td>
            <td>
              <LineDetails line={line} />
            </td>
          </tr>
        )}
      </DataTable>
    </section>
  );
}

/**
 * The table coordination imports an Open Referral (HSDS 3.0) file from another region or a 211: a dry
 * run first (nothing stored: what would be created, updated, left or skipped), then the apply of
 * exactly what the dry run showed (its digest).
 */
export function HsdsImportPage() {
  const { t } = useTranslation();
  const form = useForm({ region: '', lang: 'fr' }, FIELD_IDS);
  const apply = useAction();
  const [content, setContent] = useState<unknown>(undefined);
  const [report, setReport] = useState<HsdsImportReport | null>(null);
  const [said, setSaid] = useState<string | null>(null);

  const dryRunQuery = () =>
    withQuery('/resources/hsds/import', {
      mode: 'dry-run',
      region: form.values.region,
      lang: form.values.lang,
    });

  const onFile = (file: File | null) => {
    setReport(null);
    setSaid(null);
    setContent(undefined);
    if (!file) return;
    if (file.size > HSDS_IMPORT_MAX_BYTES) {
      form.setError(
        new ApiError(413, 'payload_too_large', t('resources.hsdsImport.tooLarge'), [
          { field: 'file', rule: 'too_large', message: t('resources.hsdsImport.tooLarge') },
        ]),
      );
      return;
    }
    void file.text().then((text) => {
      try {
        setContent(JSON.parse(text));
        form.setError(undefined);
      } catch {
        form.setError(
          new ApiError(400, 'invalid_json', t('resources.hsdsImport.notJson'), [
            { field: 'file', rule: 'invalid_json', message: t('resources.hsdsImport.notJson') },
          ]),
        );
      }
    });
  };

  const onDryRun = form.onSubmit(async () => {
    setReport(null);
    setSaid(null);
    if (content === undefined)
      throw new ApiError(400, 'validation_failed', t('resources.hsdsImport.chooseFile'), [
        { field: 'file', rule: 'required', message: t('resources.hsdsImport.chooseFile') },
      ]);
    setReport(await api.post<HsdsImportReport>(dryRunQuery(), content));
  });

  const onApply = () => {
    if (!report) return;
    setSaid(null);
    void apply.run(async () => {
      // Exactly what the dry run showed: its region and language, whatever the form says since.
      const { region, lang, digest } = report;
      const path = withQuery('/resources/hsds/import', { mode: 'apply', region, lang, digest });
      const applied = await api.post<HsdsImportReport>(path, content);
      setReport(applied);
      setSaid(t('resources.hsdsImport.applied'));
    });
  };

  return (
    <Page title={t('resources.hsdsImport.title')} lead={t('resources.hsdsImport.lead')}>
      <form className="narrow" onSubmit={onDryRun} noValidate>
        <ErrorSummary error={form.error} fieldId={FIELD_IDS} />
        <Field
          id={FIELD_IDS.file!}
          label={t('resources.hsdsImport.file')}
          hint={t('resources.hsdsImport.fileHint')}
          type="file"
          accept="application/json,.json"
          error={fieldMessage(form.error, 'file')}
          onChange={(event) => onFile(event.target.files?.[0] ?? null)}
        />
        <Field
          label={t('resources.hsdsImport.region')}
          hint={t('resources.hsdsImport.regionHint')}
          maxLength={200}
          required
          {...form.field('region')}
        />
        <SelectField label={t('resources.hsdsImport.lang')} {...form.field('lang')}>
          <option value="fr">{t('resources.hsdsImport.langs.fr')}</option>
          <option value="en">{t('resources.hsdsImport.langs.en')}</option>
        </SelectField>
        <Button type="submit" pending={form.pending}>
          {t('resources.hsdsImport.dryRun')}
        </Button>
      </form>
      <StatusMessage>{said}</StatusMessage>
      {report ? (
        <>
          <Report report={report} />
          {report.applied ? null : (
            <div>
              <ErrorSummary error={apply.error} />
              <p>{t('resources.hsdsImport.applyHint')}</p>
              <Button onClick={onApply} pending={apply.pending}>
                {t('resources.hsdsImport.apply')}
              </Button>
            </div>
          )}
        </>
      ) : null}
    </Page>
  );
}
