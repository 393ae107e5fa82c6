import {
  IconBuildingBank,
  IconCalendarEvent,
  IconHome,
  IconMessages,
  IconPlant2,
  type IconProps,
  IconShieldLock,
  IconUserCircle,
  IconUsersGroup,
} from '@tabler/icons-react';
import '../appointments/appointments.i18n.ts';
import '../cofinancing/cofinancing.i18n.ts';
import '../secure-messaging/secure.i18n.ts';
import '../client-settings/client-settings.i18n.ts';
import type { ComponentType } from 'react';

export interface ClientNavItem {
  to: string;
  /** i18n key of the label. */
  labelKey: string;
  icon: ComponentType<IconProps>;
}

/**
 * The secure space's pages, in menu order. Each capability (messages, appointments, community,
 * co-financing…) adds its own line here when it lands: no entry for what does not exist yet.
 */
export const CLIENT_NAV: ClientNavItem[] = [
  { to: '/espace', labelKey: 'clientSpace.nav.home', icon: IconHome },
  { to: '/espace/messages', labelKey: 'secure.nav', icon: IconMessages },
  { to: '/espace/rendez-vous', labelKey: 'appointments.nav.client', icon: IconCalendarEvent },
  { to: '/espace/agences', labelKey: 'appointments.nav.branches', icon: IconBuildingBank },
  { to: '/espace/communaute', labelKey: 'clientSpace.nav.community', icon: IconUsersGroup },
  { to: '/espace/cofinancement', labelKey: 'cofinancing.nav', icon: IconPlant2 },
  { to: '/espace/coordonnees', labelKey: 'clientSettings.nav.details', icon: IconUserCircle },
  { to: '/espace/securite', labelKey: 'clientSettings.nav.security', icon: IconShieldLock },
];
