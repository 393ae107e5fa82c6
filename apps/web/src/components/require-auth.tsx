import type { Role } from '@agora/contracts/common.schema.ts';
import { Alert, Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../features/auth/auth.api.ts';

/** Renders its children for a signed-in person (optionally of some roles), else goes to /login. */
export function RequireAuth({ children, roles, forbiddenKey }: { children: ReactNode; roles?: readonly Role[]; forbiddenKey?: string }) {
  const { data: me, isPending, error } = useMe();
  const location = useLocation();
  const { t } = useTranslation();
  if (isPending) {
    return (
      <Center h="60vh">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (error) {
    return (
      <Alert color="red" title={t('errors.title')} m="xl">
        {error.message}
      </Alert>
    );
  }
  if (!me) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (roles && !roles.includes(me.role)) {
    return (
      <Alert color="orange" title={t('errors.title')} m="xl">
        {t(forbiddenKey ?? 'errors.title')}
      </Alert>
    );
  }
  return <>{children}</>;
}
