-- Whether a footprint's intensity was the grid's average (location-based) or a marginal one
-- (WattTime's MOER), so that a marginal figure is never added into location-based totals.
ALTER TABLE footprints ADD COLUMN intensity_signal VARCHAR(16) DEFAULT 'average' NOT NULL;
