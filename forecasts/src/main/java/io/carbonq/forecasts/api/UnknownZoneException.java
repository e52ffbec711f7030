package io.carbonq.forecasts.api;

import java.util.Set;
import java.util.TreeSet;

/** The source has no data for a zone; {@link #knownZones()} lists the zones it does serve. */
public final class UnknownZoneException extends ForecastException {
  private static final long serialVersionUID = 1L;
  private final String zone;
  private final Set<String> knownZones;

  public UnknownZoneException(String source, String zone, Set<String> knownZones) {
    super(
        "source '"
            + source
            + "' has no data for zone '"
            + zone
            + "'; known zones: "
            + String.join(", ", new TreeSet<>(knownZones)));
    this.zone = zone;
    this.knownZones = Set.copyOf(knownZones);
  }

  public String zone() {
    return zone;
  }

  public Set<String> knownZones() {
    return knownZones;
  }
}
