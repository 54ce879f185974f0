/** A new record id, made here at the edge: UUID v7 reads the clock and randomness (see shared/domain/ids.ts). */
import { v7 as uuidv7 } from 'uuid';

export const newId = <T extends string>(): T => uuidv7() as T;
