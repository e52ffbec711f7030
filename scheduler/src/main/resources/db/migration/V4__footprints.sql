-- What each finished job cost: energy (measured or estimated), realised kgCO2e with the measured
-- intensity, and the counterfactual of starting at submission in the home region.
CREATE TABLE footprints (
  workload_id         VARCHAR(63)   NOT NULL PRIMARY KEY,
  region              VARCHAR(128)  NOT NULL,
  zone                VARCHAR(64)   NOT NULL,
  pue                 DOUBLE PRECISION NOT NULL,
  start_ms            BIGINT        NOT NULL,
  end_ms              BIGINT        NOT NULL,
  gpu_model           VARCHAR(64)   NOT NULL,
  gpu_hours           DOUBLE PRECISION NOT NULL,
  energy_kwh          DOUBLE PRECISION NOT NULL,
  gpu_kwh             DOUBLE PRECISION NOT NULL,
  host_kwh            DOUBLE PRECISION NOT NULL,
  measured            BOOLEAN       NOT NULL,
  energy_source       VARCHAR(500)  NOT NULL,
  kg                  DOUBLE PRECISION,
  intensity_source    VARCHAR(1000) NOT NULL,
  home_region         VARCHAR(128)  NOT NULL,
  counterfactual_kg   DOUBLE PRECISION,
  predicted_kg        DOUBLE PRECISION
);
