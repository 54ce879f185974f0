/**
 * Which column of an import file feeds which field. Headers are recognised in Russian or
 * English, whatever their case, spacing, "ё", punctuation or a unit in brackets
 * (`Телефон`, `ТЕЛЕФОН:`, `Сумма, руб.`, `E-mail`, `registered_at`). A mapping gives each
 * column of the file a field or `null` (ignored), so the owner can re-map or ignore any
 * column; checkMapping says, with a code per problem, why a mapping cannot be imported:
 * no phone column, a required field with no column, or two columns feeding one field.
 *
 * Recognition never guesses between equals: a header that names a field outright (`Сумма`)
 * wins over a looser one (`Итого`), but two equally good columns for one field are both
 * kept, so the mapping is refused and the owner (or the CLI's user) chooses.
 */
import { cellText, type Cell } from './row-issue.ts';

export const GUEST_FIELDS = ['phone', 'name', 'registered_at', 'birthday', 'email', 'consent', 'balance'] as const;
export const PURCHASE_FIELDS = ['phone', 'purchased_at', 'amount'] as const;
export type GuestField = (typeof GUEST_FIELDS)[number];
export type PurchaseField = (typeof PURCHASE_FIELDS)[number];
export type ImportKind = 'guests' | 'purchases';
export type FieldOf<K extends ImportKind> = K extends 'guests' ? GuestField : PurchaseField;
export type ImportField = GuestField | PurchaseField;

/** The columns DESIGN.md fixes for each file; the other guest fields are optional. */
export const REQUIRED_FIELDS = {
  guests: ['phone', 'name', 'registered_at'],
  purchases: ['phone', 'purchased_at', 'amount'],
} as const satisfies { [K in ImportKind]: readonly FieldOf<K>[] };

export const FIELDS_OF = { guests: GUEST_FIELDS, purchases: PURCHASE_FIELDS } as const;

/** For each column of the file, in order: the field it feeds, or null when it is ignored. */
export type ColumnMapping<F extends string = ImportField> = readonly (F | null)[];

/** The header an owner would write for each field, for messages and the mapping screen. */
export const FIELD_HEADERS: Record<ImportField, { en: string; ru: string }> = {
  phone: { en: 'phone', ru: 'Телефон' },
  name: { en: 'name', ru: 'Имя' },
  registered_at: { en: 'registered_at', ru: 'Дата регистрации' },
  purchased_at: { en: 'purchased_at', ru: 'Дата' },
  amount: { en: 'amount', ru: 'Сумма' },
  birthday: { en: 'birthday', ru: 'День рождения' },
  email: { en: 'email', ru: 'Email' },
  consent: { en: 'consent', ru: 'Согласие' },
  balance: { en: 'balance', ru: 'Баллы' },
};

/** A phone column's headers, the same in both files. */
const PHONE = [
  ['phone', 'телефон'],
  [
    'phone number',
    'mobile',
    'mobile phone',
    'cell phone',
    'telephone',
    'номер телефона',
    'телефон клиента',
    'телефон гостя',
    'мобильный',
    'мобильный телефон',
    'моб телефон',
    'сотовый',
    'сотовый телефон',
    'тел',
  ],
] as const;

/** Per field: headers that name it outright first, then looser ones (all in normalised form). */
const SYNONYMS: { [K in ImportKind]: Record<FieldOf<K>, readonly [readonly string[], readonly string[]]> } = {
  guests: {
    phone: PHONE,
    name: [
      ['name', 'имя'],
      ['full name', 'фио', 'имя клиента', 'имя гостя', 'клиент', 'гость', 'покупатель', 'customer', 'client', 'guest', 'имя фамилия', 'фамилия имя'],
    ],
    registered_at: [
      ['registered at', 'дата регистрации'],
      [
        'registered',
        'registration date',
        'registration',
        'date registered',
        'created',
        'created at',
        'signup date',
        'sign up date',
        'регистрация',
        'зарегистрирован',
        'дата создания',
        'создан',
        'дата добавления',
        'добавлен',
      ],
    ],
    birthday: [
      ['birthday', 'день рождения'],
      ['дата рождения', 'др', 'д р', 'birth date', 'birthdate', 'date of birth', 'dob'],
    ],
    email: [
      ['email', 'e mail'],
      ['почта', 'эл почта', 'электронная почта', 'адрес электронной почты', 'емейл', 'имейл', 'мейл', 'mail', 'email address', 'e mail address'],
    ],
    consent: [
      ['consent', 'согласие'],
      [
        'marketing consent',
        'согласие на рассылку',
        'согласие на рассылки',
        'согласие на получение рассылки',
        'согласие на получение рассылок',
        'рассылка',
        'подписка',
        'подписан на рассылку',
        'opt in',
        'optin',
        'subscribed',
        'newsletter',
      ],
    ],
    balance: [
      ['balance', 'баллы'],
      [
        'бонусы',
        'бонусные баллы',
        'баланс',
        'баланс баллов',
        'бонусный баланс',
        'остаток баллов',
        'points',
        'bonus',
        'bonuses',
        'bonus points',
        'bonus balance',
      ],
    ],
  },
  purchases: {
    phone: PHONE,
    purchased_at: [
      ['purchased at', 'дата'],
      [
        'date',
        'purchase date',
        'datetime',
        'date time',
        'timestamp',
        'order date',
        'sale date',
        'дата покупки',
        'дата и время',
        'дата время',
        'дата чека',
        'дата продажи',
        'дата заказа',
        'время покупки',
      ],
    ],
    amount: [
      ['amount', 'сумма'],
      ['sum', 'total', 'сумма покупки', 'сумма чека', 'сумма заказа', 'сумма продажи', 'итого', 'итог', 'стоимость', 'выручка', 'revenue'],
    ],
  },
};

