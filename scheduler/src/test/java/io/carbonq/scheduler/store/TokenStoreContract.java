package io.carbonq.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.store.TokenStore.Caller;
import io.carbonq.scheduler.store.TokenStore.Revocation;
import io.carbonq.scheduler.store.TokenStore.Scope;
import io.carbonq.scheduler.store.TokenStore.TokenInfo;
import io.carbonq.scheduler.store.TokenStore.Verdict;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the token store does, run against H2 and against a real PostgreSQL. */
abstract class TokenStoreContract {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  Database database;
  TokenStore tokens;

  /** The URL of a new, empty database. */
  abstract String freshUrl();

  abstract String user();

  abstract String password();

  @BeforeEach
  void openStore() {
    database = Database.connect(freshUrl(), user(), password());
    tokens = new TokenStore(database.dataSource());
  }

  @AfterEach
  void closeStore() {
    database.close();
  }

  @Test
  void aTokenIsAcceptedUntilItExpires() {
    TokenStore.Issued issued =
        tokens.issue(
            "grace", EnumSet.of(Scope.READ), Optional.of(NOW.plus(Duration.ofHours(1))), NOW);

    assertThat(issued.token()).startsWith("cq_").hasSize(43);
    assertThat(issued.info().id()).matches("tok_[a-z0-9]{12}");
    assertThat(tokens.verify(issued.token(), NOW.plusSeconds(3599)))
        .isEqualTo(
            new Verdict.Accepted(issued.info().id(), new Caller("grace", EnumSet.of(Scope.READ))));
    assertThat(tokens.verify(issued.token(), NOW.plusSeconds(3600)))
        .isEqualTo(new Verdict.Expired(issued.info().id(), NOW.plusSeconds(3600)));
    assertThat(tokens.verify("cq_made-up", NOW)).isEqualTo(new Verdict.Unknown());
  }

  @Test
  void aRevokedTokenIsRefusedFromTheNextCheckOn() {
    tokens.create("admin", EnumSet.of(Scope.ADMIN), NOW);
    TokenStore.Issued ada =
        tokens.issue("ada", EnumSet.of(Scope.READ, Scope.SUBMIT), Optional.empty(), NOW);
    assertThat(tokens.verify(ada.token(), NOW)).isInstanceOf(Verdict.Accepted.class);

    Instant later = NOW.plusSeconds(10);
    assertThat(tokens.revoke(ada.info().id(), later)).contains(Revocation.REVOKED);

    assertThat(tokens.verify(ada.token(), later))
        .isEqualTo(new Verdict.Revoked(ada.info().id(), later));
    assertThat(tokens.revoke(ada.info().id(), later.plusSeconds(5)))
        .contains(Revocation.ALREADY_REVOKED);
    assertThat(tokens.get(ada.info().id()).orElseThrow().revokedAt()).contains(later);
    assertThat(tokens.revoke("tok_nosuchtoken", later)).isEmpty();
  }

  @Test
  void theLastActiveAdminTokenIsNotRevoked() {
    TokenStore.Issued first = tokens.issue("admin", EnumSet.of(Scope.ADMIN), Optional.empty(), NOW);
    TokenStore.Issued expired =
        tokens.issue("ops", EnumSet.of(Scope.ADMIN), Optional.of(NOW.plusSeconds(60)), NOW);
    Instant later = NOW.plusSeconds(120);

    assertThat(tokens.revoke(first.info().id(), later)).contains(Revocation.LAST_ADMIN);
    assertThat(tokens.verify(first.token(), later)).isInstanceOf(Verdict.Accepted.class);

    TokenStore.Issued second =
        tokens.issue("ops", EnumSet.of(Scope.ADMIN, Scope.READ), Optional.empty(), later);
    assertThat(tokens.revoke(first.info().id(), later)).contains(Revocation.REVOKED);
    assertThat(tokens.revoke(expired.info().id(), later)).contains(Revocation.REVOKED);
    assertThat(tokens.revoke(second.info().id(), later)).contains(Revocation.LAST_ADMIN);
  }

  @Test
  void theLastUseIsWrittenAtMostOnceAMinute() {
    String token = tokens.create("ada", EnumSet.of(Scope.READ), NOW);
    String id = tokens.page(Optional.empty(), 10).rows().get(0).id();
    assertThat(tokens.get(id).orElseThrow().lastUsedAt()).isEmpty();

    tokens.verify(token, NOW.plusSeconds(5));
    tokens.verify(token, NOW.plusSeconds(64));
    assertThat(tokens.get(id).orElseThrow().lastUsedAt()).contains(NOW.plusSeconds(5));

    tokens.verify(token, NOW.plusSeconds(65));
    assertThat(tokens.get(id).orElseThrow().lastUsedAt()).contains(NOW.plusSeconds(65));
  }

  @Test
  void pagesListEveryTokenOnceOldestFirstAndNeverItsSecret() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      // Two tokens a second: the id breaks ties.
      made.add(tokens.create("user-" + i, EnumSet.of(Scope.READ), NOW.plusSeconds(i / 2)));
    }

    List<TokenInfo> seen = new ArrayList<>();
    Page<TokenInfo> page = tokens.page(Optional.empty(), 3);
    seen.addAll(page.rows());
    while (page.next().isPresent()) {
      assertThat(page.rows()).hasSize(3);
      page = tokens.page(page.next(), 3);
      seen.addAll(page.rows());
    }

    assertThat(page.total()).isEqualTo(7);
    assertThat(seen).extracting(TokenInfo::id).doesNotHaveDuplicates().hasSize(7);
    assertThat(seen)
        .extracting(TokenInfo::owner)
        .containsExactlyInAnyOrder(
            "user-0", "user-1", "user-2", "user-3", "user-4", "user-5", "user-6");
    assertThat(seen).extracting(TokenInfo::createdAt).isSorted();
    for (String token : made) {
      assertThat(seen.toString()).doesNotContain(token).doesNotContain(TokenStore.hash(token));
    }
  }

  @Test
  void aTokenMadeBeforeTokensCouldBeRevokedKeepsWorkingUnderANewPublicId() throws Exception {
    String url = freshUrl();
    Flyway.configure()
        .dataSource(url, user(), password())
        .locations("classpath:db/migration")
        .javaMigrations(new QuartzTables())
        .target("5")
        .load()
        .migrate();
    String token = "cq_made-by-the-first-start-0123456789";
    String oldId = TokenStore.hash(token).substring(0, 16);
    try (Connection connection = DriverManager.getConnection(url, user(), password());
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO tokens (id, hash, owner, scopes, created_ms) VALUES (?,?,?,?,?)")) {
      insert.setString(1, oldId);
      insert.setString(2, TokenStore.hash(token));
      insert.setString(3, "admin");
      insert.setString(4, "admin");
      insert.setLong(5, NOW.toEpochMilli());
      insert.executeUpdate();
    }

    try (Database migrated = Database.connect(url, user(), password())) {
      TokenStore upgraded = new TokenStore(migrated.dataSource());

      Verdict verdict = upgraded.verify(token, NOW.plus(Duration.ofDays(400)));
      assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
      assertThat(((Verdict.Accepted) verdict).caller().isAdmin()).isTrue();
      TokenInfo info = upgraded.page(Optional.empty(), 10).rows().get(0);
      assertThat(info.id()).matches("tok_[0-9]{12}").isNotEqualTo(oldId);
      assertThat(info.expiresAt()).isEmpty();
      assertThat(info.revokedAt()).isEmpty();
      assertThat(upgraded.register(token, "admin", EnumSet.of(Scope.ADMIN), NOW)).isFalse();
    }
  }
}
