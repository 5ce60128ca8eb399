import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../app/api';
import { useForm } from '../../app/form';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Page } from '../../ui/page';
import { localProblem } from './parts';
import { emptySubject, SubjectFields, subjectInput, subjectProblems } from './subject-fields';

/** A new person followed by the organisation; then their page (consents, trajectory, referrals). */
export function NewSubjectPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useForm(emptySubject, (field) => `subject-${field}`);
  const onSubmit = form.onSubmit(async () => {
    const problems = subjectProblems(form.values, t);
    if (problems.length > 0) throw localProblem(problems);
    const created = await api.post<{ id: string }>('/referrals/subjects', subjectInput(form.values));
    navigate(`/suivis/${encodeURIComponent(created.id)}`, { state: { created: true } });
  });
  return (
    <Page title={t('referrals.subject.newTitle')} lead={t('referrals.subject.newLead')}>
      <form className="form narrow" onSubmit={onSubmit} noValidate>
        <ErrorSummary error={form.error} fieldId={form.fieldId} />
        <SubjectFields prefix="subject" values={form.values} set={form.set} error={form.error} />
        <div className="button-row">
          <Button type="submit" pending={form.pending}>
            {t('referrals.subject.create')}
          </Button>
          <Link to="/suivis">{t('common.cancel')}</Link>
        </div>
      </form>
    </Page>
  );
}
