/**
 * Why an import row was skipped: a machine code the owner's screen turns into words, the
 * column it concerns, and an English sentence for the CLI and logs. A phone is never
 * quoted whole in either (personal data: the sentence shows `+791…89`).
 */

export type RowIssueCode =
  | 'row-unreadable'
  | 'row-short'
  | 'duplicate-phone'
  | 'phone-invalid'
  | 'name-too-long'
  | 'date-empty'
  | 'date-invalid'
  | 'date-not-real'
  | 'date-in-future'
  | 'date-too-early'
  | 'amount-empty'
  | 'amount-invalid'
  | 'amount-negative'
  | 'amount-zero'
  | 'amount-too-large'
  | 'birthday-invalid'
  | 'birthday-in-future'
  | 'birthday-too-early'
  | 'email-invalid'
  | 'consent-invalid'
  | 'balance-invalid'
  | 'balance-negative'
  | 'balance-too-large';

export interface RowIssue {
  code: RowIssueCode;
  /** The field (import column) at fault, when one is. */
  field?: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issue: RowIssue };

export const parsed = <T>(value: T): Parsed<T> => ({ ok: true, value });

export const issue = <T = never>(code: RowIssueCode, field: string | undefined, message: string): Parsed<T> => ({
  ok: false,
  issue: field === undefined ? { code, message } : { code, field, message },
});

/** A cell as a table source gives it: text, or a number from a spreadsheet's numeric cell. */
export type Cell = string | number;

export const cellText = (cell: Cell | undefined): string => (cell === undefined ? '' : typeof cell === 'number' ? String(cell) : cell);
