package io.carbonq.scheduler.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * API tokens: each names its owner and scopes. Only a SHA-256 hash is stored, so the database never
 * holds a usable token; the token itself is shown once, when it is made.
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

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final DataSource dataSource;

  public TokenStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Makes a token and returns it; this is the only time it exists outside its holder. */
  public String create(String owner, Set<Scope> scopes, Instant now) {
    StringBuilder token = new StringBuilder("cq_");
    for (int i = 0; i < 40; i++) {
      token.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    store(token.toString(), owner, scopes, now);
    return token.toString();
  }

  /**
   * Accepts a token made elsewhere (a Kubernetes Secret, a file), unless it is known already.
   *
   * @return whether it was new
   */
  public boolean register(String token, String owner, Set<Scope> scopes, Instant now) {
    if (token.length() < 20) {
      throw new IllegalArgumentException("a token must be at least 20 characters long");
    }
    if (lookUp(hash(token)).isPresent()) {
      return false;
    }
    store(token, owner, scopes, now);
    return true;
  }

  private void store(String token, String owner, Set<Scope> scopes, Instant now) {
    String id = hash(token).substring(0, 16);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO tokens (id, hash, owner, scopes, created_ms) VALUES (?,?,?,?,?)")) {
      insert.setString(1, id);
      insert.setString(2, hash(token));
      insert.setString(3, owner);
      insert.setString(
          4, scopes.stream().map(Scope::label).sorted().collect(Collectors.joining(",")));
      insert.setLong(5, now.toEpochMilli());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot store a token: " + e.getMessage(), e);
    }
  }

  /**
   * The caller a presented token identifies, if it is one of ours. Known tokens are remembered (by
   * hash) for a minute, so a busy client costs one lookup a minute, not one per request.
   */
  public Optional<Caller> verify(String token) {
    String hash = hash(token);
    long now = System.nanoTime();
    Remembered remembered = recent.get(hash);
    if (remembered != null && now - remembered.atNanos() < REMEMBER_NANOS) {
      return Optional.of(remembered.caller());
    }
    Optional<Caller> caller = lookUp(hash);
    caller.ifPresent(found -> recent.put(hash, new Remembered(found, now)));
    return caller;
  }

  private record Remembered(Caller caller, long atNanos) {}

  private static final long REMEMBER_NANOS = 60_000_000_000L;
  private final java.util.Map<String, Remembered> recent =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Optional<Caller> lookUp(String hash) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT owner, scopes FROM tokens WHERE hash = ?")) {
      select.setString(1, hash);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String scope : rows.getString(2).split(",")) {
          scopes.add(Scope.valueOf(scope.toUpperCase(Locale.ROOT)));
        }
        return Optional.of(new Caller(rows.getString(1), scopes));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot check a token: " + e.getMessage(), e);
    }
  }

  public boolean isEmpty() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM tokens");
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1) == 0;
    } catch (SQLException e) {
      throw new StoreException("cannot count tokens: " + e.getMessage(), e);
    }
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
