package io.carbonq.scheduler.store;

import io.carbonq.config.GpuHourPrice;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.scheduler.budget.Spend;
import io.carbonq.scheduler.domain.RunNow;
import io.carbonq.scheduler.energy.Footprint;
import io.carbonq.scheduler.energy.HostShare;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/** The footprints of finished jobs; one per job, written once. */
public final class FootprintStore {
  private final DataSource dataSource;

  public FootprintStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stores the footprint unless the job has one already (another instance was first). */
  public void save(Footprint footprint) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO footprints (workload_id, region, zone, pue, start_ms, end_ms, gpu_hours,"
                    + " energy_kwh, gpu_kwh, host_kwh, measured, energy_source, kg, intensity_source,"
                    + " home_region, counterfactual_kg, predicted_kg, gpu_model, run_now_basis,"
                    + " host_share, price_per_gpu_hour, currency, intensity_signal)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      insert.setString(1, footprint.jobId());
      insert.setString(2, footprint.region());
      insert.setString(3, footprint.zone());
      insert.setDouble(4, footprint.pue());
      insert.setLong(5, footprint.start().toEpochMilli());
      insert.setLong(6, footprint.end().toEpochMilli());
      insert.setDouble(7, footprint.gpuHours());
      insert.setDouble(8, footprint.energyKwh());
      insert.setDouble(9, footprint.gpuKwh());
      insert.setDouble(10, footprint.hostKwh());
      insert.setBoolean(11, footprint.measured());
      insert.setString(12, footprint.energySource());
      nullable(insert, 13, footprint.kgCo2e());
      insert.setString(14, footprint.intensitySource());
      insert.setString(15, footprint.runNow().region());
      nullable(insert, 16, footprint.counterfactualKgCo2e());
      nullable(insert, 17, footprint.predictedKgCo2e());
      insert.setString(18, footprint.gpuModel());
      insert.setString(19, footprint.runNow().basis().label());
      insert.setString(20, footprint.hostShare().label());
      nullable(insert, 21, footprint.price().map(GpuHourPrice::perGpuHour).orElse(Double.NaN));
      insert.setString(22, footprint.price().map(GpuHourPrice::currency).orElse(null));
      insert.setString(23, footprint.intensitySignal().name().toLowerCase(Locale.ROOT));
      insert.executeUpdate();
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return;
      }
      throw new StoreException(
          "cannot store the footprint of " + footprint.jobId() + ": " + e.getMessage(), e);
    }
  }

  public Optional<Footprint> get(String jobId) {
    List<Footprint> found = select("SELECT * FROM footprints WHERE workload_id = ?", jobId);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The footprints of a sweep's trials, by trial id. */
  public List<Footprint> ofSweep(String sweepId) {
    return select(
        "SELECT f.* FROM footprints f JOIN workloads w ON w.id = f.workload_id WHERE w.sweep_id = ?"
            + " ORDER BY f.workload_id",
        sweepId);
  }

  /** The footprints of an owner's finished jobs, by job id. */
  public List<Footprint> ofOwner(String owner) {
    return select(
        "SELECT f.* FROM footprints f JOIN workloads w ON w.id = f.workload_id WHERE w.owner = ?"
            + " ORDER BY f.workload_id",
        owner);
  }

  /**
   * What the runs that ended at or after {@code since} emitted, by owner and end: the realised
   * kgCO2e, else the predicted one when no intensity data covered the run.
   */
  public List<Spend> spentSince(Instant since) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT w.owner, f.end_ms, f.kg, f.predicted_kg FROM footprints f"
                    + " JOIN workloads w ON w.id = f.workload_id WHERE f.end_ms >= ?")) {
      select.setLong(1, since.toEpochMilli());
      List<Spend> spends = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          double kg = orNaN(rows, "kg");
          spends.add(
              new Spend(
                  rows.getString("owner"),
                  Instant.ofEpochMilli(rows.getLong("end_ms")),
                  Double.isNaN(kg) ? orNaN(rows, "predicted_kg") : kg,
                  Spend.Kind.REALISED));
        }
      }
      return spends;
    } catch (SQLException e) {
      throw new StoreException("cannot read footprints: " + e.getMessage(), e);
    }
  }

  /**
   * A finished run with what the dashboard groups it by: its owner, its sweep and the forecast
   * source its last plan used.
   */
  public record EndedRun(
      Footprint footprint, String owner, Optional<String> sweepId, Optional<String> planSource) {}

  /** The runs that ended at or after {@code since}, of {@code owner} or of everyone. */
  public List<EndedRun> endedSince(Instant since, Optional<String> owner) {
    String sql =
        "SELECT f.*, w.owner AS run_owner, w.sweep_id AS run_sweep, w.plan_source AS run_source"
            + " FROM footprints f JOIN workloads w ON w.id = f.workload_id WHERE f.end_ms >= ?"
            + (owner.isPresent() ? " AND w.owner = ?" : "")
            + " ORDER BY f.end_ms, f.workload_id";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, since.toEpochMilli());
      if (owner.isPresent()) {
        select.setString(2, owner.get());
      }
      List<EndedRun> runs = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          runs.add(
              new EndedRun(
                  footprint(rows),
                  rows.getString("run_owner"),
                  Optional.ofNullable(rows.getString("run_sweep")),
                  Optional.ofNullable(rows.getString("run_source"))));
        }
      }
      return runs;
    } catch (SQLException e) {
      throw new StoreException("cannot read footprints: " + e.getMessage(), e);
    }
  }

  private List<Footprint> select(String sql, String parameter) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, parameter);
      List<Footprint> footprints = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          footprints.add(footprint(rows));
        }
      }
      return footprints;
    } catch (SQLException e) {
      throw new StoreException("cannot read footprints: " + e.getMessage(), e);
    }
  }

  private static Footprint footprint(ResultSet rows) throws SQLException {
    return new Footprint(
        rows.getString("workload_id"),
        rows.getString("region"),
        rows.getString("zone"),
        rows.getDouble("pue"),
        Instant.ofEpochMilli(rows.getLong("start_ms")),
        Instant.ofEpochMilli(rows.getLong("end_ms")),
        rows.getString("gpu_model"),
        rows.getDouble("gpu_hours"),
        rows.getDouble("energy_kwh"),
        rows.getDouble("gpu_kwh"),
        rows.getDouble("host_kwh"),
        rows.getBoolean("measured"),
        HostShare.ofLabel(rows.getString("host_share")),
        rows.getString("energy_source"),
        orNaN(rows, "kg"),
        rows.getString("intensity_source"),
        new RunNow(
            RunNow.Basis.ofLabel(rows.getString("run_now_basis")), rows.getString("home_region")),
        orNaN(rows, "counterfactual_kg"),
        orNaN(rows, "predicted_kg"),
        price(rows),
        SignalKind.valueOf(rows.getString("intensity_signal").toUpperCase(Locale.ROOT)));
  }

  private static Optional<GpuHourPrice> price(ResultSet rows) throws SQLException {
    double perGpuHour = orNaN(rows, "price_per_gpu_hour");
    return Double.isNaN(perGpuHour)
        ? Optional.empty()
        : Optional.of(new GpuHourPrice(perGpuHour, rows.getString("currency")));
  }

  private static double orNaN(ResultSet rows, String column) throws SQLException {
    double value = rows.getDouble(column);
    return rows.wasNull() ? Double.NaN : value;
  }

  private static void nullable(PreparedStatement statement, int index, double value)
      throws SQLException {
    if (Double.isNaN(value)) {
      statement.setNull(index, Types.DOUBLE);
    } else {
      statement.setDouble(index, value);
    }
  }
}
