/**
 * The café's time zone type and the zone a new café starts in, apart from the calendar code
 * (calendar.ts, which re-exports both) so that what needs only these does not bring date-fns:
 * the counter's settings are read on its first screen, before any date is computed.
 */
import type { Brand } from './brand.ts';

export type TimeZone = Brand<string, 'TimeZone'>;

export const DEFAULT_TIME_ZONE = 'Europe/Moscow' as TimeZone;
