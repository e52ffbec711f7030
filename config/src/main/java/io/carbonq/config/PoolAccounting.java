package io.carbonq.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * Reads what a pool states for carbon and money accounting: its host power ({@code nodeType:} from
 * the bundled table, or {@code hostWattsPerGpu:}, which wins) and the price of a GPU-hour ({@code
 * pricePerGpuHour:} with an optional {@code currency:}); every pool that states a price must use
 * the same currency, because reports add costs up across pools.
 */
final class PoolAccounting {
  /** The pool fields this class reads. */
  static final List<String> KEYS =
      List.of("nodeType", "hostWattsPerGpu", "pricePerGpuHour", "currency");

  private static final double MAX_HOST_WATTS_PER_GPU = 10_000;
  private static final double MAX_PRICE_PER_GPU_HOUR = 100_000;

  private final List<NodeType> nodeTypes;
  private final Fields fields;
  private Optional<String> firstCurrency = Optional.empty();
  private String firstPricedPath = "";

  PoolAccounting(List<NodeType> nodeTypes, Fields fields) {
    this.nodeTypes = List.copyOf(nodeTypes);
    this.fields = fields;
  }

  /**
   * The host power of the pool at {@code path}, if it states one; {@code gpu} is its GPU model,
   * when known, which a stated node type must carry.
   */
  Optional<HostPower> host(JsonNode node, String path, Optional<GpuConfig> gpu) {
    OptionalDouble watts =
        fields.positiveNumber(node, "hostWattsPerGpu", path, MAX_HOST_WATTS_PER_GPU);
    Optional<NodeType> type = nodeType(node, path, gpu);
    if (watts.isPresent()) {
      return Optional.of(new HostPower(watts.getAsDouble(), "hostWattsPerGpu in carbonq.yaml"));
    }
    return type.map(
        t ->
            new HostPower(
                t.hostWattsPerGpu(),
                String.format(
                    Locale.ROOT,
                    "%s: %d vCPU, %.0f GB, %d GPUs (CCF coefficients)",
                    t.name(),
                    t.vcpus(),
                    t.memoryGb(),
                    t.gpus())));
  }

  /** The price of a GPU-hour in the pool at {@code path}, if it states one. */
  Optional<GpuHourPrice> price(JsonNode node, String path) {
    OptionalDouble price =
        fields.positiveNumber(node, "pricePerGpuHour", path, MAX_PRICE_PER_GPU_HOUR);
    Optional<String> stated = fields.text(node, "currency", path, false);
    if (stated.isPresent() && !stated.get().matches("[A-Z]{3}")) {
      fields.error(
          path + ".currency",
          "must be an ISO 4217 code in capitals such as USD or EUR, got '" + stated.get() + "'");
      return Optional.empty();
    }
    if (stated.isPresent() && node.get("pricePerGpuHour") == null) {
      fields.error(
          path + ".currency",
          "names the currency of pricePerGpuHour, which this pool does not state; add"
              + " pricePerGpuHour or remove currency");
      return Optional.empty();
    }
    if (price.isEmpty()) {
      return Optional.empty();
    }
    String currency = stated.orElse(GpuHourPrice.DEFAULT_CURRENCY);
    if (firstCurrency.isPresent() && !firstCurrency.get().equals(currency)) {
      fields.error(
          path + ".currency",
          "is "
              + currency
              + " but "
              + firstPricedPath
              + " prices in "
              + firstCurrency.get()
              + "; reports add costs across pools, so state every price in one currency");
      return Optional.empty();
    }
    if (firstCurrency.isEmpty()) {
      firstCurrency = Optional.of(currency);
      firstPricedPath = path;
    }
    return Optional.of(new GpuHourPrice(price.getAsDouble(), currency));
  }

  private Optional<NodeType> nodeType(JsonNode node, String path, Optional<GpuConfig> gpu) {
    Optional<String> name = fields.text(node, "nodeType", path, false);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Optional<NodeType> type =
        nodeTypes.stream().filter(t -> t.name().equalsIgnoreCase(name.get())).findFirst();
    if (type.isEmpty()) {
      TreeSet<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      nodeTypes.forEach(t -> known.add(t.name()));
      fields.error(
          path + ".nodeType",
          "unknown node type '"
              + name.get()
              + "'; use a bundled one or state hostWattsPerGpu instead; "
              + Suggestions.knownOrClosest(name.get(), known));
      return Optional.empty();
    }
    if (gpu.isPresent() && !gpu.get().answersTo(type.get().gpuModel())) {
      fields.error(
          path + ".nodeType",
          type.get().name()
              + " holds "
              + type.get().gpus()
              + " × "
              + type.get().gpuModel()
              + ", not "
              + gpu.get().model()
              + "; fix gpuModel or nodeType, or state hostWattsPerGpu instead");
      return Optional.empty();
    }
    return type;
  }
}
