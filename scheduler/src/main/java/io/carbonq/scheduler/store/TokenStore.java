package io.carbonq.scheduler.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * API tokens: each names its owner and scopes, and may expire or be revoked. Only a SHA-256 hash is
 * stored, so the database never holds a usable token; the token itself is shown once, when it is
 * made. Each token also has a public id, random and unrelated to the token, by which an admin lists
 * and revokes it. Times are instants ({@code now} is passed in); a revoked or expired token is
 * refused from the next request on, on every instance sharing the database.
 */
public final class TokenStore {
  /** What a token allows. */
  public enum Scope {
    READ,
    SUBMIT,
    ADMIN;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Who a presented token belongs to and what it may do. */
  public record Caller(String owner, Set<Scope> scopes) {
    public boolean may(Scope scope) {
      return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }

    public boolean isAdmin() {
      return scopes.contains(Scope.ADMIN);
    }
  }

  /** A token as an admin sees it: never the token itself nor its hash. */
  public record TokenInfo(
      String id,
      String owner,
      Set<Scope> scopes,
      Instant createdAt,
      Optional<Instant> expiresAt,
      Optional<Instant> lastUsedAt,
      Optional<Instant> revokedAt) {
    public TokenInfo {
      EnumSet<Scope> copy = EnumSet.noneOf(Scope.class);
      copy.addAll(scopes);
      scopes = Collections.unmodifiableSet(copy);
    }

    /** Neither revoked nor expired at {@code now}; a token expires at its expiry instant. */
    public boolean activeAt(Instant now) {
      return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }
  }

  /** A token just made: the only time the token exists outside its holder. */
  public record Issued(String token, TokenInfo info) {}

  /** What a presented token turned out to be. */
  public sealed interface Verdict {
    /** One of ours, neither revoked nor expired. */
    record Accepted(String id, Caller caller) implements Verdict {}

    /** Not a token this server made or was given. */
    record Unknown() implements Verdict {}

    record Revoked(String id, Instant at) implements Verdict {}

    record Expired(String id, Instant at) implements Verdict {}
  }

  /** What {@link #revoke} did. */
  public enum Revocation {
    REVOKED,
    ALREADY_REVOKED,
    /** Refused: nobody could make or revoke tokens afterwards. */
    LAST_ADMIN
  }

  /**
   * A token's last use is written at most this often: a busy client costs one write a minute, not
   * one per request, and the list is still right to the minute.
   */
  static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String COLUMNS =
      "id, owner, scopes, created_ms, expires_ms, last_used_ms, revoked_ms";

  private final DataSource dataSource;

  public TokenStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Makes a token that never expires and returns it; this is the only time it is shown. */
  public String create(String owner, Set<Scope> scopes, Instant now) {
    return issue(owner, scopes, Optional.empty(), now).token();
  }

  /** Makes a token, valid until {@code expiresAt} when given, and returns it with its id. */
  public Issued issue(String owner, Set<Scope> scopes, Optional<Instant> expiresAt, Instant now) {
    expiresAt
        .filter(at -> !at.isAfter(now))
        .ifPresent(
            at -> {
              throw new IllegalArgumentException(
                  "a token must expire after " + now + ", not " + at);
            });
    String token = random("cq_", ALPHABET, 40);
    return new Issued(token, store(token, owner, scopes, expiresAt, now));
  }

  /**
   * Accepts a token made elsewhere (a Kubernetes Secret, a file), unless it is known already; a
   * known one keeps its scopes, and stays revoked if it was.
   *
   * @return whether it was new
   */
  public boolean register(String token, String owner, Set<Scope> scopes, Instant now) {
    if (token.length() < 20) {
      throw new IllegalArgumentException("a token must be at least 20 characters long");
    }
    if (byHash(hash(token)).isPresent()) {
      return false;
    }
    store(token, owner, scopes, Optional.empty(), now);
    return true;
  }

