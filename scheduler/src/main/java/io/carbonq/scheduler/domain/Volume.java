package io.carbonq.scheduler.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Storage a run mounts at {@code mountPath}: a persistent volume claim, a config map, a secret, a
 * scratch directory, or a node's host path (only where the administrator allows it). Opaque to the
 * planner, like the image and the command, but checked as Kubernetes checks a pod's volumes, so
 * that a job the queue accepts never fails at dispatch for its volumes.
 */
public record Volume(String name, String mountPath, Kind kind, String source, boolean readOnly) {
  /** The longest mount or host path accepted, in characters. */
  public static final int MAX_PATH = 1024;

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** Where the volume's data lives. */
  public enum Kind {
    PERSISTENT_VOLUME_CLAIM,
    CONFIG_MAP,
    SECRET,
    EMPTY_DIR,
    HOST_PATH
  }

  public Volume {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mountPath, "mountPath");
    Objects.requireNonNull(kind, "kind");
    source = source == null ? "" : source;
    String volume = "volume '" + name + "'";
    nameProblem(name)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(volume + ": name " + problem);
            });
    mountPathProblem(mountPath)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(volume + ": mountPath " + problem);
            });
    sourceProblem(kind, source)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(volume + ": source " + problem);
            });
  }

  /** Why {@code name} is not a volume name Kubernetes accepts (a DNS-1123 label), or empty. */
  public static Optional<String> nameProblem(String name) {
    if (!DNS_LABEL.matcher(name).matches()) {
      return Optional.of(
          "must be a DNS label: 1-63 lower-case letters, digits or '-', starting and ending with a"
              + " letter or digit");
    }
    return Optional.empty();
  }

  /**
   * Why {@code path} is not a mount path: it must be a clean absolute path (no {@code .}, {@code
   * ..} or empty segments, no trailing '/'), not the root, without ':' (the container runtime's
   * separator) or control characters.
   */
  public static Optional<String> mountPathProblem(String path) {
    Optional<String> problem = absolutePathProblem(path);
    if (problem.isPresent()) {
      return problem;
    }
    if (path.equals("/")) {
      return Optional.of("must not be '/': the volume would hide the image's whole file system");
    }
    if (path.indexOf(':') >= 0) {
      return Optional.of("must not contain ':'");
    }
    return Optional.empty();
  }

  /** Why {@code source} cannot be this kind of volume's source, or empty. */
  public static Optional<String> sourceProblem(Kind kind, String source) {
    return switch (kind) {
      case EMPTY_DIR ->
          source.isEmpty() ? Optional.empty() : Optional.of("must be empty for an emptyDir");
      case HOST_PATH -> absolutePathProblem(source);
      case PERSISTENT_VOLUME_CLAIM, CONFIG_MAP, SECRET ->
          source.length() <= 253 && DNS_SUBDOMAIN.matcher(source).matches()
              ? Optional.empty()
              : Optional.of(
                  "must be a Kubernetes object name (a DNS-1123 subdomain): at most 253 lower-case"
                      + " letters, digits, '-' or '.', starting and ending with a letter or digit");
    };
  }

  private static Optional<String> absolutePathProblem(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return Optional.of("must be an absolute path such as /data");
    }
    if (path.length() > MAX_PATH) {
      return Optional.of("must be at most " + MAX_PATH + " characters, got " + path.length());
    }
    if (path.chars().anyMatch(Character::isISOControl)) {
      return Optional.of("must not contain control characters");
    }
    Optional<String> unstorable = StorableText.problem(path);
    if (unstorable.isPresent()) {
      return unstorable;
    }
    if (path.length() > 1) {
      for (String segment : path.substring(1).split("/", -1)) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
          return Optional.of(
              "must be a clean path: no '.', '..' or empty segments and no trailing '/'");
        }
      }
    }
    return Optional.empty();
  }
}
