import { useTranslation } from 'react-i18next';

/** Where a session is held: its place, "online" when it has only a video link, else a dash. */
export function SessionPlace({ session }: { session: { place: string | null; videoUrl: string | null } }) {
  const { t } = useTranslation();
  return <>{session.place ?? (session.videoUrl ? t('training.sessions.online') : '—')}</>;
}

/** The certificate of a completion to download, or a note that it has none (no code was issued). */
export function CertificateCell({
  completion,
  label,
}: {
  completion: { id: string; certificateCode: string | null };
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <td>
      {completion.certificateCode ? (
        <a href={`/api/training/completions/${encodeURIComponent(completion.id)}/certificate.pdf`} download>
          {label}
        </a>
      ) : (
        t('training.mine.noCode')
      )}
    </td>
  );
}
