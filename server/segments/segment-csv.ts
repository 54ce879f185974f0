/**
 * A segment's guests as a CSV that Russian Excel opens as it is: UTF-8 with a BOM (or Excel
 * guesses cp1251), `;` between fields, CRLF, rubles with a decimal comma, times on the café's
 * wall clock. The export is the owner's own copy, so phones are whole (written with spaces,
 * so Excel keeps them as text). A name that starts like a formula is defused with a quote.
 * A guest deleted on request is a row with no phone and no name: still counted in the segment.
 */
import { format } from 'date-fns';
import { tz } from '@date-fns/tz';
import { kopecksToDecimal, type Kopecks } from '../../shared/domain/money.ts';
import { formatPhone, type E164Phone } from '../../shared/domain/phone.ts';
import { segmentName, type SegmentId } from '../../shared/segments/rules.ts';
import type { Cafe } from '../cafe/cafes.repo.ts';
import { defuseFormula } from '../../shared/domain/csv-guard.ts';
import type { SegmentGuest } from './segment-guests.repo.ts';

export const CSV_HEADER = ['Телефон', 'Имя', 'Сегмент', 'Зарегистрирован', 'Визитов', 'Последний визит', 'Сумма покупок, ₽', 'Согласие на рассылки'];

const cell = (text: string) => (/[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function segmentCsv(cafe: Cafe, segment: SegmentId, guests: readonly SegmentGuest[]): string {
  const inZone = tz(cafe.timeZone);
  const when = (d: Date) => format(d, 'yyyy-MM-dd HH:mm', { in: inZone });
  const name = segmentName(cafe.rules, segment, 'ru');
  const lines = [CSV_HEADER.join(';')];
  for (const g of guests) {
    lines.push(
      [
        g.phone === null ? '' : formatPhone(g.phone as E164Phone),
        defuseFormula(g.name ?? ''),
        defuseFormula(name),
        when(g.registeredAt),
        String(g.visits),
        g.lastVisitAt ? when(g.lastVisitAt) : '',
        kopecksToDecimal(g.totalSpend as Kopecks).replace('.', ','),
        g.consent ? 'да' : 'нет',
      ]
        .map(cell)
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
