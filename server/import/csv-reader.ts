/**
 * Reads an import CSV as a stream, whatever spreadsheet wrote it: UTF-8 with or without
 * BOM, LF or CRLF, `,` or `;` or a tab between fields (Russian Excel writes `;` and a
 * decimal comma). The separator is the one that splits the header into known column names
 * (so a title line above the header does not decide it), or else the one the first line
 * uses most. Rows the CSV parser cannot read are yielded with their line number.
 */
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { recognizeHeader } from '../../shared/import/columns.ts';
import { ImportInputError } from './import-error.ts';
import type { SourceRow, TableSource } from './table-source.ts';

type Delimiter = ',' | ';' | '\t';
const DELIMITERS: readonly Delimiter[] = [';', ',', '\t'];
const HEAD_LINES = 20;
const MAX_RECORD_BYTES = 1024 * 1024;

export function openCsvSource(path: string, name: string, size: number, head: Buffer): TableSource {
  const delimiter = chooseDelimiter(head.toString('utf8'));
  let stream: ReturnType<typeof createReadStream> | undefined;
  return {
    name,
    format: 'csv',
    totalBytes: size,
    bytesRead: () => stream?.bytesRead ?? 0,
    async *rows(): AsyncGenerator<SourceRow> {
      stream = createReadStream(path);
      const parser = stream.pipe(
        parse({
          delimiter,
          bom: true,
          relax_column_count: true,
          relax_quotes: true,
          skip_empty_lines: true,
          skip_records_with_error: true,
          info: true,
          // One row of an export is a few hundred bytes; a megabyte is a broken quote or an attack.
          max_record_size: MAX_RECORD_BYTES,
        }),
      );
      const skipped: SourceRow[] = [];
      parser.on('skip', (e: Error & { lines?: number; code?: string }) => {
        // csv-parse skips everything after an overlong record: stop there, loudly, rather than lose the rest.
        if (e.code === 'CSV_MAX_RECORD_SIZE') {
          parser.destroy(
            new ImportInputError('not-a-table', `${name}:${e.lines ?? 0}: a row longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB; is this a CSV export?`),
          );
          return;
        }
        skipped.push({ line: e.lines ?? 0, error: `unreadable CSV: ${e.message}`, code: 'row-unreadable' });
      });
      try {
        for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
          while (skipped.length) yield skipped.shift()!;
          // A line of separators only (";;;", as Excel writes an empty row) is blank.
          if (record[0]!.trim() === '' && record.every((c) => c.trim() === '')) continue;
          yield { line: info.lines, cells: record };
        }
        while (skipped.length) yield skipped.shift()!;
      } finally {
        stream.destroy();
      }
    },
    async close() {
      stream?.destroy();
    },
  };
}

function chooseDelimiter(head: string): Delimiter {
  const lines = head
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, HEAD_LINES);
  let best: Delimiter | undefined;
  let bestKnown = 0;
  for (const line of lines) {
    for (const d of DELIMITERS) {
      const known = line.split(d).filter((cell) => {
        const text = cell.trim().replace(/^"|"$/g, '');
        return recognizeHeader(text, 'guests') ?? recognizeHeader(text, 'purchases');
      }).length;
      if (known > bestKnown) {
        best = d;
        bestKnown = known;
      }
    }
  }
  if (best) return best;
  const first = lines[0] ?? '';
  return DELIMITERS.reduce((a, d) => (count(first, d) > count(first, a) ? d : a), ',' as Delimiter);
}

const count = (s: string, ch: string) => s.split(ch).length - 1;
