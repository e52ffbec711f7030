package io.carbonq.scheduler.spec;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The grammar of a container image reference, as the OCI distribution spec and Docker define it:
 * {@code [registry[:port]/]path[:tag][@algorithm:digest]}, with a lower-case path.
 */
final class ImageReference {
  /** The longest reference accepted, in characters. */
  static final int MAX_LENGTH = 1024;

  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN =
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?)";
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final String NAME =
      "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  private static final Pattern REFERENCE =
      Pattern.compile("(" + NAME + ")(?::" + TAG + ")?(?:@" + DIGEST + ")?");

  private ImageReference() {}

  /** Why {@code image} is not an image reference, or empty. */
  static Optional<String> problem(String image) {
    if (image.length() > MAX_LENGTH) {
      return Optional.of(
          "is " + image.length() + " characters long; an image reference is at most " + MAX_LENGTH);
    }
    var matcher = REFERENCE.matcher(image);
    if (!matcher.matches()) {
      return Optional.of(
          SpecText.quote(image)
              + " is not an image reference such as ghcr.io/lab/train:1.4 or"
              + " registry:5000/team/train@sha256:<digest> (the path in lower case, no spaces)");
    }
    if (matcher.group(1).length() > 255) {
      return Optional.of("names a repository of more than 255 characters");
    }
    return Optional.empty();
  }
}
