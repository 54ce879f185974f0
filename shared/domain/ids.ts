/**
 * Ids are made where the record is made (a tablet, offline) as UUID v7: time-ordered, so
 * they index well, and unique without asking the server. Imported rows get a UUID v5 of
 * their content instead, so importing the same file twice yields the same ids.
 */
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { Brand } from './brand.ts';

export type GuestId = Brand<string, 'GuestId'>;
export type PurchaseId = Brand<string, 'PurchaseId'>;
export type CafeId = Brand<string, 'CafeId'>;

export const newId = <T extends string>(): T => uuidv7() as T;

const IMPORT_NAMESPACE = '5b0a3f4e-8f8e-4a57-9a43-2f1d1c0b7e61';

/** A stable id for an imported record: same content → same id. */
export const contentId = <T extends string>(content: string): T => uuidv5(content, IMPORT_NAMESPACE) as T;
