import { type ReactNode, useEffect } from 'react';
import { Navigate, Outlet, type RouteObject, useLocation } from 'react-router';
import { resyncPushOnce } from '../modules/account/push-resync';
import { NotFoundPage } from '../modules/errors/not-found.page';
import { LoadingPage } from '../ui/page';
import { holds, useSession } from './session';

/** Staff pages: signed-out people go to sign-in (keeping where they were going), unenrolled ones to TOTP. */
export function RequireAuth() {
  const { state } = useSession();
  const location = useLocation();
  const personId = state.status === 'signed_in' ? state.session.person.id : null;
  // Once per page load, a device that opted in to web push checks its subscription is still Filet's.
  useEffect(() => {
    if (personId) void resyncPushOnce(personId);
  }, [personId]);
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'anonymous') {
    // After a deliberate sign-out there is nowhere to come back to.
    const deliberate = state.reason === 'signedOut' || state.reason === 'sessionEnded';
    const back = deliberate ? '/' : `${location.pathname}${location.search}`;
    const search = back === '/' ? '' : `?retour=${encodeURIComponent(back)}`;
    return <Navigate to={`/connexion${search}`} replace />;
  }
  if (state.status === 'enrolment') return <Navigate to="/securite/totp" replace />;
  return <Outlet />;
}

/** Hides a page the server would refuse; looks like any unknown address. */
export function RequirePermission({
  permission,
  children,
}: {
  /** One permission, or a list of which one is enough. */
  permission: string | readonly string[];
  children: ReactNode;
}) {
  const { can } = useSession();
  return holds(can, permission) ? children : <NotFoundPage />;
}

/**
 * A route to a page only the holders of a permission (or of one of a list) reach; to anyone else it
 * is an unknown address.
 */
export function guarded(path: string, permission: string | readonly string[], page: ReactNode): RouteObject {
  return { path, element: <RequirePermission permission={permission}>{page}</RequirePermission> };
}
