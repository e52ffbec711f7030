-- Lists are sorted by submission time, then id, and paged on that order: these indexes let a page
-- of one owner's jobs, or of everyone's, be read without sorting the whole table.
CREATE INDEX workloads_owner_submitted ON workloads (owner, submitted_ms, id);
CREATE INDEX workloads_submitted ON workloads (submitted_ms, id);
