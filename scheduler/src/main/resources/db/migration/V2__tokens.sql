-- API tokens, hashed at rest (SHA-256 of the token); scopes are a comma-separated subset of
-- read, submit, admin.
CREATE TABLE tokens (
  id          VARCHAR(32)   NOT NULL PRIMARY KEY,
  hash        VARCHAR(64)   NOT NULL UNIQUE,
  owner       VARCHAR(128)  NOT NULL,
  scopes      VARCHAR(64)   NOT NULL,
  created_ms  BIGINT        NOT NULL
);
