-- Job and sweep names belong to their owner: two owners may each have a job named train-a, and
-- one owner's names neither show in nor block another's. A job is kept under its key, the owner,
-- '_' and the name (names hold no '_', so the last '_' splits a key again), which is what the
-- planner, the executor and the decision log know it by. Rows written before are keyed so too.
ALTER TABLE workloads ALTER COLUMN id SET DATA TYPE VARCHAR(200);
ALTER TABLE workloads ALTER COLUMN sweep_id SET DATA TYPE VARCHAR(200);
ALTER TABLE decisions ALTER COLUMN workload_id SET DATA TYPE VARCHAR(200);
ALTER TABLE footprints ALTER COLUMN workload_id SET DATA TYPE VARCHAR(200);

UPDATE decisions SET workload_id =
  (SELECT w.owner FROM workloads w WHERE w.id = decisions.workload_id) || '_' || workload_id
  WHERE EXISTS (SELECT 1 FROM workloads w WHERE w.id = decisions.workload_id);
UPDATE footprints SET workload_id =
  (SELECT w.owner FROM workloads w WHERE w.id = footprints.workload_id) || '_' || workload_id
  WHERE EXISTS (SELECT 1 FROM workloads w WHERE w.id = footprints.workload_id);
UPDATE workloads SET sweep_id = owner || '_' || sweep_id WHERE sweep_id IS NOT NULL;
UPDATE workloads SET id = owner || '_' || id;
