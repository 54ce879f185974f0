import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../domain/calendar.ts';
import {
  allowedPlaceholders,
  MAILING_PLACEHOLDERS,
  MAX_TEMPLATE_LENGTH,
  parseTemplate,
  pointsText,
  renderTemplate,
  smsParts,
  type Template,
  type TemplateValues,
} from './template.ts';

function template(text: string): Template {
  const r = parseTemplate(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  return r.template;
}
const render = (text: string, values: TemplateValues) => renderTemplate(template(text), values);

describe('checking a text', () => {
  it('refuses an empty text and one of spaces only', () => {
    expect(parseTemplate('')).toEqual({ ok: false, problem: { code: 'template-empty' } });
    expect(parseTemplate(' \n\t ')).toEqual({ ok: false, problem: { code: 'template-empty' } });
  });

  it('names an unknown placeholder and where it starts', () => {
    expect(parseTemplate('Привет, {имя}!')).toEqual({ ok: false, problem: { code: 'template-unknown-placeholder', placeholder: 'имя', at: 8 } });
    expect(parseTemplate('{Name}')).toEqual({ ok: false, problem: { code: 'template-unknown-placeholder', placeholder: 'Name', at: 0 } });
    expect(parseTemplate('a {} b')).toEqual({ ok: false, problem: { code: 'template-unknown-placeholder', placeholder: '', at: 2 } });
  });

  it('refuses a brace that is never closed', () => {
    expect(parseTemplate('Привет, {name')).toEqual({ ok: false, problem: { code: 'template-unclosed-brace', at: 8 } });
    expect(parseTemplate('{name {balance}')).toEqual({ ok: false, problem: { code: 'template-unclosed-brace', at: 0 } });
  });

  it('refuses a known placeholder this kind of message cannot fill', () => {
    expect(parseTemplate('До {date} — {expiring}', MAILING_PLACEHOLDERS)).toEqual({
      ok: false,
      problem: { code: 'template-placeholder-unavailable', placeholder: 'date', at: 3 },
    });
    expect(parseTemplate('{name}, у вас {balance}, до подарка «{reward}» рукой подать', MAILING_PLACEHOLDERS).ok).toBe(true);
  });

  it('allows each kind of message the placeholders it can fill', () => {
    expect(allowedPlaceholders('mailing')).toEqual(['name', 'balance', 'reward', 'cafe']);
    expect(allowedPlaceholders('segment-entry')).toEqual(['name', 'balance', 'reward', 'cafe']);
    expect(allowedPlaceholders('newcomer-no-return')).toEqual(['name', 'balance', 'reward', 'cafe']);
    expect(allowedPlaceholders('birthday')).toEqual(['name', 'balance', 'reward', 'cafe', 'date']);
    expect(allowedPlaceholders('first-visit-anniversary')).toEqual(['name', 'balance', 'reward', 'cafe', 'date']);
    expect(allowedPlaceholders('points-expiring')).toEqual(['name', 'balance', 'reward', 'cafe', 'date', 'expiring']);
    expect(parseTemplate('{expiring} сгорят {date}', allowedPlaceholders('birthday'))).toMatchObject({
      ok: false,
      problem: { code: 'template-placeholder-unavailable', placeholder: 'expiring' },
    });
  });

  it('takes a text of exactly the maximum length and refuses one character more', () => {
    expect(parseTemplate('я'.repeat(MAX_TEMPLATE_LENGTH)).ok).toBe(true);
    expect(parseTemplate('я'.repeat(MAX_TEMPLATE_LENGTH + 1))).toEqual({ ok: false, problem: { code: 'template-too-long', max: MAX_TEMPLATE_LENGTH } });
  });

  it('lists the placeholders a text uses, allows spaces inside braces, and reads {{ and a lone } as literal braces', () => {
    const t = template('{ name }: {{скидка}} 10% } {balance}');
    expect([...t.placeholders].sort()).toEqual(['balance', 'name']);
    expect(renderTemplate(t, { name: 'Анна', balance: 3 })).toBe('Анна: {скидка}} 10% } 3 балла');
  });
});

describe('rendering for one guest', () => {
  it('fills every placeholder', () => {
    expect(
      render('{name}, в «{cafe}» вас ждёт {reward}. На счету {balance}, {expiring} сгорят {date}.', {
        name: 'Анна',
        cafe: 'Зерно',
        reward: 300,
        balance: 121,
        expiring: 22,
        date: '2026-11-30' as LocalDate,
      }),
    ).toBe('Анна, в «Зерно» вас ждёт 300 баллов. На счету 121 балл, 22 балла сгорят 30 ноября.');
  });

  it('agrees the word for points with the number', () => {
    expect([0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 1000].map(pointsText)).toEqual([
      '0 баллов',
      '1 балл',
      '2 балла',
      '4 балла',
      '5 баллов',
      '11 баллов',
      '12 баллов',
      '14 баллов',
      '21 балл',
      '22 балла',
      '25 баллов',
      '101 балл',
      '111 баллов',
      '112 баллов',
      '1000 баллов',
    ]);
  });

  it('shows an overdraft and an unknown balance as 0 points, never a negative number', () => {
    expect(render('У вас {balance}', { balance: -40 })).toBe('У вас 0 баллов');
    expect(render('У вас {balance}', {})).toBe('У вас 0 баллов');
  });

  it('takes a promotion title as the reward, and says "подарок" when none is attached', () => {
    expect(render('Для вас: {reward}', { reward: 'капучино в подарок' })).toBe('Для вас: капучино в подарок');
    expect(render('Для вас {reward}!', { reward: null })).toBe('Для вас подарок!');
  });

  it('drops the address with its comma when a guest has no name', () => {
    expect(render('Здравствуйте, {name}!', { name: null })).toBe('Здравствуйте!');
    expect(render('Здравствуйте, {name}.', { name: '   ' })).toBe('Здравствуйте.');
    expect(render('Привет, {name}, давно не виделись', {})).toBe('Привет, давно не виделись');
    expect(render('Привет, {name}\nЖдём вас', {})).toBe('Привет\nЖдём вас');
  });

  it('drops a name that opens a sentence and capitalises what follows', () => {
    expect(render('{name}, мы скучаем!', {})).toBe('Мы скучаем!');
    expect(render('Новости. {name}, ждём вас!', {})).toBe('Новости. Ждём вас!');
  });

  it('says "гость" where the name cannot simply be dropped', () => {
    expect(render('Дорогой {name}!', {})).toBe('Дорогой гость!');
    expect(render('{name}!', {})).toBe('Гость!');
    expect(render('{name}, {balance} ждут вас', { balance: 5 })).toBe('Гость, 5 баллов ждут вас');
  });

  it('tidies the spaces of a name and keeps a present name as it is', () => {
    expect(render('Здравствуйте, {name}!', { name: '  Анна   Петрова ' })).toBe('Здравствуйте, Анна Петрова!');
  });

  it('falls back to "кафе", "баллы" and "скоро"', () => {
    expect(render('Ждём вас в {cafe}: {expiring} сгорят {date}', {})).toBe('Ждём вас в кафе: баллы сгорят скоро');
  });

  it('writes dates in the genitive without a year', () => {
    expect(render('{date}', { date: '2027-01-01' as LocalDate })).toBe('1 января');
    expect(render('{date}', { date: '2028-02-29' as LocalDate })).toBe('29 февраля');
  });
});

describe('SMS parts', () => {
  const cyr = (n: number) => 'ж'.repeat(n);
  const lat = (n: number) => 'a'.repeat(n);

  it('counts nothing for an empty text', () => {
    expect(smsParts('')).toMatchObject({ parts: 0, units: 0 });
  });

  it('fits 70 Cyrillic characters in one SMS and splits the 71st into parts of 67', () => {
    expect(smsParts(cyr(70))).toEqual({ encoding: 'ucs2', units: 70, parts: 1, perPart: 70, left: 0 });
    expect(smsParts(cyr(71))).toEqual({ encoding: 'ucs2', units: 71, parts: 2, perPart: 67, left: 63 });
    expect(smsParts(cyr(134))).toEqual({ encoding: 'ucs2', units: 134, parts: 2, perPart: 67, left: 0 });
    expect(smsParts(cyr(135))).toMatchObject({ parts: 3, left: 66 });
  });

  it('turns a whole Latin text into UCS-2 for one Cyrillic letter', () => {
    expect(smsParts(`${lat(100)}ж`)).toMatchObject({ encoding: 'ucs2', units: 101, parts: 2 });
  });

  it('fits 160 GSM characters in one SMS and splits the 161st into parts of 153', () => {
    expect(smsParts(lat(160))).toEqual({ encoding: 'gsm7', units: 160, parts: 1, perPart: 160, left: 0 });
    expect(smsParts(lat(161))).toEqual({ encoding: 'gsm7', units: 161, parts: 2, perPart: 153, left: 145 });
    expect(smsParts(lat(306))).toMatchObject({ parts: 2, left: 0 });
  });

  it('counts two septets for the extension characters and never splits them', () => {
    expect(smsParts('{}€')).toMatchObject({ encoding: 'gsm7', units: 6, parts: 1 });
    // 152 + 2 + 152 = 306 septets would fill two parts of 153 exactly, but the € cannot
    // straddle them: part 1 holds 152, part 2 holds € + 151, and one septet spills into a third.
    expect(smsParts(`${lat(152)}€${lat(152)}`)).toMatchObject({ units: 306, parts: 3, left: 152 });
  });

  it('counts an emoji as two units and never splits it', () => {
    expect(smsParts(`${cyr(68)}☕`)).toMatchObject({ units: 69, parts: 1 }); // ☕ is one unit
    expect(smsParts(`${cyr(68)}😀`)).toMatchObject({ units: 70, parts: 1 });
    // 66 + 2 + 66 = 134 units, two parts by division; greedy filling needs three.
    expect(smsParts(`${cyr(66)}😀${cyr(66)}`)).toMatchObject({ units: 134, parts: 3, left: 66 });
  });
});
