package io.carbonq.scheduler.domain;

import java.util.Objects;

/**
 * Storage a run mounts at {@code mountPath}: a persistent volume claim, a config map, a secret, a
 * scratch directory, or a node's host path (only where the administrator allows it). Opaque to the
 * planner, like the image and the command.
 */
public record Volume(String name, String mountPath, Kind kind, String source, boolean readOnly) {

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
  }
}
