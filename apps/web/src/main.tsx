import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './i18n/i18n.ts';
import './styles.css';
import { createTheme, type MantineColorsTuple, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/http-client.ts';
import { App } from './app.tsx';
import { ME_QUERY_KEY } from './features/auth/auth.api.ts';
import { CLIENT_ME_QUERY_KEY } from './features/client-space/client-auth.api.ts';

const bank: MantineColorsTuple = [
  '#eaf2fb',
  '#d3e1f2',
  '#a6c1e4',
  '#759fd6',
  '#4d82ca',
  '#3470c3',
  '#2566c1',
  '#1c4f8c',
  '#15426f',
  '#0c3257',
];

const theme = createTheme({
  primaryColor: 'bank',
  colors: { bank },
  primaryShade: 7,
  defaultRadius: 'md',
  fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
});

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // A session that ends while working (expiry, deactivation) sends the person back to /login.
    onError: (error, query) => {
      if (!(error instanceof ApiError && error.status === 401)) return;
      // The secure space's queries are keyed under 'client': its session is not the staff's.
      if (query.queryKey[0] === 'client') {
        if (query.queryKey[1] !== 'me') queryClient.setQueryData(CLIENT_ME_QUERY_KEY, null);
      } else if (query.queryKey[0] !== 'me') {
        queryClient.setQueryData(ME_QUERY_KEY, null);
      }
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      retry: (failureCount, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" zIndex={1000} />
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
