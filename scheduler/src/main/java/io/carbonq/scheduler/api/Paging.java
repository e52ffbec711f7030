package io.carbonq.scheduler.api;

import io.carbonq.scheduler.store.Page;
import io.carbonq.scheduler.store.PageKey;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How every list the API serves is paged: {@code limit} rows at most per page ({@link #MAX_PAGE}
 * when absent; a larger one is lowered to it, so old clients asking for more still get an answer),
 * {@code cursor} to go on where the previous page ended, and in the answer the rows, the {@code
 * total} the list holds, the {@code limit} applied and the {@code next} cursor (null on the last
 * page). A cursor is opaque to clients: the list it belongs to and the sort key of the last row
 * shown, so the next page starts after that row whatever was added meanwhile.
 */
final class Paging {
  /** The most rows one page holds. */
  static final int MAX_PAGE = 500;

  private static final Pattern CURSOR = Pattern.compile("([a-z]+)\\|(-?\\d{1,19})\\|(.{1,200})");

  private static final Pattern ANY_ID = Pattern.compile(".+");

  private Paging() {}

  /** The page size a request asks for, lowered to {@link #MAX_PAGE}. */
  static int limit(Context ctx) {
    String text = ctx.queryParam("limit");
    if (text == null) {
      return MAX_PAGE;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= 1) {
        return Math.min(value, MAX_PAGE);
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw Problem.badRequest(
        "limit must be a whole number of at least 1 (pages hold at most "
            + MAX_PAGE
            + " rows), got '"
            + text
            + "'");
  }

  /** Where the page a request asks for starts: after the row its cursor names, if it has one. */
  static Optional<PageKey> after(Context ctx, String list) {
    return after(ctx, list, ANY_ID);
  }

  /** As {@link #after(Context, String)}, for a list whose row ids match {@code ids}. */
  static Optional<PageKey> after(Context ctx, String list, Pattern ids) {
    String cursor = ctx.queryParam("cursor");
    if (cursor == null || cursor.isEmpty()) {
      return Optional.empty();
    }
    try {
      Matcher parts =
          CURSOR.matcher(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      if (parts.matches() && parts.group(1).equals(list) && ids.matcher(parts.group(3)).matches()) {
        return Optional.of(
            new PageKey(Instant.ofEpochMilli(Long.parseLong(parts.group(2))), parts.group(3)));
      }
    } catch (IllegalArgumentException e) {
      // not base64, or a number out of range: refused below
    }
    throw Problem.badRequest(
        "cursor is not one this server gave for the "
            + list
            + " list; start again without it, then pass each answer's 'next'");
  }

  /**
   * The answer for one page of {@code list}: its rows under the list's name, total, limit, next.
   */
  static Map<String, Object> body(String list, List<?> rows, Page<?> page, int limit) {
    return body(list, list, rows, page, limit);
  }

  /**
   * As {@link #body(String, List, Page, int)}, for a list served in more than one order: its {@code
   * next} cursor belongs to {@code cursors}, the name {@link #after} checks for that order.
   */
  static Map<String, Object> body(
      String list, String cursors, List<?> rows, Page<?> page, int limit) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(list, rows);
    body.put("total", page.total());
    body.put("limit", limit);
    body.put("next", page.next().map(key -> cursor(cursors, key)).orElse(null));
    return body;
  }

  static String cursor(String list, PageKey key) {
    String text = list + "|" + key.at().toEpochMilli() + "|" + key.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
