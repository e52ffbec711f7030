-- A footprint's run-now counterfactual is not always the home: a job without one is compared with
-- the region it ran in, started at submission. home_region keeps the counterfactual's region;
-- run_now_basis says why that region (home, where-it-ran). Footprints stored before were all
-- against the home.
ALTER TABLE footprints ADD COLUMN run_now_basis VARCHAR(32) DEFAULT 'home' NOT NULL;
