-- The owner's import jobs (issue 16), kept in the database so that a restart does not lose
-- them: GET /api/import/jobs/{id} still answers afterwards. `committed` is written inside each
-- batch's own transaction, so it is exactly what the database holds from the job, whole
-- batches only; a job still 'running' here that no live process runs was interrupted.
CREATE TABLE import_jobs (
  cafe_id     uuid NOT NULL,
  id          text NOT NULL,
  state       text NOT NULL CHECK (state IN ('running', 'done', 'failed')),
  started_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  progress    jsonb NOT NULL,
  committed   jsonb NOT NULL,
  result      jsonb,
  error       text,
  PRIMARY KEY (cafe_id, id)
);