  private TokenInfo store(
      String token, String owner, Set<Scope> scopes, Optional<Instant> expiresAt, Instant now) {
    TokenInfo info =
        new TokenInfo(
            random("tok_", ID_ALPHABET, 12),
            owner,
            scopes,
            now,
            expiresAt,
            Optional.empty(),
            Optional.empty());
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO tokens (id, hash, owner, scopes, created_ms, expires_ms)"
                    + " VALUES (?,?,?,?,?,?)")) {
      insert.setString(1, info.id());
      insert.setString(2, hash(token));
      insert.setString(3, owner);
      insert.setString(
          4, scopes.stream().map(Scope::label).sorted().collect(Collectors.joining(",")));
      insert.setLong(5, now.toEpochMilli());
      setInstant(insert, 6, expiresAt);
      insert.executeUpdate();
      return info;
    } catch (SQLException e) {
      throw new StoreException("cannot store a token: " + e.getMessage(), e);
    }
  }

  /**
   * What a presented token is at {@code now}. Every call reads the token's row (one indexed lookup
   * by hash) so that a revocation made on any instance holds from the next request on; an accepted
   * token's last use is written when the stored one is {@link #LAST_USED_PRECISION} old or more.
   */
  public Verdict verify(String token, Instant now) {
    Optional<TokenInfo> found = byHash(hash(token));
    if (found.isEmpty()) {
      return new Verdict.Unknown();
    }
    TokenInfo info = found.get();
    if (info.revokedAt().isPresent()) {
      return new Verdict.Revoked(info.id(), info.revokedAt().get());
    }
    if (!info.activeAt(now)) {
      return new Verdict.Expired(info.id(), info.expiresAt().orElseThrow());
    }
    if (info.lastUsedAt().map(at -> at.plus(LAST_USED_PRECISION).isAfter(now)).orElse(false)) {
      return new Verdict.Accepted(info.id(), new Caller(info.owner(), info.scopes()));
    }
    markUsed(info.id(), now);
    return new Verdict.Accepted(info.id(), new Caller(info.owner(), info.scopes()));
  }

  private void markUsed(String id, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                // Another instance may have written it meanwhile: then this writes nothing.
                "UPDATE tokens SET last_used_ms = ? WHERE id = ?"
                    + " AND (last_used_ms IS NULL OR last_used_ms <= ?)")) {
      update.setLong(1, now.toEpochMilli());
      update.setString(2, id);
      update.setLong(3, now.minus(LAST_USED_PRECISION).toEpochMilli());
      update.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot record a token's use: " + e.getMessage(), e);
    }
  }

  private Optional<TokenInfo> byHash(String hash) {
    try (Connection connection = dataSource.getConnection()) {
      return one(connection, "hash", hash);
    } catch (SQLException e) {
      throw new StoreException("cannot check a token: " + e.getMessage(), e);
    }
  }

  /** The token with this public id. */
  public Optional<TokenInfo> get(String id) {
    try (Connection connection = dataSource.getConnection()) {
      return one(connection, "id", id);
    } catch (SQLException e) {
      throw new StoreException("cannot read token " + id + ": " + e.getMessage(), e);
    }
  }

  private static Optional<TokenInfo> one(Connection connection, String column, String key)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM tokens WHERE " + column + " = ?")) {
      select.setString(1, key);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(info(rows)) : Optional.empty();
      }
    }
  }

  /**
   * A page of at most {@code limit} tokens, oldest first, after {@code after} (a key an earlier
   * page gave), with the count of all tokens: revoked and expired ones too.
   */
  public Page<TokenInfo> page(Optional<PageKey> after, int limit) {
    if (limit < 1 || limit > JobFilter.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "a page holds 1 to " + JobFilter.MAX_LIMIT + " tokens, got " + limit);
    }
    try (Connection connection = dataSource.getConnection()) {
      long total = count(connection);
      List<TokenInfo> rows = new ArrayList<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT "
                  + COLUMNS
                  + " FROM tokens"
                  + (after.isPresent()
                      ? " WHERE created_ms > ? OR (created_ms = ? AND id > ?)"
                      : "")
                  + " ORDER BY created_ms, id FETCH FIRST "
                  + (limit + 1)
                  + " ROWS ONLY")) {
        if (after.isPresent()) {
          select.setLong(1, after.get().at().toEpochMilli());
          select.setLong(2, after.get().at().toEpochMilli());
          select.setString(3, after.get().id());
        }
        try (ResultSet found = select.executeQuery()) {
          while (found.next()) {
            rows.add(info(found));
          }
        }
      }
      if (rows.size() <= limit) {
        return new Page<>(rows, total, Optional.empty());
      }
      TokenInfo last = rows.get(limit - 1);
      return new Page<>(
          rows.subList(0, limit), total, Optional.of(new PageKey(last.createdAt(), last.id())));
    } catch (SQLException e) {
      throw new StoreException("cannot list tokens: " + e.getMessage(), e);
    }
  }

  /**
   * Revokes the token with this public id at {@code now}, unless it is the last admin token still
   * active (nobody could make or revoke tokens afterwards); empty when no token has this id.
   */
  public Optional<Revocation> revoke(String id, Instant now) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Optional<Revocation> done = revoke(connection, id, now);
        connection.commit();
        return done;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot revoke token " + id + ": " + e.getMessage(), e);
    }
  }

  private Optional<Revocation> revoke(Connection connection, String id, Instant now)
      throws SQLException {
    Optional<TokenInfo> token = one(connection, "id", id);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    if (token.get().revokedAt().isPresent()) {
      return Optional.of(Revocation.ALREADY_REVOKED);
    }
    if (token.get().scopes().contains(Scope.ADMIN)
        && token.get().activeAt(now)
        && otherActiveAdmins(connection, id, now) == 0) {
      return Optional.of(Revocation.LAST_ADMIN);
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE tokens SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL")) {
      update.setLong(1, now.toEpochMilli());
      update.setString(2, id);
      return Optional.of(
          update.executeUpdate() == 1 ? Revocation.REVOKED : Revocation.ALREADY_REVOKED);
    }
  }

  private static long otherActiveAdmins(Connection connection, String id, Instant now)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT COUNT(*) FROM tokens WHERE id <> ? AND scopes LIKE '%admin%'"
                + " AND revoked_ms IS NULL AND (expires_ms IS NULL OR expires_ms > ?)")) {
      select.setString(1, id);
      select.setLong(2, now.toEpochMilli());
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** Whether no token was ever stored: revoked and expired ones count. */
  public boolean isEmpty() {
    try (Connection connection = dataSource.getConnection()) {
      return count(connection) == 0;
    } catch (SQLException e) {
      throw new StoreException("cannot count tokens: " + e.getMessage(), e);
    }
  }

  private static long count(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM tokens");
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static TokenInfo info(ResultSet rows) throws SQLException {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String scope : rows.getString("scopes").split(",")) {
      scopes.add(Scope.valueOf(scope.toUpperCase(Locale.ROOT)));
    }
    return new TokenInfo(
        rows.getString("id"),
        rows.getString("owner"),
        scopes,
        Instant.ofEpochMilli(rows.getLong("created_ms")),
        instant(rows, "expires_ms"),
        instant(rows, "last_used_ms"),
        instant(rows, "revoked_ms"));
  }

  private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
  }

  private static void setInstant(PreparedStatement statement, int index, Optional<Instant> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setLong(index, value.get().toEpochMilli());
    } else {
      statement.setNull(index, Types.BIGINT);
    }
  }

  private static String random(String prefix, String alphabet, int length) {
    StringBuilder text = new StringBuilder(prefix);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  static String hash(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
