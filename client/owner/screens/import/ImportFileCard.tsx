/**
 * One file of the import (guests or purchases): pick it or drop it, then a row per column of
 * the file with its header, a few sample values and a select of the field it feeds (or "do
 * not import"), and why the mapping cannot be imported yet, if it cannot.
 */
import { useState } from 'react';
import { FIELDS_OF, type ImportKind, type MappingProblem } from '../../../../shared/import/columns.ts';
import { failureText, useOwnerT } from '../../use-owner-t.ts';
import type { Mapping } from '../../import-mapping.ts';
import { type UploadPreview, uploadFile, useImportT } from './import-queries.ts';

const ACCEPT = '.csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ImportFileCard({
  kind,
  preview,
  mapping,
  problems,
  onUploaded,
  onMapping,
}: {
  kind: ImportKind;
  preview: UploadPreview | undefined;
  mapping: Mapping | undefined;
  problems: readonly MappingProblem[];
  onUploaded: (preview: UploadPreview) => void;
  onMapping: (mapping: Mapping) => void;
}) {
  const t = useImportT();
  const ot = useOwnerT();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const title = t.file[kind];

  async function send(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    try {
      onUploaded(await uploadFile(kind, file));
    } catch (e) {
      setFailure(failureText(ot, e));
    } finally {
      setBusy(false);
    }
  }

  const fieldName = (field: string | undefined) => (field && field in t.field ? t.field[field as keyof typeof t.field] : (field ?? ''));

  return (
    <section className="import-file" aria-labelledby={`import-${kind}`}>
      <h2 id={`import-${kind}`}>{title}</h2>
      <label
        className={`import-drop${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void send(e.dataTransfer.files[0]);
        }}
      >
        <span className="import-choose">{preview ? t.another : t.choose}</span> <span className="muted">{t.drop}</span>
        <input
          type="file"
          accept={ACCEPT}
          aria-label={`${title}: ${t.choose}`}
          disabled={busy}
          onChange={(e) => {
            void send(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </label>
      {busy && (
        <p className="muted" role="status">
          {t.uploading}
        </p>
      )}
      {failure && (
        <p role="alert" className="failed">
          {failure}
        </p>
      )}
      {preview && mapping && (
        <>
          <p className="muted">
            {[preview.name, preview.sheet === undefined ? null : t.sheet(preview.sheet), t.headerLine(preview.headerLine)].filter(Boolean).join(' · ')}
          </p>
          <ul className="import-columns">
            {preview.header.map((header, i) => {
              const label = header || `#${i + 1}`;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: a column is its position in the file
                <li key={i}>
                  <label>
                    <span className="import-header">{label}</span>
                    <select
                      aria-label={`${t.column} «${label}»`}
                      value={mapping[i] ?? ''}
                      onChange={(e) => onMapping(mapping.map((f, j) => (j === i ? e.target.value || null : f)))}
                    >
                      <option value="">{t.ignore}</option>
                      {FIELDS_OF[kind].map((f) => (
                        <option key={f} value={f}>
                          {t.field[f]}
                        </option>
                      ))}
                    </select>
                  </label>
                  <span className="import-sample muted">
                    {preview.sample
                      .slice(0, 3)
                      .map((r) => String(r.cells[i] ?? ''))
                      .filter((v) => v !== '')
                      .join(' · ')}
                  </span>
                </li>
              );
            })}
          </ul>
          {problems.length > 0 && (
            <div role="alert">
              <ul className="import-problems">
                {problems.map((p) => (
                  <li key={`${p.code}:${p.field ?? ''}`}>{t.mappingProblem[p.code](fieldName(p.field))}</li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}
