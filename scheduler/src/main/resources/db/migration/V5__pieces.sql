-- Interruptible jobs run in pieces. Pieces are stored as "startMs-endMs,startMs-endMs" (epoch
-- milliseconds): the planned ones (NULL for one window from plan_start_ms to plan_end_ms) and the
-- ones run so far; run_pool is where the job's run lives once dispatched (a paused job resumes
-- there), piece_started_ms when the piece running now started, and ran_kg the kgCO2e the plans
-- predicted for the pieces already run (a paused job's plan covers only its remaining work).
ALTER TABLE workloads ADD COLUMN plan_pieces VARCHAR(100000);
ALTER TABLE workloads ADD COLUMN run_pool VARCHAR(128);
ALTER TABLE workloads ADD COLUMN ran_pieces VARCHAR(100000);
ALTER TABLE workloads ADD COLUMN piece_started_ms BIGINT;
ALTER TABLE workloads ADD COLUMN ran_kg DOUBLE PRECISION;
