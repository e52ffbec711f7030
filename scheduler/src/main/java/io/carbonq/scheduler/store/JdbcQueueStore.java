package io.carbonq.scheduler.store;

import io.carbonq.scheduler.domain.SweepRef;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.queue.RunHistory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** The queue in a relational database (H2 or PostgreSQL), in plain JDBC. */
public final class JdbcQueueStore implements QueueStore {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String COLUMNS =
      "id, owner, request_id, sweep_id, spec, priority, deadline_ms, state, state_reason,"
          + " submitted_ms, plan_pool, plan_region, plan_start_ms, plan_end_ms, plan_kg,"
          + " plan_now_kg, plan_why, plan_source, plan_pieces, dispatched_ms, started_ms,"
          + " finished_ms, run_pool, ran_pieces, ran_kg, piece_started_ms, version";

  private static final System.Logger LOG = System.getLogger(JdbcQueueStore.class.getName());

  private final DataSource dataSource;

  /**
   * Open jobs whose stored spec could not be read back (id to why): reads skip them so that one row
   * never breaks a list, and {@link #failUnreadable} fails them with the reason.
   */
  private final Map<String, String> unreadable = new java.util.concurrent.ConcurrentHashMap<>();

  /** Whether the database is H2, asked once. */
  private volatile Boolean h2;

  /** Where the embedded database's new jobs are also written before they are acknowledged. */
  private final Optional<SubmissionJournal> journal;

  public JdbcQueueStore(DataSource dataSource) {
    this.dataSource = dataSource;
    this.journal = Optional.empty();
  }

  /** The queue in {@code database}, with its submission journal when it keeps one. */
  public JdbcQueueStore(Database database) {
    this.dataSource = database.dataSource();
    this.journal = database.journal();
    this.h2 = !database.isPostgres();
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T inTransaction(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("queue database: " + e.getMessage(), e);
    }
  }

  @Override
  public Submission submit(QueuedJob job) {
    return submitAll(List.of(job)).get(0);
  }

  @Override
  public List<Submission> submitAll(List<QueuedJob> jobs, Optional<String> requestDigest) {
    List<Submission> submissions = submitted(jobs, requestDigest);
    List<QueuedJob> created =
        submissions.stream().filter(Submission::created).map(Submission::job).toList();
    if (!created.isEmpty()) {
      if (journal.isPresent()) {
        journal.get().append(created, requestDigest);
      } else {
        writeThrough();
      }
    }
    return submissions;
  }

  /**
   * On an H2 without a journal, asks H2 to write what was committed to its file, which narrows but
   * does not close the window in which a commit is not yet there. PostgreSQL's commit is durable as
   * it returns.
   */
  private void writeThrough() {
    if (!isH2()) {
      return;
    }
    inTransaction(
        connection -> {
          try (var statement = connection.createStatement()) {
            return statement.execute("CHECKPOINT");
          }
        });
  }

  private boolean isH2() {
    if (h2 == null) {
      h2 =
          inTransaction(
              connection -> connection.getMetaData().getDatabaseProductName().equals("H2"));
    }
    return h2;
  }

  /**
   * Puts back the journalled jobs the database does not hold (by id, or by owner and request id),
   * each with its "submitted" decision, and returns how many.
   */
  int restore(List<SubmissionJournal.Entry> entries) {
    return inTransaction(
        connection -> {
          int restored = 0;
          for (SubmissionJournal.Entry entry : entries) {
            QueuedJob job = entry.job();
            if (exists(connection, job.id())
                || byRequest(connection, job, Optional.empty()).isPresent()) {
              continue;
            }
            insert(connection, job, entry.requestDigest());
            log(connection, job.id(), job.submittedAt(), "submitted", null, job.stateReason());
            restored++;
          }
          return restored;
        });
  }

  private static boolean exists(Connection connection, String id) throws SQLException {
    return anyRow(connection, "SELECT 1 FROM workloads WHERE id = ?", id);
  }

