import { describe, expect, it } from 'vitest';
import { createOpeningHours, OpeningHoursSpecError } from './opening-hours.ts';

const paris = createOpeningHours({ spec: 'mon-fri 09:00-18:00', timeZone: 'Europe/Paris', holidaysCountry: 'FR' });

describe('live chat opening hours', () => {
  it('opens Monday to Friday, 9:00 to 18:00 Paris time', () => {
    // Tuesday 10 March 2026, winter time (UTC+1).
    expect(paris.isOpen(new Date('2026-03-10T07:59:00Z'))).toBe(false); // 08:59 in Paris
    expect(paris.isOpen(new Date('2026-03-10T08:00:00Z'))).toBe(true); // 09:00
    expect(paris.isOpen(new Date('2026-03-10T16:59:00Z'))).toBe(true); // 17:59
    expect(paris.isOpen(new Date('2026-03-10T17:00:00Z'))).toBe(false); // 18:00
    expect(paris.isOpen(new Date('2026-03-14T10:00:00Z'))).toBe(false); // Saturday
  });

  it('follows summer time: 9:00 in Paris is 7:00 UTC after the last Sunday of March', () => {
    // Monday 30 March 2026, the day after the change to UTC+2.
    expect(paris.isOpen(new Date('2026-03-30T07:00:00Z'))).toBe(true);
    expect(paris.isOpen(new Date('2026-03-30T06:59:00Z'))).toBe(false);
    expect(paris.isOpen(new Date('2026-03-30T15:59:00Z'))).toBe(true); // 17:59
    expect(paris.isOpen(new Date('2026-03-30T16:00:00Z'))).toBe(false); // 18:00
  });

  it('stays closed on French public holidays that fall on a weekday', () => {
    // Friday 1 May 2026 (Fête du travail) and Thursday 14 May 2026 (Ascension).
    expect(paris.isOpen(new Date('2026-05-01T10:00:00Z'))).toBe(false);
    expect(paris.isOpen(new Date('2026-05-14T10:00:00Z'))).toBe(false);
    expect(paris.isOpen(new Date('2026-05-13T10:00:00Z'))).toBe(true);
    const noHolidays = createOpeningHours({ spec: 'mon-fri 09:00-18:00', timeZone: 'Europe/Paris', holidaysCountry: null });
    expect(noHolidays.isOpen(new Date('2026-05-01T10:00:00Z'))).toBe(true);
  });

  it('tells when it opens next: after a holiday weekend, on the Tuesday', () => {
    // Saturday 23 May 2026; Monday 25 May is Whit Monday: next opening is Tuesday 26 at 9:00 (07:00 UTC).
    expect(paris.nextOpening(new Date('2026-05-23T12:34:00Z'))?.toISOString()).toBe('2026-05-26T07:00:00.000Z');
    const now = new Date('2026-03-10T10:00:00Z');
    expect(paris.nextOpening(now)).toBe(now);
  });

  it('reads several ranges, always and never, and refuses a bad spec', () => {
    const week = createOpeningHours({ spec: 'mon-fri 09:00-18:00; sat 09:00-12:00', timeZone: 'Europe/Paris', holidaysCountry: null });
    expect(week.isOpen(new Date('2026-03-14T10:00:00Z'))).toBe(true); // Saturday 11:00
    expect(week.isOpen(new Date('2026-03-14T11:00:00Z'))).toBe(false); // Saturday 12:00
    expect(
      createOpeningHours({ spec: 'always', timeZone: 'Europe/Paris', holidaysCountry: 'FR' }).isOpen(new Date('2026-05-01T03:00:00Z')),
    ).toBe(true);
    expect(createOpeningHours({ spec: 'never', timeZone: 'Europe/Paris', holidaysCountry: null }).nextOpening(new Date())).toBeNull();
    expect(() => createOpeningHours({ spec: 'lundi 9h', timeZone: 'Europe/Paris', holidaysCountry: null })).toThrow(OpeningHoursSpecError);
  });
});
