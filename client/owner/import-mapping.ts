/**
 * The owner's column choices, remembered on this device for the next import of a file with
 * the same header (the old system exports the same columns every time). A remembered mapping
 * is used only when it still fits the file: as many columns, each a field of that kind.
 */
import { FIELDS_OF, type ImportKind } from '../../shared/import/columns.ts';

export type Mapping = (string | null)[];

const keyOf = (kind: ImportKind, header: readonly string[]) => `import-mapping:${kind}:${JSON.stringify(header)}`;

export function rememberedMapping(kind: ImportKind, header: readonly string[], suggested: Mapping, storage: Storage = localStorage): Mapping {
  try {
    const saved = JSON.parse(storage.getItem(keyOf(kind, header)) ?? 'null') as unknown;
    const fields = new Set<string>(FIELDS_OF[kind]);
    if (Array.isArray(saved) && saved.length === header.length && saved.every((f) => f === null || (typeof f === 'string' && fields.has(f)))) {
      return saved as Mapping;
    }
  } catch {
    // A damaged entry is as good as none.
  }
  return suggested;
}

export function rememberMapping(kind: ImportKind, header: readonly string[], mapping: Mapping, storage: Storage = localStorage): void {
  try {
    storage.setItem(keyOf(kind, header), JSON.stringify(mapping));
  } catch {
    // Private mode or a full storage: the next import suggests from the headers again.
  }
}