  private static boolean anyRow(Connection connection, String sql, String value)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, value);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  /**
   * Jobs and sweeps share one namespace, so that a name says what {@code cancel} or {@code status}
   * means: a job may not take a sweep's name, nor a sweep a job's. Each sweep is checked once.
   */
  private static void requireNameFree(
      Connection connection, QueuedJob job, Set<String> sweepsChecked) throws SQLException {
    Optional<String> sweep = job.workload().sweep().map(SweepRef::sweepId);
    if (sweep.isPresent()) {
      if (sweepsChecked.add(sweep.get()) && exists(connection, sweep.get())) {
        throw new DuplicateIdException(sweep.get());
      }
    } else if (sweepExists(connection, job.id())) {
      throw DuplicateIdException.ofSweep(job.id());
    }
  }

  private static boolean sweepExists(Connection connection, String sweepId) throws SQLException {
    return anyRow(connection, "SELECT 1 FROM workloads WHERE sweep_id = ? LIMIT 1", sweepId);
  }

  private List<Submission> submitted(List<QueuedJob> jobs, Optional<String> requestDigest) {
    try {
      return inTransaction(
          connection -> {
            List<Submission> submissions = new ArrayList<>();
            Set<String> sweepsChecked = new HashSet<>();
            for (QueuedJob job : jobs) {
              Optional<QueuedJob> existing = byRequest(connection, job, requestDigest);
              if (existing.isPresent()) {
                submissions.add(new Submission(existing.get(), false));
                continue;
              }
              requireNameFree(connection, job, sweepsChecked);
              insert(connection, job, requestDigest);
              log(connection, job.id(), job.submittedAt(), "submitted", null, job.stateReason());
              submissions.add(new Submission(job, true));
            }
            return submissions;
          });
    } catch (StoreException e) {
      if (!(e.getCause() instanceof SQLException sql)
          || !UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        throw e;
      }
      // A concurrent submission with the same request id won, or the id is taken.
      List<Submission> found = new ArrayList<>();
      for (QueuedJob job : jobs) {
        Optional<QueuedJob> existing =
            inTransaction(connection -> byRequest(connection, job, requestDigest));
        if (existing.isEmpty()) {
          throw new DuplicateIdException(job.id());
        }
        found.add(new Submission(existing.get(), false));
      }
      return found;
    }
  }

  /** The job an earlier request with the same id queued; the same id with another body throws. */
  private Optional<QueuedJob> byRequest(
      Connection connection, QueuedJob job, Optional<String> requestDigest) throws SQLException {
    if (job.requestId().isEmpty()) {
      return Optional.empty();
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT request_digest, "
                + COLUMNS
                + " FROM workloads WHERE owner = ? AND request_id = ?")) {
      select.setString(1, job.owner());
      select.setString(2, job.requestId().get());
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        String stored = rows.getString("request_digest");
        if (stored != null && requestDigest.isPresent() && !stored.equals(requestDigest.get())) {
          // A sweep's trials carry the request's key with "#index" after it.
          throw new IdempotencyConflictException(job.requestId().get().replaceFirst("#\\d+$", ""));
        }
        return Optional.of(job(rows));
      }
    }
  }

  private static void insert(Connection connection, QueuedJob job, Optional<String> requestDigest)
      throws SQLException {
    Workload workload = job.workload();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO workloads (id, owner, request_id, sweep_id, spec, priority, deadline_ms,"
                + " state, state_reason, submitted_ms, request_digest, version)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,0)")) {
      insert.setString(1, workload.id());
      insert.setString(2, workload.owner());
      insert.setString(3, job.requestId().orElse(null));
      insert.setString(4, workload.sweep().map(sweep -> sweep.sweepId()).orElse(null));
      insert.setString(5, WorkloadJson.write(workload));
      insert.setInt(6, workload.priority());
      insert.setLong(7, workload.deadline().toEpochMilli());
      insert.setString(8, job.state().name());
      insert.setString(9, job.stateReason());
      insert.setLong(10, job.submittedAt().toEpochMilli());
      insert.setString(11, requestDigest.orElse(null));
      insert.executeUpdate();
    }
  }

  @Override
  public Optional<QueuedJob> get(String id) {
    return inTransaction(connection -> select(connection, id));
  }

  @Override
  public List<QueuedJob> list(JobFilter filter) {
    return inTransaction(
        connection -> select(connection, filter, Optional.empty(), filter.limit()));
  }

  @Override
  public Page<QueuedJob> page(JobFilter filter, Optional<PageKey> after) {
    return inTransaction(
        connection -> {
          long total = count(connection, filter);
          // One row more than the page tells whether another page follows.
          List<QueuedJob> rows = select(connection, filter, after, filter.limit() + 1);
          if (rows.size() <= filter.limit()) {
            return new Page<>(rows, total, Optional.empty());
          }
          List<QueuedJob> shown = rows.subList(0, filter.limit());
          QueuedJob last = shown.get(shown.size() - 1);
          return new Page<>(shown, total, Optional.of(new PageKey(last.submittedAt(), last.id())));
        });
  }

  /**
   * The jobs matching {@code filter} after {@code after}, oldest submission first or, as the filter
   * says, newest first.
   */
  private List<QueuedJob> select(
      Connection connection, JobFilter filter, Optional<PageKey> after, int limit)
      throws SQLException {
    List<Object> values = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM workloads");
    sql.append(where(filter, values));
    String later = filter.newestFirst() ? "<" : ">";
    after.ifPresent(
        key -> {
          // Keyset paging on the sort order (submitted_ms, id), never OFFSET.
          sql.append(" AND (submitted_ms ")
              .append(later)
              .append(" ? OR (submitted_ms = ? AND id ")
              .append(later)
              .append(" ?))");
          values.add(key.at().toEpochMilli());
          values.add(key.at().toEpochMilli());
          values.add(key.id());
        });
    String direction = filter.newestFirst() ? " DESC" : "";
    sql.append(" ORDER BY submitted_ms")
        .append(direction)
        .append(", id")
        .append(direction)
        .append(" FETCH FIRST ")
        .append(limit)
        .append(" ROWS ONLY");
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
      bind(select, values);
      return all(select);
    }
  }

  private static long count(Connection connection, JobFilter filter) throws SQLException {
    List<Object> values = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement("SELECT COUNT(*) FROM workloads" + where(filter, values))) {
      bind(select, values);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** The WHERE clause of {@code filter}; adds the values it binds to {@code values}, in order. */
  /** States as the body of an SQL {@code IN (...)}: enum names, so nothing to escape. */
  private static String sqlList(Set<JobState> states) {
    return states.stream().map(state -> "'" + state.name() + "'").collect(Collectors.joining(","));
  }

  private static String where(JobFilter filter, List<Object> values) {
    StringBuilder sql = new StringBuilder(" WHERE state IN (");
    sql.append(sqlList(filter.states()));
    sql.append(")");
    filter
        .owner()
        .ifPresent(
            owner -> {
              sql.append(" AND owner = ?");
              values.add(owner);
            });
    filter
        .sweepId()
        .ifPresent(
            sweep -> {
              sql.append(" AND sweep_id = ?");
              values.add(sweep);
            });
    return sql.toString();
  }

  private static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      statement.setObject(i + 1, values.get(i));
    }
  }

  @Override
  public Map<JobState, Long> countByState() {
    return inTransaction(
        connection -> {
          Map<JobState, Long> counts = new EnumMap<>(JobState.class);
          for (JobState state : JobState.values()) {
            counts.put(state, 0L);
          }
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT state, COUNT(*) FROM workloads GROUP BY state");
              ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              counts.put(JobState.valueOf(rows.getString(1)), rows.getLong(2));
            }
          }
          return counts;
        });
  }

  @Override
  public Map<JobState, Emissions> emissionsByState() {
    return inTransaction(
        connection -> {
          Map<JobState, Emissions> sums = new EnumMap<>(JobState.class);
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT state, SUM(plan_kg), SUM(plan_now_kg) FROM workloads"
                          + " WHERE plan_kg IS NOT NULL AND plan_now_kg IS NOT NULL GROUP BY state");
              ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              sums.put(
                  JobState.valueOf(rows.getString(1)),
                  new Emissions(rows.getDouble(2), rows.getDouble(3)));
            }
          }
          return sums;
        });
  }

  @Override
  public boolean recordPlan(String id, long version, PlannedRun plan, Instant at) {
    return inTransaction(
        connection -> {
          int changed;
          try (PreparedStatement update =
              connection.prepareStatement(
                  // A paused job stays paused with the plan of its remaining work.
                  "UPDATE workloads SET state = CASE WHEN state = 'PAUSED' THEN 'PAUSED' ELSE"
                      + " 'PLANNED' END, state_reason = ?,"
                      + PLAN_COLUMNS
                      + ", version = version + 1 WHERE id = ? AND version = ? AND state IN"
                      + " ('QUEUED', 'PLANNED', 'PAUSED')")) {
            update.setString(1, plan.why());
            int next = setPlan(update, 2, plan);
            update.setString(next, id);
            update.setLong(next + 1, version);
            changed = update.executeUpdate();
          }
          if (changed == 0) {
            changed = recordRunningPlan(connection, id, version, plan, at);
          }
          return logged(connection, changed, id, at, "planned", plan, plan.why());
        });
  }

  private static final String PLAN_COLUMNS =
      " plan_pool = ?, plan_region = ?, plan_start_ms = ?, plan_end_ms = ?, plan_kg = ?,"
          + " plan_now_kg = ?, plan_why = ?, plan_source = ?, plan_pieces = ?";

  /** Binds {@link #PLAN_COLUMNS} from {@code index}; returns the next index. */
  private static int setPlan(PreparedStatement statement, int index, PlannedRun plan)
      throws SQLException {
    statement.setString(index, plan.pool());
    statement.setString(index + 1, plan.region());
    statement.setLong(index + 2, plan.start().toEpochMilli());
    statement.setLong(index + 3, plan.end().toEpochMilli());
    setDouble(statement, index + 4, plan.kgCo2e());
    setDouble(statement, index + 5, plan.nowKgCo2e());
    statement.setString(index + 6, plan.why());
    statement.setString(index + 7, plan.forecastSource());
    statement.setString(index + 8, plan.split() ? Pieces.format(plan.pieces()) : null);
    return index + 9;
  }

  /**
   * A running job planned again keeps running and its reason. The piece it runs is closed here,
   * with its share of the old plan's kgCO2e, and a new one opened at {@code at}, so the new plan's
   * kgCO2e counts only what is still to run.
   */
  private int recordRunningPlan(
      Connection connection, String id, long version, PlannedRun plan, Instant at)
      throws SQLException {
    Optional<QueuedJob> found = select(connection, id);
    if (found.isEmpty()
        || found.get().version() != version
        || found.get().state() != JobState.RUNNING
        || found.get().history().flatMap(RunHistory::runningSince).isEmpty()) {
      return 0;
    }
    QueuedJob job = found.get();
    RunHistory closed = job.history().get().closedAt(at, plannedKgOfPiece(job, at));
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE workloads SET"
                + PLAN_COLUMNS
                + ", ran_pieces = ?, ran_kg = ?, piece_started_ms = ?, version = version + 1"
                + " WHERE id = ? AND version = ?")) {
      int next = setPlan(update, 1, plan);
      update.setString(next, Pieces.format(closed.ranPieces()));
      update.setDouble(next + 1, closed.ranPlannedKg());
      update.setLong(next + 2, at.toEpochMilli());
      update.setString(next + 3, id);
      update.setLong(next + 4, version);
      return update.executeUpdate();
    }
  }

  private Optional<QueuedJob> select(Connection connection, String id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM workloads WHERE id = ?")) {
      select.setString(1, id);
      return first(select);
    }
  }

  @Override
  public boolean recordDeferral(String id, long version, String reason, Instant at) {
    return inTransaction(
        connection -> {
          int changed;
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE workloads SET state = CASE WHEN state = 'PAUSED' THEN 'PAUSED' ELSE"
                      + " 'QUEUED' END, state_reason = ?, plan_pool = NULL, plan_region = NULL,"
                      + " plan_start_ms = NULL, plan_end_ms = NULL, plan_kg = NULL,"
                      + " plan_now_kg = NULL, plan_why = NULL, plan_source = NULL,"
                      + " plan_pieces = NULL, version = version + 1"
                      + " WHERE id = ? AND version = ? AND state IN ('QUEUED', 'PLANNED',"
                      + " 'PAUSED')")) {
            update.setString(1, reason);
            update.setString(2, id);
            update.setLong(3, version);
            changed = update.executeUpdate();
          }
          return logged(connection, changed, id, at, "deferred", null, reason);
        });
  }

  @Override
  public boolean transition(String id, Set<JobState> from, JobState to, String reason, Instant at) {
    if (to == JobState.PAUSED) {
      throw new IllegalArgumentException("a pause closes a piece: use recordPause");
    }
    for (JobState state : from) {
      if (!state.canBecome(to)) {
        throw new IllegalArgumentException(
            "a " + state.label() + " job cannot become " + to.label());
      }
    }
    // The first dispatch and start are kept; a resume only opens a new piece.
    String timeColumn =
        switch (to) {
          case DISPATCHED -> ", dispatched_ms = COALESCE(dispatched_ms, ?)";
          case RUNNING -> ", started_ms = COALESCE(started_ms, ?), piece_started_ms = ?";
          case SUCCEEDED, FAILED, CANCELLED -> ", finished_ms = ?";
          default -> "";
        };
    String poolColumn =
        to == JobState.DISPATCHED ? ", run_pool = COALESCE(run_pool, plan_pool)" : "";
    String states = sqlList(from);
    return inTransaction(
        connection -> {
          int changed;
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE workloads SET state = ?, state_reason = ?, version = version + 1"
                      + timeColumn
                      + poolColumn
                      + " WHERE id = ? AND state IN ("
                      + states
                      + ")")) {
            int index = 1;
            update.setString(index++, to.name());
            update.setString(index++, reason);
            if (!timeColumn.isEmpty()) {
              update.setLong(index++, at.toEpochMilli());
            }
            if (to == JobState.RUNNING) {
              update.setLong(index++, at.toEpochMilli());
            }
            update.setString(index, id);
            changed = update.executeUpdate();
          }
          return logged(connection, changed, id, at, to.label(), null, reason);
        });
  }

  @Override
  public boolean recordPause(String id, Instant at, String reason) {
    return inTransaction(
        connection -> {
          Optional<QueuedJob> job = select(connection, id);
          if (job.isEmpty() || job.get().state() != JobState.RUNNING) {
            return false;
          }
          double pieceKg = plannedKgOfPiece(job.get(), at);
          Optional<RunHistory> closed = job.get().history().map(h -> h.closedAt(at, pieceKg));
          List<Segment> ran = closed.map(RunHistory::ranPieces).orElse(List.of());
          // The plan keeps only the pieces still to come, so the job is due when the next comes.
          PlannedRun plan = job.get().plan().orElseThrow();
          List<Segment> rest = plan.piecesAfter(at);
          if (rest.isEmpty()) {
            throw new IllegalArgumentException("job " + id + " has no piece after " + at);
          }
          int changed;
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE workloads SET state = 'PAUSED', state_reason = ?, ran_pieces = ?,"
                      + " ran_kg = ?, piece_started_ms = NULL, plan_start_ms = ?, plan_pieces = ?,"
                      + " plan_kg = ?, version = version + 1 WHERE id = ? AND version = ?")) {
            update.setString(1, reason);
            update.setString(2, ran.isEmpty() ? null : Pieces.format(ran));
            update.setDouble(3, closed.map(RunHistory::ranPlannedKg).orElse(pieceKg));
            update.setLong(4, rest.get(0).start().toEpochMilli());
            update.setString(5, rest.size() > 1 ? Pieces.format(rest) : null);
            setDouble(update, 6, Math.max(0, plan.kgCo2e() - pieceKg));
            update.setString(7, id);
            update.setLong(8, job.get().version());
            changed = update.executeUpdate();
          }
          return logged(connection, changed, id, at, "paused", null, reason);
        });
  }

  /**
   * The share of its plan's kgCO2e that the piece ending at {@code at} ran, by its share of the
   * plan's running time; zero when the plan's emissions are unknown.
   */
  private static double plannedKgOfPiece(QueuedJob job, Instant at) {
    Optional<PlannedRun> plan = job.plan();
    Optional<Instant> since = job.history().flatMap(RunHistory::runningSince);
    if (plan.isEmpty() || since.isEmpty() || Double.isNaN(plan.get().kgCo2e())) {
      return 0;
    }
    double planned = Segment.total(plan.get().pieces()).toMillis();
    double ran = Math.max(0, java.time.Duration.between(since.get(), at).toMillis());
    return plan.get().kgCo2e() * Math.min(1, ran / planned);
  }

  @Override
  public boolean recordReason(String id, JobState state, String reason, Instant at) {
    return inTransaction(
        connection -> {
          int changed;
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE workloads SET state_reason = ?, version = version + 1"
                      + " WHERE id = ? AND state = ? AND (state_reason IS NULL OR state_reason <> ?)")) {
            update.setString(1, reason);
            update.setString(2, id);
            update.setString(3, state.name());
            update.setString(4, reason);
            changed = update.executeUpdate();
          }
          return logged(connection, changed, id, at, "waiting", null, reason);
        });
  }

  @Override
  public List<QueuedJob> runningToPause(Instant now) {
    return inTransaction(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM workloads WHERE state = 'RUNNING' AND (plan_pieces IS NOT NULL"
                      + " OR plan_start_ms > ?) ORDER BY id")) {
            select.setLong(1, now.toEpochMilli());
            return all(select);
          }
        });
  }

  @Override
  public List<QueuedJob> dueForDispatch(Instant now, int limit) {
    return inTransaction(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM workloads WHERE state IN ('PLANNED', 'PAUSED') AND plan_start_ms <= ?"
                      + " ORDER BY plan_start_ms, id FETCH FIRST "
                      + limit
                      + " ROWS ONLY")) {
            select.setLong(1, now.toEpochMilli());
            return all(select);
          }
        });
  }

  @Override
  public List<DecisionRecord> decisions(String id) {
    return inTransaction(
        connection -> {
          List<DecisionRecord> records = new ArrayList<>();
          decisions(connection, id, 0, Integer.MAX_VALUE).forEach(row -> records.add(row.record()));
          return records;
        });
  }

  @Override
  public Page<DecisionRecord> decisions(String id, Optional<PageKey> after, int limit) {
    if (limit < 1 || limit > JobFilter.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "a page holds 1 to " + JobFilter.MAX_LIMIT + " decisions, got " + limit);
    }
    long afterSequence = after.map(key -> Long.parseLong(key.id())).orElse(0L);
    return inTransaction(
        connection -> {
          long total;
          try (PreparedStatement select =
              connection.prepareStatement("SELECT COUNT(*) FROM decisions WHERE workload_id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
              rows.next();
              total = rows.getLong(1);
            }
          }
          List<Sequenced> rows = decisions(connection, id, afterSequence, limit + 1);
          List<DecisionRecord> shown = new ArrayList<>();
          rows.stream().limit(limit).forEach(row -> shown.add(row.record()));
          Optional<PageKey> next = Optional.empty();
          if (rows.size() > limit) {
            Sequenced last = rows.get(limit - 1);
            next = Optional.of(new PageKey(last.record().at(), Long.toString(last.sequence())));
          }
          return new Page<>(shown, total, next);
        });
  }

  /** A decision with its place in the log (the identity column, in the order entries were made). */
  private record Sequenced(long sequence, DecisionRecord record) {}

  private static List<Sequenced> decisions(
      Connection connection, String id, long afterSequence, int limit) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT id, workload_id, at_ms, event, pool, region, start_ms, kg, now_kg, why,"
                + " source FROM decisions WHERE workload_id = ? AND id > ? ORDER BY id"
                + " FETCH FIRST "
                + limit
                + " ROWS ONLY")) {
      select.setString(1, id);
      select.setLong(2, afterSequence);
      List<Sequenced> records = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          records.add(
              new Sequenced(
                  rows.getLong(1),
                  new DecisionRecord(
                      rows.getString(2),
                      Instant.ofEpochMilli(rows.getLong(3)),
                      rows.getString(4),
                      Optional.ofNullable(rows.getString(5)),
                      Optional.ofNullable(rows.getString(6)),
                      optionalInstant(rows, 7),
                      optionalDouble(rows, 8),
                      optionalDouble(rows, 9),
                      rows.getString(10) == null ? "" : rows.getString(10),
                      Optional.ofNullable(rows.getString(11)))));
        }
      }
      return records;
    }
  }

  /** Whether an update changed the job; when it did, the change goes in the decision log. */
  private static boolean logged(
      Connection connection,
      int changed,
      String id,
      Instant at,
      String event,
      PlannedRun plan,
      String why)
      throws SQLException {
    if (changed == 1) {
      log(connection, id, at, event, plan, why);
    }
    return changed == 1;
  }

  private static void log(
      Connection connection, String id, Instant at, String event, PlannedRun plan, String why)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO decisions (workload_id, at_ms, event, pool, region, start_ms, kg, now_kg,"
                + " why, source) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
      insert.setString(1, id);
      insert.setLong(2, at.toEpochMilli());
      insert.setString(3, event);
      if (plan == null) {
        insert.setNull(4, Types.VARCHAR);
        insert.setNull(5, Types.VARCHAR);
        insert.setNull(6, Types.BIGINT);
        insert.setNull(7, Types.DOUBLE);
        insert.setNull(8, Types.DOUBLE);
        insert.setNull(10, Types.VARCHAR);
      } else {
        insert.setString(4, plan.pool());
        insert.setString(5, plan.region());
        insert.setLong(6, plan.start().toEpochMilli());
        setDouble(insert, 7, plan.kgCo2e());
        setDouble(insert, 8, plan.nowKgCo2e());
        insert.setString(10, plan.forecastSource());
      }
      insert.setString(9, why);
      insert.executeUpdate();
    }
  }

  private Optional<QueuedJob> first(PreparedStatement select) throws SQLException {
    List<QueuedJob> jobs = all(select);
    return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
  }

  private List<QueuedJob> all(PreparedStatement select) throws SQLException {
    List<QueuedJob> jobs = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        try {
          jobs.add(job(rows));
        } catch (RuntimeException e) {
          remember(rows.getString("id"), JobState.valueOf(rows.getString("state")), e);
        }
      }
    }
    return jobs;
  }

  private void remember(String id, JobState state, RuntimeException why) {
    if (!state.isFinal() && unreadable.putIfAbsent(id, why.getMessage()) == null) {
      LOG.log(
          System.Logger.Level.WARNING, "job " + id + " cannot be read back: " + why.getMessage());
    }
  }

  @Override
  public int failUnreadable(Instant at) {
    int failed = 0;
    for (Map.Entry<String, String> entry : Map.copyOf(unreadable).entrySet()) {
      String reason =
          "its stored spec cannot be read back (" + entry.getValue() + "): submit it again";
      Set<JobState> open =
          EnumSet.complementOf(EnumSet.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED));
      if (inTransaction(connection -> failRow(connection, entry.getKey(), open, reason, at))) {
        failed++;
      }
      unreadable.remove(entry.getKey());
    }
    return failed;
  }

  private static boolean failRow(
      Connection connection, String id, Set<JobState> open, String reason, Instant at)
      throws SQLException {
    String states = sqlList(open);
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE workloads SET state = 'FAILED', state_reason = ?, finished_ms = ?,"
                + " version = version + 1 WHERE id = ? AND state IN ("
                + states
                + ")")) {
      update.setString(1, reason);
      update.setLong(2, at.toEpochMilli());
      update.setString(3, id);
      return logged(connection, update.executeUpdate(), id, at, "failed", null, reason);
    }
  }

  private static QueuedJob job(ResultSet rows) throws SQLException {
    Workload workload = keyedAsStored(WorkloadJson.read(rows.getString("spec")), rows);
    Optional<PlannedRun> plan = Optional.empty();
    if (rows.getString("plan_pool") != null) {
      plan =
          Optional.of(
              new PlannedRun(
                  rows.getString("plan_pool"),
                  rows.getString("plan_region"),
                  Instant.ofEpochMilli(rows.getLong("plan_start_ms")),
                  Instant.ofEpochMilli(rows.getLong("plan_end_ms")),
                  optionalDouble(rows, rows.findColumn("plan_kg")).orElse(Double.NaN),
                  optionalDouble(rows, rows.findColumn("plan_now_kg")).orElse(Double.NaN),
                  rows.getString("plan_why"),
                  rows.getString("plan_source"),
                  Pieces.parse(rows.getString("plan_pieces"))));
    }
    Optional<RunHistory> history = Optional.empty();
    if (rows.getString("run_pool") != null) {
      history =
          Optional.of(
              new RunHistory(
                  rows.getString("run_pool"),
                  Pieces.parse(rows.getString("ran_pieces")),
                  optionalDouble(rows, rows.findColumn("ran_kg")).orElse(0.0),
                  optionalInstant(rows, rows.findColumn("piece_started_ms"))));
    }
    return new QueuedJob(
        workload,
        Optional.ofNullable(rows.getString("request_id")),
        JobState.valueOf(rows.getString("state")),
        rows.getString("state_reason"),
        Instant.ofEpochMilli(rows.getLong("submitted_ms")),
        plan,
        optionalInstant(rows, rows.findColumn("dispatched_ms")),
        optionalInstant(rows, rows.findColumn("started_ms")),
        optionalInstant(rows, rows.findColumn("finished_ms")),
        history,
        rows.getLong("version"));
  }

  /**
   * The workload under the key its row has: rows written before names were per owner hold the bare
   * name in their spec, and were keyed by a migration in their columns only.
   */
  private static Workload keyedAsStored(Workload workload, ResultSet rows) throws SQLException {
    String id = rows.getString("id");
    String sweepId = rows.getString("sweep_id");
    if (workload.id().equals(id)
        && workload.sweep().map(SweepRef::sweepId).equals(Optional.ofNullable(sweepId))) {
      return workload;
    }
    Workload.Builder keyed = Workload.builder(id).like(workload);
    workload.sweep().ifPresent(sweep -> keyed.sweep(new SweepRef(sweepId, sweep.maxParallel())));
    return keyed.build();
  }

  private static Optional<Instant> optionalInstant(ResultSet rows, int column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
  }

  /** NaN (unknown) is stored as NULL. */
  private static void setDouble(PreparedStatement statement, int index, double value)
      throws SQLException {
    if (Double.isNaN(value)) {
      statement.setNull(index, Types.DOUBLE);
    } else {
      statement.setDouble(index, value);
    }
  }

  private static Optional<Double> optionalDouble(ResultSet rows, int column) throws SQLException {
    double value = rows.getDouble(column);
    return rows.wasNull() ? Optional.empty() : Optional.of(value);
  }
}
