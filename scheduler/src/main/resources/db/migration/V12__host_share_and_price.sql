-- How a footprint counted its host's share (measured, estimated, not counted), and the price of a
-- GPU-hour in its pool when it finished (none where the pool stated no price). Footprints stored
-- before had a host share only where Kepler measured one.
ALTER TABLE footprints ADD COLUMN host_share VARCHAR(32) DEFAULT 'not counted' NOT NULL;
UPDATE footprints SET host_share = 'measured' WHERE host_kwh > 0;
ALTER TABLE footprints ADD COLUMN price_per_gpu_hour DOUBLE PRECISION;
ALTER TABLE footprints ADD COLUMN currency VARCHAR(3);
