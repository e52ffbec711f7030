-- Tokens can be taken back. A token may expire (expires_ms; NULL never), be revoked (revoked_ms)
-- and records when it was last used (last_used_ms, written at most once a minute). Times are epoch
-- milliseconds.
ALTER TABLE tokens ADD COLUMN expires_ms BIGINT;
ALTER TABLE tokens ADD COLUMN revoked_ms BIGINT;
ALTER TABLE tokens ADD COLUMN last_used_ms BIGINT;
-- The id becomes public: `carbonq token list` shows it and `token revoke` takes it. It was the first
-- 16 hex digits of the token's hash, which would let whoever sees it test guesses of the token, so
-- tokens made before get a random one (RANDOM() is in both H2 and PostgreSQL); new tokens get
-- 'tok_' and 12 random letters and digits.
UPDATE tokens
   SET id = 'tok_' || LPAD(CAST(CAST(FLOOR(RANDOM() * 1000000000000) AS BIGINT) AS VARCHAR(12)), 12, '0');
-- Lists page through tokens by creation time, then id.
CREATE INDEX tokens_created ON tokens (created_ms, id);
