-- Owner sessions: only a hash of the cookie's value is stored. The CSRF token is returned at
-- login and must accompany every cookie-authenticated write.
CREATE TABLE owner_sessions (
  id_hash     text PRIMARY KEY,
  owner_id    uuid NOT NULL REFERENCES owners (id),
  csrf_token  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
