import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
}

/** Previous and next links that keep the current filters in the address. */
export function Pagination({ page, pageSize, total }: PaginationProps) {
  const { t } = useTranslation();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
  if (pages <= 1) return null;

  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    if (target <= 1) params.delete('page');
    else params.set('page', String(target));
    const query = params.toString();
    return query ? `${location.pathname}?${query}` : location.pathname;
  };

  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <ul>
        <li>
          {page > 1 ? (
            <Link to={hrefFor(page - 1)} rel="prev">
              {t('pagination.previous')}
            </Link>
          ) : null}
        </li>
        <li aria-current="page">{t('pagination.status', { page, pages })}</li>
        <li>
          {page < pages ? (
            <Link to={hrefFor(page + 1)} rel="next">
              {t('pagination.next')}
            </Link>
          ) : null}
        </li>
      </ul>
    </nav>
  );
}
