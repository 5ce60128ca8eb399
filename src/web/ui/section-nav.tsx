import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { NavItem } from '../app/module-registry';
import { holds, useSession } from '../app/session';
import { Button } from './button';

interface SectionNavProps {
  /** Accessible name of the navigation landmark (already translated). */
  label: string;
  /** The screens of the section, shown by the same permission rule as the main navigation. */
  items: NavItem[];
}

/** True when `pathname` is `to` or one of its sub-pages. */
function within(pathname: string, to: string): boolean {
  return pathname === to || pathname.startsWith(`${to}/`);
}

/**
 * The screens of one section of the app (a module with several screens under one main-navigation
 * entry). The screen shown is marked aria-current="page"; on one of its sub-pages (a course, a
 * session, a result), the screen it belongs to is marked aria-current="true". On a phone the list
 * folds behind a button, like the main navigation, so the page title stays in view.
 */
export function SectionNav({ label, items }: SectionNavProps) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  const listId = useId();
  // A new page folds the list again.
  const lastPath = useRef(pathname);
  useEffect(() => {
    if (lastPath.current === pathname) return;
    lastPath.current = pathname;
    setOpen(false);
  }, [pathname]);
  const shown = items.filter((item) => (item.permission ? holds(can, item.permission) : true));
  // The most specific screen holding the address (the catalogue at /formation holds every other page).
  const current = shown
    .filter((item) => within(pathname, item.to))
    .sort((a, b) => b.to.length - a.to.length)[0];
  return (
    <nav className="section-nav" aria-label={label}>
      <Button
        variant="secondary"
        className="section-nav-toggle"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((value) => !value)}
      >
        {label}
      </Button>
      <ul id={listId} className={open ? 'section-nav-list is-open' : 'section-nav-list'}>
        {shown.map((item) => (
          <li key={item.to}>
            <Link
              to={item.to}
              aria-current={item === current ? (pathname === item.to ? 'page' : 'true') : undefined}
            >
              {t(item.labelKey)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