type Lookup = Map<string, { field: ImportField; rank: number }>;
const LOOKUP: Record<ImportKind, Lookup> = { guests: new Map(), purchases: new Map() };
for (const kind of ['guests', 'purchases'] as const) {
  for (const [field, ranks] of Object.entries(SYNONYMS[kind]) as [ImportField, readonly (readonly string[])[]][]) {
    ranks.forEach((names, rank) => {
      for (const name of names) LOOKUP[kind].set(name, { field, rank });
    });
  }
}

const UNITS = new Set(['₽', 'руб', 'р', 'rub', 'rur', 'rubles']);

/** `  Сумма, руб.* ` → `сумма руб`; `E-mail` → `e mail`; `registered_at` → `registered at`. */
export function normalizeHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\(.*?\)|\[.*?\]/g, ' ')
    .replace(/[\s\u00a0_\-–—/\\.,:;*"'«»#№?!]+/g, ' ')
    .trim();
}

/** A header as written, or else without its unit (`сумма руб`, `сумма в рублях` → `сумма`). */
export function recognizeHeader(text: string, kind: ImportKind): { field: ImportField; rank: number } | undefined {
  const name = normalizeHeader(text);
  return (
    LOOKUP[kind].get(name) ??
    LOOKUP[kind].get(
      name
        .replace(/ в рублях$/, '')
        .split(' ')
        .filter((word) => !UNITS.has(word))
        .join(' '),
    )
  );
}

/** The mapping the headers suggest: each field goes to the column that names it best. */
export function recognizeColumns<K extends ImportKind>(header: readonly Cell[], kind: K): ColumnMapping<FieldOf<K>> {
  const found = header.map((h) => recognizeHeader(cellText(h), kind));
  const best = new Map<ImportField, number>();
  for (const f of found) if (f && (best.get(f.field) ?? Infinity) > f.rank) best.set(f.field, f.rank);
  return found.map((f) => (f && best.get(f.field) === f.rank ? (f.field as FieldOf<K>) : null));
}

export type MappingProblemCode = 'phone-missing' | 'field-missing' | 'field-mapped-twice' | 'field-unknown' | 'mapping-width';

export interface MappingProblem {
  code: MappingProblemCode;
  field?: string;
  /** Zero-based columns concerned (for field-mapped-twice). */
  columns?: number[];
  message: string;
}

/** Everything that keeps a mapping from being imported; empty when it can be. */
export function checkMapping(mapping: readonly (string | null)[], kind: ImportKind, width: number): MappingProblem[] {
  const problems: MappingProblem[] = [];
  if (mapping.length !== width) {
    problems.push({ code: 'mapping-width', message: `the mapping names ${mapping.length} columns but the file has ${width}` });
  }
  const known = new Set<string>(FIELDS_OF[kind]);
  const columns = new Map<string, number[]>();
  mapping.forEach((field, i) => {
    if (field === null) return;
    if (!known.has(field)) problems.push({ code: 'field-unknown', field, columns: [i], message: `column ${columnName(i)}: "${field}" is not a ${kind} field` });
    else columns.set(field, [...(columns.get(field) ?? []), i]);
  });
  for (const [field, at] of columns) {
    if (at.length > 1) {
      problems.push({
        code: 'field-mapped-twice',
        field,
        columns: at,
        message: `columns ${at.map(columnName).join(', ')} are all mapped to "${field}"; keep one`,
      });
    }
  }
  for (const field of REQUIRED_FIELDS[kind]) {
    if (columns.has(field)) continue;
    problems.push(
      field === 'phone'
        ? { code: 'phone-missing', field, message: 'missing column "phone": no column holds the phone number' }
        : { code: 'field-missing', field, message: `missing column "${field}"` },
    );
  }
  return problems;
}

/** Zero-based column index → spreadsheet letters: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** For each field, the index of its column (-1 when none): what a row parser reads. */
export function fieldColumns<F extends string>(mapping: ColumnMapping<F>, fields: readonly F[]): Record<F, number> {
  const at = {} as Record<F, number>;
  for (const f of fields) at[f] = mapping.indexOf(f);
  return at;
}

/** How many rows from the top of a file may come before its header (titles, blank rows). */
export const HEADER_SEARCH_ROWS = 20;

/**
 * Which of a file's first rows is its header: the one naming the most fields among those
 * naming a phone column (the first such, on a tie); -1 when none names one.
 */
export function findHeaderRow(rows: readonly (readonly Cell[])[], kind: ImportKind): number {
  let best = -1;
  let bestScore = 0;
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((cells, i) => {
    const fields = new Set(cells.map((c) => recognizeHeader(cellText(c), kind)?.field));
    if (!fields.has('phone')) return;
    fields.delete(undefined);
    if (fields.size > bestScore) {
      best = i;
      bestScore = fields.size;
    }
  });
  return best;
}
