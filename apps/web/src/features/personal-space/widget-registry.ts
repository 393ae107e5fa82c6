import type { Segment } from '@agora/contracts/client-360.schema.ts';
import type { ComponentType } from 'react';
import { AppointmentsWidget } from '../appointments/appointments-widget.tsx';
import { CofinancingWidget } from '../cofinancing/cofinancing-widget.tsx';
import { CommunityWidget } from '../community/community-widget.tsx';
import { MessagesWidget } from '../secure-messaging/messages-widget.tsx';
import { AccountsWidget } from './widgets/accounts-widget.tsx';
import { AdvisorWidget } from './widgets/advisor-widget.tsx';

export interface WidgetDefinition {
  /** Stable: saved in the client's layout (lower-case letters, digits, dashes). */
  id: string;
  /** i18n key of the card's title. */
  titleKey: string;
  /** The card's body. It fetches its own data, under a query key starting with 'client'. */
  component: ComponentType;
  /** Size when added, in grid units: 12 columns wide on a large screen, rows of 56 px. */
  defaultSize: { w: number; h: number };
  minSize: { w: number; h: number };
  /**
   * Place in the default arrangement of each segment (rule 12), lower first; a segment left out
   * does not get the widget by default (the client can still add it).
   */
  defaultOrder: Partial<Record<Segment, number>>;
}

/**
 * Every widget of the personal space, one line each. A module that brings something to the
 * client's home (messages, appointments, community, co-financing) adds its widget here; nothing
 * is listed before it works.
 */
export const WIDGETS: readonly WidgetDefinition[] = [
  {
    id: 'accounts',
    titleKey: 'personalSpace.widgets.accounts.title',
    component: AccountsWidget,
    defaultSize: { w: 8, h: 5 },
    minSize: { w: 4, h: 3 },
    defaultOrder: { social: 2, web: 1, silent: 2 },
  },
  {
    id: 'advisor',
    titleKey: 'personalSpace.widgets.advisor.title',
    component: AdvisorWidget,
    defaultSize: { w: 4, h: 4 },
    minSize: { w: 3, h: 3 },
    defaultOrder: { social: 1, web: 2, silent: 1 },
  },
  {
    id: 'community',
    titleKey: 'clientSpace.nav.community',
    component: CommunityWidget,
    defaultSize: { w: 4, h: 5 },
    minSize: { w: 3, h: 3 },
    defaultOrder: { social: 3 },
  },
  {
    id: 'cofinancing',
    titleKey: 'cofinancing.widget.title',
    component: CofinancingWidget,
    defaultSize: { w: 4, h: 5 },
    minSize: { w: 3, h: 3 },
    // Not in any default arrangement: a client who invests adds it ("Personnaliser").
    defaultOrder: {},
  },
  // Social clients come to the secure space from a handoff: their home shows their threads first;
  // web and silent clients add the card from "Personnaliser".
  {
    id: 'messages',
    titleKey: 'secure.widget.title',
    component: MessagesWidget,
    defaultSize: { w: 4, h: 5 },
    minSize: { w: 3, h: 3 },
    defaultOrder: { social: 4 },
  },
  {
    id: 'appointments',
    titleKey: 'appointments.widget.title',
    component: AppointmentsWidget,
    defaultSize: { w: 4, h: 4 },
    minSize: { w: 3, h: 3 },
    // Branch-only clients see their advisor in person: the appointments come right after. A "web"
    // client's default stays accounts and advisor (they add it, or use the Rendez-vous page).
    defaultOrder: { social: 5, silent: 2 },
  },
];
