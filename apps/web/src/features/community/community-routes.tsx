import type { RouteObject } from 'react-router';
import {
  CommunityJoinPage,
  CommunityLoginPage,
  CommunityProfilePage,
  CommunityRulesPage,
  CommunitySignupPage,
  CommunityVerifyPage,
} from './account-pages.tsx';
import { CommunityLayout } from './community-ui.tsx';
import { EventPage, EventsPage, GroupPage, GroupsPage } from './events-groups-pages.tsx';
import { ForumHomePage, TopicPage } from './forum-pages.tsx';
import { IdeaPage, IdeasPage, ProjectsPage } from './ideas-pages.tsx';

export { ClientCommunityPage } from './client-community-page.tsx';
export { CommunityStaffPage } from './community-staff-page.tsx';

/** The community's URL space, /communaute/… (the server renders the public ones too, for search engines). */
export const COMMUNITY_ROUTES: RouteObject = {
  path: '/communaute',
  element: <CommunityLayout />,
  children: [
    { index: true, element: <ForumHomePage /> },
    { path: 'c/:slug', element: <ForumHomePage /> },
    { path: 't/:slug/:id', element: <TopicPage /> },
    { path: 'idees', element: <IdeasPage /> },
    { path: 'idees/:id', element: <IdeaPage /> },
    { path: 'de-vos-idees-a-nos-projets', element: <ProjectsPage /> },
    { path: 'groupes', element: <GroupsPage /> },
    { path: 'groupes/:slug', element: <GroupPage /> },
    { path: 'evenements', element: <EventsPage /> },
    { path: 'evenements/:id', element: <EventPage /> },
    { path: 'regles', element: <CommunityRulesPage /> },
    { path: 'connexion', element: <CommunityLoginPage /> },
    { path: 'inscription', element: <CommunitySignupPage /> },
    { path: 'verification/:token', element: <CommunityVerifyPage /> },
    { path: 'rejoindre', element: <CommunityJoinPage /> },
    { path: 'moi', element: <CommunityProfilePage /> },
  ],
};
