/**
 * Characters no one means to type into a name: C0 and C1 controls, DEL, and the bidi marks,
 * embeddings, overrides and isolates that can make "Анна" display as something else in a list,
 * an export or a message. The server refuses them from tablets (shared/sync/plausible.ts); where
 * a person typed or a file held the text, they are taken out instead, since they are invisible.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

export const hasUnsafeCharacters = (s: string) => UNSAFE.test(s);

/** The text without them; line breaks and tabs become spaces first, so words stay apart. */
export const withoutUnsafeCharacters = (s: string) => s.replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, ' ').replace(UNSAFE_ALL, '');
