package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * README.md and docs/*.md: every relative link (and its #anchor, in a Markdown file) leads
 * somewhere, and every carbonq command they show parses with the real command line, without running
 * it.
 *
 * <p>A command is a line of a fenced code block that starts with {@code ./carbonq } (or with {@code
 * $ ./carbonq }, a prompt before an example), or with a bare {@code carbonq } in a block marked as
 * shell ({@code sh}, {@code bash}, {@code shell}, {@code console}): untagged blocks hold output, in
 * which carbonq names itself ("carbonq serving on …"). {@code VAR=value} assignments may come
 * first; {@code \} continues a line; an unquoted {@code #} comment and anything after an unquoted
 * {@code |}, {@code >}, {@code <}, {@code ;} or {@code &} is dropped; quotes and backslashes are
 * undone as the shell does. Inline code spans in the text that start with {@code ./carbonq } are
 * checked the same way.
 */
class DocsTest {
  /** The repository: tests run in the module's directory, as ExamplesTest finds examples/. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /**
   * Commands that the docs show correctly but that cannot parse without running anything, with the
   * reason. Empty: every command shown parses.
   */
  static final Map<String, String> PARSE_ONLY_LIMITATIONS = Map.of();

  static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)\\s*([\\w+-]*).*$");
  static final Pattern LINK =
      Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  static final Pattern REFERENCE =
      Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s+<?(\\S+?)>?(\\s.*)?$");
  static final Pattern INLINE_COMMAND = Pattern.compile("`(\\./carbonq [^`]+)`");
  static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
  static final Pattern COMMAND_START =
      Pattern.compile("^\\s*(\\$\\s+)?([A-Za-z_][A-Za-z0-9_]*=\\S*\\s+)*(\\./)?carbonq(\\s|$)");
  static final Set<String> SHELL = Set.of("sh", "bash", "shell", "console", "zsh");

  record Doc(Path path, List<String> lines) {
    String name() {
      return ROOT.relativize(path).toString();
    }
  }

  record Shown(Doc doc, int line, String text) {
    @Override
    public String toString() {
      return doc.name() + ":" + line + ": " + text;
    }
  }

  @Test
  void everyRelativeLinkResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Doc doc : docs()) {
      for (Shown link : links(doc)) {
        String target = link.text();
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue; // http:, https:, mailto: are not fetched
        }
        checked++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved =
            file.isEmpty()
                ? doc.path()
                : doc.path()
                    .getParent()
                    .resolve(URLDecoder.decode(file, StandardCharsets.UTF_8))
                    .normalize();
        if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
          broken.add(link + " (no such file: " + ROOT.relativize(resolved) + ")");
        } else if (anchor != null
            && resolved.toString().endsWith(".md")
            && !anchors(Files.readAllLines(resolved)).contains(anchor)) {
          broken.add(link + " (no heading #" + anchor + " in " + ROOT.relativize(resolved) + ")");
        }
      }
    }
    System.out.println("DocsTest: " + checked + " relative links checked");
    assertThat(checked).as("relative links found").isGreaterThan(20);
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void everyCommandShownParses() throws IOException {
    List<String> failures = new ArrayList<>();
    Set<String> allowedAndSeen = new HashSet<>();
    List<Shown> commands = new ArrayList<>();
    for (Doc doc : docs()) {
      commands.addAll(commands(doc));
    }
    for (Shown command : commands) {
      List<String> words = words(command.text());
      while (!words.isEmpty() && ENVIRONMENT.matcher(words.get(0)).matches()) {
        words.remove(0);
      }
      String[] args = words.subList(1, words.size()).toArray(String[]::new);
      String joined = String.join(" ", args);
      try {
        commandLine().parseArgs(args);
        if (PARSE_ONLY_LIMITATIONS.containsKey(joined)) {
          failures.add(command + "\n    parses now: remove it from PARSE_ONLY_LIMITATIONS");
        }
      } catch (CommandLine.ParameterException e) {
        if (PARSE_ONLY_LIMITATIONS.containsKey(joined)) {
          allowedAndSeen.add(joined);
        } else {
          failures.add(command + "\n    " + e.getMessage());
        }
      }
    }
    System.out.println("DocsTest: " + commands.size() + " carbonq commands parsed");
    assertThat(commands.size()).as("commands found").isGreaterThan(15);
    assertThat(failures).as("commands in the docs that do not parse").isEmpty();
    assertThat(allowedAndSeen)
        .as("PARSE_ONLY_LIMITATIONS entries still shown in the docs")
        .containsExactlyInAnyOrderElementsOf(PARSE_ONLY_LIMITATIONS.keySet());
  }

  @Test
  void theCheckerReadsShellAsTheShellDoes() {
    assertThat(words("./carbonq submit --name 'a b' \"c \\\"d\\\"\" e\\ f # comment"))
        .containsExactly("./carbonq", "submit", "--name", "a b", "c \"d\"", "e f");
    assertThat(words("A=1 B='x y' ./carbonq list -o json | jq . > out; echo done"))
        .containsExactly("A=1", "B=x y", "./carbonq", "list", "-o", "json");
    assertThat(words("./carbonq submit -- sh -c 'trap \"x; exit 0\" TERM; sleep 1' && ls"))
        .containsExactly(
            "./carbonq", "submit", "--", "sh", "-c", "trap \"x; exit 0\" TERM; sleep 1");
    assertThat(words("./carbonq list --sweep a#b"))
        .containsExactly("./carbonq", "list", "--sweep", "a#b");
    assertThat(anchors(List.of("## `carbonq estimate` — the footprint, and more", "## Results")))
        .contains("carbonq-estimate--the-footprint-and-more", "results");

    Doc doc =
        new Doc(
            ROOT.resolve("x.md"),
            List.of(
                "```sh",
                "./carbonq submit --gpus 8 \\",
                "    --duration 6h   # six hours",
                "carbonq list",
                "```",
                "```",
                "carbonq serving on http://127.0.0.1:8080",
                "$ ./carbonq status x",
                "```",
                "Then `./carbonq token create --owner grace",
                "--scopes read` gives a token."));
    assertThat(commands(doc))
        .extracting(Shown::line, Shown::text)
        .containsExactly(
            tuple(2, "./carbonq submit --gpus 8      --duration 6h   # six hours"),
            tuple(4, "carbonq list"),
            tuple(8, "./carbonq status x"),
            tuple(10, "./carbonq token create --owner grace --scopes read"));
  }

  CommandLine commandLine() {
    CliContext context =
        new CliContext(
            Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()),
            Map.of(),
            Path.of("target", "docs-test-cache"));
    return new Cli(context).commandLine();
  }

  static List<Doc> docs() throws IOException {
    List<Doc> docs = new ArrayList<>();
    docs.add(new Doc(ROOT.resolve("README.md"), Files.readAllLines(ROOT.resolve("README.md"))));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
        docs.add(new Doc(file, Files.readAllLines(file)));
      }
    }
    assertThat(docs).hasSizeGreaterThan(5);
    return docs;
  }

  /** The link targets outside fenced code blocks and inline code. */
  static List<Shown> links(Doc doc) {
    List<Shown> links = new ArrayList<>();
    boolean fenced = false;
    for (int i = 0; i < doc.lines().size(); i++) {
      String line = doc.lines().get(i);
      if (FENCE.matcher(line).matches()) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      String text = line.replaceAll("`[^`]*`", "``");
      Matcher reference = REFERENCE.matcher(text);
      if (reference.matches()) {
        links.add(new Shown(doc, i + 1, reference.group(1)));
      }
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        links.add(new Shown(doc, i + 1, link.group(1)));
      }
    }
    return links;
  }

  /** The anchors GitHub gives the headings of a Markdown file. */
  static Set<String> anchors(List<String> lines) {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : lines) {
      if (FENCE.matcher(line).matches()) {
        fenced = !fenced;
      }
      if (fenced || !line.matches("^#{1,6}\\s.*")) {
        continue;
      }
      String slug =
          line.replaceFirst("^#{1,6}\\s+", "")
              .replaceFirst("\\s+#*\\s*$", "")
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N}\\p{M}_\\- ]", "")
              .replace(' ', '-');
      int count = seen.merge(slug, 1, Integer::sum);
      anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
    }
    return anchors;
  }

  /** The carbonq commands shown, each joined across {@code \} continuations. */
  static List<Shown> commands(Doc doc) {
    List<Shown> commands = new ArrayList<>();
    List<String> lines = doc.lines();
    String language = null; // null outside a fenced block
    StringBuilder prose = new StringBuilder();
    List<Integer> proseStarts = new ArrayList<>(); // where each line outside blocks starts in prose
    List<Integer> proseLines = new ArrayList<>(); // and its line number
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher fence = FENCE.matcher(line);
      if (fence.matches()) {
        language = language == null ? fence.group(2).toLowerCase(Locale.ROOT) : null;
        continue;
      }
      if (language == null) {
        proseStarts.add(prose.length());
        proseLines.add(i + 1);
        prose.append(line).append('\n');
        continue;
      }
      int first = i;
      StringBuilder command = new StringBuilder(line);
      while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
        command.setLength(command.length() - 1);
        command.append(' ').append(lines.get(++i));
      }
      Matcher start = COMMAND_START.matcher(command);
      if (start.find()
          && (start.group(1) != null || start.group(3) != null || SHELL.contains(language))) {
        String text = command.substring(start.group(1) == null ? 0 : start.end(1)).strip();
        commands.add(new Shown(doc, first + 1, text));
      }
    }
    Matcher inline = INLINE_COMMAND.matcher(prose);
    while (inline.find()) {
      int line = 0;
      while (line + 1 < proseStarts.size() && proseStarts.get(line + 1) <= inline.start()) {
        line++;
      }
      String text = inline.group(1).replaceAll("\\s+", " ");
      commands.add(new Shown(doc, proseLines.get(line), text));
    }
    commands.sort((a, b) -> Integer.compare(a.line(), b.line()));
    return commands;
  }

  /**
   * A shell command line's words, with quotes and backslashes undone, up to the first unquoted
   * comment, pipe, redirection, {@code ;} or {@code &}.
   */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else if (c == '#' && word == null || "|><;&".indexOf(c) >= 0) {
        break;
      } else {
        if (word == null) {
          word = new StringBuilder();
        }
        if (c == '\\' && i + 1 < line.length()) {
          word.append(line.charAt(++i));
        } else if (c == '\'') {
          int end = line.indexOf('\'', i + 1);
          end = end < 0 ? line.length() : end;
          word.append(line, i + 1, end);
          i = end;
        } else if (c == '"') {
          for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
            char d = line.charAt(i);
            if (d == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
              d = line.charAt(++i);
            }
            word.append(d);
          }
        } else {
          word.append(c);
        }
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
