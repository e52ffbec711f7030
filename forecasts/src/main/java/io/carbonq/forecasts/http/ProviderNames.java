package io.carbonq.forecasts.http;

import io.carbonq.forecasts.api.UnknownZoneException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How a provider that names places its own way (WattTime regions, Carbon Aware SDK locations)
 * reaches grid zones: a configured map from zone to the provider's name, and the provider's own
 * names taken as they are when they look like its names.
 */
public final class ProviderNames {
  private final String source;
  private final Map<String, String> byZone;
  private final Pattern ownStyle;

  /**
   * @param ownStyle what the provider's own names look like, e.g. {@code [A-Z][A-Z0-9_]*}
   */
  public ProviderNames(String source, Map<String, String> byZone, String ownStyle) {
    this.source = source;
    this.byZone = Map.copyOf(byZone);
    this.ownStyle = Pattern.compile(ownStyle);
  }

  /** The mapped zones and the provider names they map to. */
  public Set<String> zones() {
    Set<String> zones = new TreeSet<>(byZone.keySet());
    zones.addAll(byZone.values());
    return zones;
  }

  /** The provider's name for {@code zone}. */
  public String of(String zone) {
    String mapped = byZone.get(zone);
    if (mapped != null) {
      return mapped;
    }
    if (byZone.containsValue(zone) || ownStyle.matcher(zone).matches()) {
      return zone;
    }
    throw new UnknownZoneException(source, zone, zones());
  }
}
