-- Carbon budgets set by an admin through the API; each overrides carbonq.yaml's budget for the same
-- owner or team. scope is 'owner:NAME' or 'team:NAME'.
CREATE TABLE budgets (
  scope        VARCHAR(110)  NOT NULL PRIMARY KEY,
  kg_co2e      DOUBLE PRECISION NOT NULL,
  period       VARCHAR(16)   NOT NULL,
  over_budget  VARCHAR(16)   NOT NULL,
  set_by       VARCHAR(200)  NOT NULL,
  set_at_ms    BIGINT        NOT NULL
);

-- What each budget counts: the footprints of runs that ended in the last month or so.
CREATE INDEX footprints_by_end ON footprints (end_ms);
