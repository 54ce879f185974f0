/**
 * "Импорт базы": the owner uploads the guests and purchases files another system exported,
 * checks how their columns are read (and changes it), sees a dry run — what would be added and
 * every bad line, nothing written — and commits or cancels. The commit runs on the server
 * (server/import/import.route.ts) while this screen shows its progress.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportRequestBody } from '../../../../shared/api/import.ts';
import { checkMapping, type ImportKind } from '../../../../shared/import/columns.ts';
import { failureText, useOwnerT } from '../../use-owner-t.ts';
import { type Mapping, rememberedMapping, rememberMapping } from '../../import-mapping.ts';
import { ImportCheck } from './ImportCheck.tsx';
import { ImportFileCard } from './ImportFileCard.tsx';
import { ImportJobView } from './ImportJobView.tsx';
import { dryRun, type ImportResult, startImport, type UploadPreview, useImportT } from './import-queries.ts';

const KINDS: readonly ImportKind[] = ['guests', 'purchases'];

export function ImportScreen() {
  const t = useImportT();
  const ot = useOwnerT();
  const client = useQueryClient();
  const [previews, setPreviews] = useState<Partial<Record<ImportKind, UploadPreview>>>({});
  const [mappings, setMappings] = useState<Partial<Record<ImportKind, Mapping>>>({});
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [job, setJob] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const problems = (kind: ImportKind) => {
    const preview = previews[kind];
    const mapping = mappings[kind];
    return preview && mapping ? checkMapping(mapping, kind, preview.header.length) : [];
  };
  const chosen = KINDS.filter((k) => previews[k]);
  const ready = chosen.length > 0 && chosen.every((k) => problems(k).length === 0);

  const body = (): ImportRequestBody => {
    const request: ImportRequestBody = {};
    for (const kind of chosen) {
      const file = { upload: previews[kind]!.upload, mapping: mappings[kind]! };
      if (kind === 'guests') request.guests = file as ImportRequestBody['guests'];
      else request.purchases = file as ImportRequestBody['purchases'];
    }
    return request;
  };

  async function run<T>(call: () => Promise<T>, then: (value: T) => void) {
    setBusy(true);
    setFailure(null);
    try {
      then(await call());
    } catch (e) {
      setFailure(failureText(ot, e));
    } finally {
      setBusy(false);
    }
  }

  const again = () => {
    setPreviews({});
    setMappings({});
    setChecked(null);
    setJob(null);
    void client.invalidateQueries();
  };

  return (
    <section className="owner-screen import-screen" aria-labelledby="import-title">
      <h1 id="import-title">{t.title}</h1>
      {job ? (
        <ImportJobView id={job} onAgain={again} />
      ) : (
        <>
          <p className="muted">{t.intro}</p>
          {KINDS.map((kind) => (
            <ImportFileCard
              key={kind}
              kind={kind}
              preview={previews[kind]}
              mapping={mappings[kind]}
              problems={problems(kind)}
              onUploaded={(preview) => {
                setPreviews((p) => ({ ...p, [kind]: preview }));
                setMappings((m) => ({ ...m, [kind]: rememberedMapping(kind, preview.header, preview.mapping) }));
                setChecked(null);
              }}
              onMapping={(mapping) => {
                setMappings((m) => ({ ...m, [kind]: mapping }));
                setChecked(null);
              }}
            />
          ))}
          {failure && (
            <p role="alert" className="failed">
              {failure}
            </p>
          )}
          {checked ? (
            <>
              <ImportCheck result={checked} />
              <div className="import-actions">
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() =>
                    void run(
                      () => startImport(body()),
                      (started) => {
                        for (const kind of chosen) rememberMapping(kind, previews[kind]!.header, mappings[kind]!);
                        setJob(started.id);
                      },
                    )
                  }
                >
                  {t.commit}
                </button>
                <button type="button" disabled={busy} onClick={() => setChecked(null)}>
                  {t.cancel}
                </button>
              </div>
            </>
          ) : (
            <div className="import-actions">
              <button type="button" className="primary" disabled={!ready || busy} onClick={() => void run(() => dryRun(body()), setChecked)}>
                {busy ? t.checking : t.check}
              </button>
              {chosen.length === 0 && <span className="muted">{t.nothingChosen}</span>}
            </div>
          )}
        </>
      )}
    </section>
  );
}
