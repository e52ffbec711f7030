-- The SHA-256 of the request an Idempotency-Key came with, so that the key reused with another
-- request is refused instead of answered with the first request's job.
ALTER TABLE workloads ADD COLUMN request_digest VARCHAR(64);
