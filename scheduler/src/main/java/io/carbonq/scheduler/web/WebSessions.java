package io.carbonq.scheduler.web;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The dashboard's logins: a random session id in an HttpOnly cookie stands for the API token typed
 * at login, which stays in this process's memory only. Every request verifies that token again, so
 * revoking or expiring it ends its sessions at once. Sessions end after {@link #IDLE} without use,
 * at logout, and when the service restarts (the page then asks for the token again). Thread-safe.
 */
public final class WebSessions {
  /** A session unused this long is forgotten. */
  public static final Duration IDLE = Duration.ofHours(12);

  /**
   * Beyond this many sessions, the least recently used is dropped, so logins cannot fill memory.
   */
  static final int MAX_SESSIONS = 10_000;

  /**
   * Beyond this many sessions of one token, that token's least recently used is dropped: logging in
   * again and again with one token cannot push other people's sessions out.
   */
  static final int MAX_PER_TOKEN = 20;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A login: the token it stands for and the value write requests must echo against CSRF. */
  public record Session(String id, String token, String csrf, Instant lastUsed) {
    public Session {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(csrf, "csrf");
      Objects.requireNonNull(lastUsed, "lastUsed");
    }
  }

  // Access order: the first entry is the least recently used.
  private final Map<String, Session> sessions = new LinkedHashMap<>(64, 0.75f, true);

  /** Opens a session for a token already verified by the caller. */
  public synchronized Session open(String token, Instant now) {
    Session session = new Session(randomId(), token, randomId(), now);
    sessions.put(session.id(), session);
    List<String> sameToken = new ArrayList<>();
    for (Session open : sessions.values()) {
      if (open.token().equals(token)) {
        sameToken.add(open.id());
      }
    }
    // Least recently used first; the one just opened is last.
    for (int i = 0; i < sameToken.size() - MAX_PER_TOKEN; i++) {
      sessions.remove(sameToken.get(i));
    }
    while (sessions.size() > MAX_SESSIONS) {
      Iterator<String> oldest = sessions.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return session;
  }

  /** The live session with this id, marked used now; empty when unknown or idle too long. */
  public synchronized Optional<Session> find(String id, Instant now) {
    if (id == null) {
      return Optional.empty();
    }
    Session session = sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    if (!session.lastUsed().plus(IDLE).isAfter(now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    Session used = new Session(session.id(), session.token(), session.csrf(), now);
    sessions.put(id, used);
    return Optional.of(used);
  }

  /** Ends a session; ending an unknown one does nothing. */
  public synchronized void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  synchronized int size() {
    return sessions.size();
  }

  private static String randomId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
