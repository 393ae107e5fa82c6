import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { AppLayout } from './components/app-layout.tsx';
import { RequireAuth } from './components/require-auth.tsx';
import { AnswersPage } from './features/answers/answers-page.tsx';
import { AgendaPage } from './features/appointments/agenda-page.tsx';
import { BranchesPage } from './features/appointments/branches-page.tsx';
import { ClientAppointmentsPage } from './features/appointments/client-appointments-page.tsx';
import { ClientMeetingPage, StaffMeetingPage } from './features/appointments/meeting-pages.tsx';
import { ApprovalsPage } from './features/approvals/approvals-page.tsx';
import { CalendarsPage } from './features/calendars/calendars-page.tsx';
import { ContactDetailsPage } from './features/client-settings/contact-details-page.tsx';
import { SecurityPage } from './features/client-settings/security-page.tsx';
import { ClientActivationPage } from './features/client-space/client-activation-page.tsx';
import { ClientHomePage } from './features/client-space/client-home-page.tsx';
import { ClientLayout } from './features/client-space/client-layout.tsx';
import { ClientLoginPage } from './features/client-space/client-login-page.tsx';
import { RequireClient } from './features/client-space/require-client.tsx';
import { Client360Page } from './features/clients/client-360-page.tsx';
import { PortfolioPage } from './features/clients/portfolio-page.tsx';
import { ClientCofinancingPage, ClientProjectPage } from './features/cofinancing/client-cofinancing-pages.tsx';
import { PublicCofinancingLayout, PublicProjectPage, PublicProjectsPage } from './features/cofinancing/public-cofinancing-pages.tsx';
import { StaffCofinancingPage, StaffProjectPage } from './features/cofinancing/staff-cofinancing-pages.tsx';
import { ClientCommunityPage, COMMUNITY_ROUTES, CommunityStaffPage } from './features/community/community-routes.tsx';
import { ListeningPage } from './features/listening/listening-page.tsx';
import { RealtimeProvider } from './features/realtime/realtime.tsx';
import { ClientMessagesPage, ClientThreadPage } from './features/secure-messaging/client-messages-page.tsx';
import { HandoffPage } from './features/secure-messaging/handoff-page.tsx';
import { StaffSecurePage } from './features/secure-messaging/staff-secure-page.tsx';
import { SlaEscalationsPage } from './features/sla/sla-escalations-page.tsx';
import { SupervisionPage } from './features/supervision/supervision-page.tsx';
import { AcceptInvitationPage } from './pages/accept-invitation-page.tsx';
import { AdminChannelsPage } from './pages/admin-channels-page.tsx';
import { AdminUsersPage } from './pages/admin-users-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { InboxPage } from './pages/inbox-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/invitation/:token', element: <AcceptInvitationPage /> },
  // Reset links carry the same kind of one-time token as invitations.
  { path: '/reset-password/:token', element: <AcceptInvitationPage /> },
  // The client's secure space: its own sign-in, session and layout (never the staff's).
  { path: '/espace/connexion', element: <ClientLoginPage /> },
  { path: '/espace/activation/:token', element: <ClientActivationPage /> },
  // A secure-space link sent in a private social reply: readable before sign-in (modules/secure-messaging).
  { path: '/espace/lien/:token', element: <HandoffPage /> },
  {
    path: '/espace',
    element: (
      <RequireClient>
        <ClientLayout />
      </RequireClient>
    ),
    children: [
      { index: true, element: <ClientHomePage /> },
      { path: 'communaute', element: <ClientCommunityPage /> },
      { path: 'coordonnees', element: <ContactDetailsPage /> },
      { path: 'securite', element: <SecurityPage /> },
      { path: 'cofinancement', element: <ClientCofinancingPage /> },
      { path: 'cofinancement/:id', element: <ClientProjectPage /> },
      { path: 'messages', element: <ClientMessagesPage /> },
      { path: 'messages/:threadId', element: <ClientThreadPage /> },
      { path: 'rendez-vous', element: <ClientAppointmentsPage /> },
      { path: 'rendez-vous/:id/salle', element: <ClientMeetingPage /> },
      { path: 'agences', element: <BranchesPage /> },
    ],
  },
  // Co-financing's public project pages (no session needed to read).
  {
    path: '/cofinancement',
    element: <PublicCofinancingLayout />,
    children: [
      { index: true, element: <PublicProjectsPage /> },
      { path: ':id', element: <PublicProjectPage /> },
    ],
  },
  // The community: public pages (server-rendered for search engines, this app once JavaScript runs).
  COMMUNITY_ROUTES,
  {
    path: '/',
    element: (
      <RequireAuth>
        <RealtimeProvider enabled>
          <AppLayout />
        </RealtimeProvider>
      </RequireAuth>
    ),
    children: [
      { index: true, element: <InboxPage /> },
      { path: 'inbox', element: <InboxPage /> },
      { path: 'inbox/:conversationId', element: <InboxPage /> },
      {
        path: 'admin',
        element: <Navigate to="/admin/users" replace />,
      },
      {
        path: 'admin/users',
        element: (
          <RequireAuth roles={['admin']} forbiddenKey="admin.forbidden">
            <AdminUsersPage />
          </RequireAuth>
        ),
      },
      {
        path: 'admin/channels',
        element: (
          <RequireAuth roles={['admin']} forbiddenKey="admin.forbidden">
            <AdminChannelsPage />
          </RequireAuth>
        ),
      },
      {
        path: 'admin/calendars',
        element: (
          <RequireAuth roles={['admin', 'supervisor']} forbiddenKey="calendars.forbidden">
            <CalendarsPage />
          </RequireAuth>
        ),
      },
      {
        path: 'sla',
        element: (
          <RequireAuth roles={['admin', 'supervisor', 'compliance']} forbiddenKey="audit.forbidden">
            <SlaEscalationsPage />
          </RequireAuth>
        ),
      },
      {
        path: 'supervision',
        element: (
          <RequireAuth roles={['admin', 'supervisor', 'compliance']} forbiddenKey="audit.forbidden">
            <SupervisionPage />
          </RequireAuth>
        ),
      },
      { path: 'answers', element: <AnswersPage /> },
      { path: 'community', element: <CommunityStaffPage /> },
      { path: 'clients', element: <PortfolioPage /> },
      { path: 'clients/:clientId', element: <Client360Page /> },
      { path: 'secure', element: <StaffSecurePage /> },
      { path: 'secure/:threadId', element: <StaffSecurePage /> },
      {
        path: 'cofinancing',
        element: (
          <RequireAuth roles={['advisor', 'supervisor', 'compliance', 'admin']} forbiddenKey="audit.forbidden">
            <StaffCofinancingPage />
          </RequireAuth>
        ),
      },
      {
        path: 'cofinancing/:id',
        element: (
          <RequireAuth roles={['advisor', 'supervisor', 'compliance', 'admin']} forbiddenKey="audit.forbidden">
            <StaffProjectPage />
          </RequireAuth>
        ),
      },
      { path: 'agenda', element: <AgendaPage /> },
      { path: 'agenda/salle/:id', element: <StaffMeetingPage /> },
      {
        path: 'listening/:tab?',
        element: (
          <RequireAuth roles={['agent', 'community_manager', 'supervisor', 'compliance', 'admin']} forbiddenKey="listening.forbidden">
            <ListeningPage />
          </RequireAuth>
        ),
      },
      {
        path: 'approvals',
        element: (
          <RequireAuth roles={['admin', 'supervisor', 'compliance']} forbiddenKey="audit.forbidden">
            <ApprovalsPage />
          </RequireAuth>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequireAuth roles={['admin', 'compliance']} forbiddenKey="audit.forbidden">
            <AuditPage />
          </RequireAuth>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
