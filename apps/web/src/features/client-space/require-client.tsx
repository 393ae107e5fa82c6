import { Alert, Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { signOutOf, useClientMe } from './client-auth.api.ts';

/** Renders its children for a signed-in client, else goes to the secure space's sign-in page. */
export function RequireClient({ children }: { children: ReactNode }) {
  const { data: me, isPending, error } = useClientMe();
  const location = useLocation();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
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
    const signOut = signOutOf(queryClient);
    if (signOut) {
      const minutes = signOut.minutes ? `&minutes=${signOut.minutes}` : '';
      return <Navigate to={`/espace/connexion?raison=${signOut.reason}${minutes}`} replace />;
    }
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/espace' ? '/espace/connexion' : `/espace/connexion?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
