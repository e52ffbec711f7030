package io.carbonq.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads carbonq.yaml in one pass: parse, merge with the bundled catalogs, apply defaults, validate
 * everything, and either return an immutable {@link CarbonqConfig} or throw a {@link
 * ConfigException} that lists every problem with its path and the fix.
 */
public final class ConfigLoader {
  /** The forecast source types this build can use, in the order they are documented. */
  public static final List<String> SOURCE_TYPES =
      List.of(
          "trace",
          "annual-average",
          "seasonal-profile",
          "last-cached",
          "electricitymaps",
          "watttime",
          "uk-carbon-intensity",
          "energi-data-service",
          "carbon-aware-sdk");

  /** The source types that need no network: bundled data and the local cache. */
  public static final Set<String> OFFLINE_TYPES =
      Set.of("trace", "annual-average", "seasonal-profile", "last-cached");

  private static final List<String> OFFLINE_DEFAULT = List.of("trace", "annual-average");
  private static final List<String> SIGNALS = List.of("marginal", "average");
  private static final List<String> SOURCE_KEYS =
      List.of(
          "type",
          "endpoint",
          "tokenEnv",
          "tokenFile",
          "usernameEnv",
          "usernameFile",
          "passwordEnv",
          "passwordFile",
          "zones",
          "signal",
          "timeout",
          "requestsPerMinute",
          "retries");

  /** The most GPUs one pool may have. */
  public static final int MAX_POOL_GPUS = 1_000_000;

  /** The largest configuration file read. */
  public static final int MAX_FILE_BYTES = 1024 * 1024;

  private static final String DEFAULT_RESOURCE = "carbonq-default.yaml";
  private static final List<String> ROOT_KEYS =
      List.of(
          "regions",
          "gpus",
          "pools",
          "sources",
          "fallback",
          "forecastCache",
          "executor",
          "policy",
          "home",
          "teams",
          "budgets");
  private static final List<String> SECRET_KEYS =
      List.of("token", "apiKey", "api-key", "password", "secret", "key");

  /** No field twice (the last one silently won) and no deeper nesting than a config needs. */
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
              .build());

  private ConfigLoader() {}

  /** The configuration that ships with carbonq and drives {@code carbonq demo}. */
  public static CarbonqConfig bundledDefault() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled " + DEFAULT_RESOURCE + " missing from the jar");
      }
      return parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled " + DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("reading bundled " + DEFAULT_RESOURCE, e);
    }
  }

  /** Reads and validates a configuration file of at most {@link #MAX_FILE_BYTES}. */
  public static CarbonqConfig load(Path file) {
    String text;
    try {
      text = SmallTextFile.read(file, MAX_FILE_BYTES);
    } catch (IOException e) {
      throw new ConfigException(
          file.toString(), List.of(new ConfigError("(file)", e.getMessage() + "; check the path")));
    }
    return parse(text, file.toString());
  }

  /** Parses and validates {@code yaml}; {@code origin} names it in error messages. */
  public static CarbonqConfig parse(String yaml, String origin) {
    JsonNode root;
    try {
      refuseAliases(yaml, origin);
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ConfigException(
          origin,
          List.of(
              new ConfigError(
                  "(file)", "is not valid YAML" + where + ": " + e.getOriginalMessage())));
    }
    Fields fields = new Fields();
    if (root == null || root.isMissingNode() || root.isNull()) {
      fields.error("(file)", "is empty; it needs at least 'pools:'");
      throw new ConfigException(origin, fields.errors());
    }
    if (!fields.isMapping(root, "(file)")) {
      throw new ConfigException(origin, fields.errors());
    }
    fields.onlyKeys(root, "", ROOT_KEYS);
    List<RegionConfig> regions = merge(BundledCatalogs.regions(), readRegions(root, fields));
    List<GpuConfig> gpus = mergeGpus(BundledCatalogs.gpus(), readGpus(root, fields));
    PolicyConfig policy = readPolicy(root, fields);
    List<SourceConfig> sources = readSources(root, fields);
    List<PoolConfig> pools = readPools(root, fields, regions, gpus);
    CarbonqConfig config =
        new CarbonqConfig(
            regions,
            gpus,
            pools,
            sources,
            readFallback(root, fields, sources),
            readForecastCache(root, fields),
            null,
            policy,
            readHome(root, fields, regions, pools),
            Map.of(),
            List.of());
    Map<String, List<String>> teams = BudgetsSection.readTeams(root, fields);
    config = BudgetsSection.with(config, teams, BudgetsSection.readBudgets(root, fields, teams));
    config = withExecutor(config, readExecutor(root, fields, config.pools()));
    if (!fields.errors().isEmpty()) {
      throw new ConfigException(origin, fields.errors());
    }
    return config;
  }

  /** Jackson reads a YAML alias as its anchor's name, so {@code *a100} would become "a100". */
  private static void refuseAliases(String yaml, String origin) throws JsonProcessingException {
    try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
      while (parser.nextToken() != null) {
        if (((YAMLParser) parser).isCurrentAlias()) {
          var at = parser.currentTokenLocation();
          throw new ConfigException(
              origin,
              List.of(
                  new ConfigError(
                      "(file)",
                      "uses the YAML alias *"
                          + parser.getText()
                          + " at line "
                          + at.getLineNr()
                          + "; aliases are not supported: write the value out")));
        }
      }
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("reading YAML from a string", e);
    }
  }

  private static List<RegionConfig> readRegions(JsonNode root, Fields fields) {
    List<RegionConfig> regions = new ArrayList<>();
    List<JsonNode> items = fields.list(root, "regions", "regions");
    for (int i = 0; i < items.size(); i++) {
      String path = "regions[" + i + "]";
      JsonNode node = items.get(i);
      if (!fields.isMapping(node, path)) {
        continue;
      }
      fields.onlyKeys(node, path, List.of("name", "zone", "pue", "location", "carbonFreeShare"));
      Optional<String> name = fields.text(node, "name", path, true);
      Optional<String> zone = fields.text(node, "zone", path, true);
      var pue = fields.number(node, "pue", path, 1.0, 3.0, true);
      Optional<String> location = fields.text(node, "location", path, false);
      var carbonFree = fields.number(node, "carbonFreeShare", path, 0.0, 1.0, false);
      if (name.isPresent() && zone.isPresent() && pue.isPresent()) {
        regions.add(
            new RegionConfig(
                name.get(),
                zone.get(),
                pue.getAsDouble(),
                location.orElse(""),
                carbonFree,
                carbonFree.isPresent() ? "carbonq.yaml" : ""));
      }
    }
    return regions;
  }

  private static List<GpuConfig> readGpus(JsonNode root, Fields fields) {
    List<GpuConfig> gpus = new ArrayList<>();
    List<JsonNode> items = fields.list(root, "gpus", "gpus");
    for (int i = 0; i < items.size(); i++) {
      String path = "gpus[" + i + "]";
      JsonNode node = items.get(i);
      if (!fields.isMapping(node, path)) {
        continue;
      }
      fields.onlyKeys(node, path, List.of("model", "watts", "aliases", "embodiedKg"));
      Optional<String> model = fields.text(node, "model", path, true);
      var watts = fields.number(node, "watts", path, 1, 5000, true);
      var embodied = fields.number(node, "embodiedKg", path, 0, 100_000, false);
      List<String> aliases = new ArrayList<>();
      List<JsonNode> aliasNodes = fields.list(node, "aliases", path + ".aliases");
      for (int j = 0; j < aliasNodes.size(); j++) {
        if (aliasNodes.get(j).isTextual()) {
          aliases.add(aliasNodes.get(j).asText());
        } else {
          fields.error(path + ".aliases[" + j + "]", "must be a text");
        }
      }
      if (model.isPresent() && watts.isPresent()) {
        gpus.add(
            new GpuConfig(
                model.get(),
                watts.getAsDouble(),
                aliases,
                "carbonq.yaml",
                embodied,
                embodied.isPresent() ? "carbonq.yaml" : ""));
      }
    }
    return gpus;
  }

  private static List<PoolConfig> readPools(
      JsonNode root, Fields fields, List<RegionConfig> regions, List<GpuConfig> gpus) {
    List<PoolConfig> pools = new ArrayList<>();
    List<JsonNode> items = fields.list(root, "pools", "pools");
    if (root.get("pools") == null) {
      fields.error(
          "pools", "is required: list at least one node pool (name, region, gpuModel, gpus)");
    }
    Set<String> names = new HashSet<>();
    Set<String> regionNames = new TreeSet<>(regions.stream().map(RegionConfig::name).toList());
    Set<String> gpuModels = new TreeSet<>(gpus.stream().map(GpuConfig::model).toList());
    PoolAccounting accounting = new PoolAccounting(BundledCatalogs.nodeTypes(), fields);
    List<String> poolKeys = new ArrayList<>(List.of("name", "region", "gpuModel", "gpus"));
    poolKeys.addAll(PoolAccounting.KEYS);
    for (int i = 0; i < items.size(); i++) {
      String path = "pools[" + i + "]";
      JsonNode node = items.get(i);
      if (!fields.isMapping(node, path)) {
        continue;
      }
      fields.onlyKeys(node, path, poolKeys);
      Optional<String> name = fields.text(node, "name", path, true);
      Optional<String> region = fields.text(node, "region", path, true);
      Optional<String> model = fields.text(node, "gpuModel", path, true);
      var count = fields.positiveInt(node, "gpus", path);
      if (count.isPresent() && count.getAsInt() > MAX_POOL_GPUS) {
        fields.error(
            path + ".gpus",
            "must be at most "
                + MAX_POOL_GPUS
                + " (sums of GPUs must not overflow), got "
                + count.getAsInt());
        count = java.util.OptionalInt.empty();
      }
      name.filter(n -> !names.add(n))
          .ifPresent(
              n ->
                  fields.error(
                      path + ".name",
                      "'" + n + "' is used by another pool; pool names must be unique"));
      Optional<RegionConfig> knownRegion =
          region.flatMap(
              r -> regions.stream().filter(k -> k.name().equalsIgnoreCase(r)).findFirst());
      if (region.isPresent() && knownRegion.isEmpty()) {
        fields.error(
            path + ".region",
            "unknown region '"
                + region.get()
                + "'; add it under 'regions:' or use a known one; "
                + Suggestions.knownOrClosest(region.get(), regionNames));
      }
      Optional<GpuConfig> knownGpu =
          model.flatMap(m -> gpus.stream().filter(g -> g.answersTo(m)).findFirst());
      if (model.isPresent() && knownGpu.isEmpty()) {
        fields.error(
            path + ".gpuModel",
            "unknown GPU model '"
                + model.get()
                + "'; add it under 'gpus:' with its watts or use a known one; "
                + Suggestions.knownOrClosest(model.get(), gpuModels));
      }
      Optional<HostPower> host = accounting.host(node, path, knownGpu);
      Optional<GpuHourPrice> price = accounting.price(node, path);
      if (name.isPresent()
          && knownRegion.isPresent()
          && knownGpu.isPresent()
          && count.isPresent()) {
        pools.add(
            new PoolConfig(
                name.get(),
                knownRegion.get().name(),
                knownGpu.get().model(),
                count.getAsInt(),
                host,
                price));
      }
    }
    return pools;
  }

  private static List<SourceConfig> readSources(JsonNode root, Fields fields) {
    List<JsonNode> items = fields.list(root, "sources", "sources");
    if (root.get("sources") == null) {
      return OFFLINE_DEFAULT.stream().map(SourceConfig::of).toList();
    }
    List<SourceConfig> sources = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String path = "sources[" + i + "]";
      JsonNode node = items.get(i);
      if (!fields.isMapping(node, path)) {
        continue;
      }
      for (String secretKey : SECRET_KEYS) {
        if (node.has(secretKey)) {
          fields.error(
              path + "." + secretKey,
              "secrets are never read from the file; set "
                  + secretKey.replace("api-key", "token").replace("apiKey", "token")
                  + "Env: VARIABLE or "
                  + secretKey.replace("api-key", "token").replace("apiKey", "token")
                  + "File: /path/to/file instead");
        }
      }
      List<String> allowed = new ArrayList<>(SOURCE_KEYS);
      allowed.addAll(SECRET_KEYS);
      fields.onlyKeys(node, path, allowed);
      Optional<String> type = fields.text(node, "type", path, true);
      if (type.isPresent() && !SOURCE_TYPES.contains(type.get())) {
        fields.error(
            path + ".type",
            "unknown source type '"
                + type.get()
                + "'; "
                + Suggestions.knownOrClosest(type.get(), SOURCE_TYPES));
        continue;
      }
      if (type.isPresent() && !seen.add(type.get())) {
        fields.error(path + ".type", "source '" + type.get() + "' is listed twice; keep one");
      }
      Optional<String> endpoint = fields.text(node, "endpoint", path, false);
      endpoint
          .filter(url -> !url.startsWith("http://") && !url.startsWith("https://"))
          .ifPresent(
              url ->
                  fields.error(
                      path + ".endpoint", "must be an http:// or https:// URL, got '" + url + "'"));
      SecretRef token = secret(node, "token", path, fields);
      SecretRef username = secret(node, "username", path, fields);
      SecretRef password = secret(node, "password", path, fields);
      Map<String, String> zones = textMap(node, "zones", path, fields);
      Optional<String> signal = fields.text(node, "signal", path, false);
      signal
          .filter(value -> !SIGNALS.contains(value))
          .ifPresent(
              value ->
                  fields.error(
                      path + ".signal", "must be marginal or average, got '" + value + "'"));
      Optional<Duration> timeout = fields.duration(node, "timeout", path);
      timeout
          .filter(t -> t.toMillis() < 100 || t.compareTo(Duration.ofMinutes(5)) > 0)
          .ifPresent(
              t ->
                  fields.error(
                      path + ".timeout",
                      "must be between 100ms and 5m, got " + DurationText.format(t)));
      var requestsPerMinute = fields.number(node, "requestsPerMinute", path, 0.1, 100_000, false);
      var retries = fields.number(node, "retries", path, 0, 10, false);
      if (type.isPresent()) {
        checkSourceSettings(type.get(), node, path, fields, token, username, password);
        sources.add(
            new SourceConfig(
                type.get(),
                endpoint,
                token,
                username,
                password,
                zones,
                signal,
                timeout,
                requestsPerMinute,
                retries.isPresent()
                    ? java.util.OptionalInt.of((int) retries.getAsDouble())
                    : java.util.OptionalInt.empty()));
      }
    }
    if (items.isEmpty()) {
      fields.error(
          "sources",
          "must list at least one source; known types: " + String.join(", ", SOURCE_TYPES));
    }
    return sources;
  }

  /** Each network source's required credentials, and no settings it would ignore. */
  private static void checkSourceSettings(
      String type,
      JsonNode node,
      String path,
      Fields fields,
      SecretRef token,
      SecretRef username,
      SecretRef password) {
    boolean network = !OFFLINE_TYPES.contains(type);
    if (!network) {
      for (String key : SOURCE_KEYS) {
        if (!key.equals("type") && node.has(key)) {
          fields.error(path + "." + key, "source '" + type + "' is bundled and takes no " + key);
        }
      }
      return;
    }
    if (type.equals("electricitymaps") && !token.isPresent()) {
      fields.error(
          path, "electricitymaps needs an API token: add tokenEnv: VARIABLE or tokenFile: PATH");
    }
    if (type.equals("watttime")) {
      if (!username.isPresent()) {
        fields.error(path, "watttime needs a user name: add usernameEnv or usernameFile");
      }
      if (!password.isPresent()) {
        fields.error(path, "watttime needs a password: add passwordEnv or passwordFile");
      }
    } else if (username.isPresent() || password.isPresent()) {
      fields.error(path, "only watttime logs in with a user name and password");
    }
    if (token.isPresent() && !type.equals("electricitymaps")) {
      fields.error(path, "only electricitymaps takes a token; remove tokenEnv/tokenFile");
    }
    if (node.has("signal") && !type.equals("watttime") && !type.equals("carbon-aware-sdk")) {
      fields.error(path + ".signal", "only watttime and carbon-aware-sdk offer a choice of signal");
    }
    if (node.has("zones")
        && (type.equals("uk-carbon-intensity") || type.equals("energi-data-service"))) {
      fields.error(path + ".zones", "source '" + type + "' has fixed zone names; remove zones");
    }
  }

  private static SecretRef secret(JsonNode node, String name, String path, Fields fields) {
    return new SecretRef(
        fields.text(node, name + "Env", path, false),
        fields.text(node, name + "File", path, false));
  }

  private static Map<String, String> textMap(
      JsonNode node, String key, String path, Fields fields) {
    JsonNode map = node.get(key);
    Map<String, String> values = new LinkedHashMap<>();
    if (map == null || map.isNull()) {
      return values;
    }
    if (!map.isObject()) {
      fields.error(
          Fields.join(path, key), "must be a mapping of grid zone to the provider's name for it");
      return values;
    }
    map.fields()
        .forEachRemaining(
            entry -> {
              if (entry.getValue().isTextual() && !entry.getValue().asText().isBlank()) {
                values.put(entry.getKey(), entry.getValue().asText());
              } else {
                fields.error(
                    Fields.join(path, key) + "." + entry.getKey(),
                    "must be the provider's name for zone " + entry.getKey());
              }
            });
    return values;
  }

  private static Map<String, List<String>> readFallback(
      JsonNode root, Fields fields, List<SourceConfig> sources) {
    JsonNode node = root.get("fallback");
    Map<String, List<String>> orders = new LinkedHashMap<>();
    if (node == null || node.isNull() || !fields.isMapping(node, "fallback")) {
      return orders;
    }
    Set<String> configured = new HashSet<>(OFFLINE_TYPES);
    sources.forEach(source -> configured.add(source.type()));
    node.fields()
        .forEachRemaining(
            entry -> {
              String path = "fallback." + entry.getKey();
              List<JsonNode> items = fields.list(node, entry.getKey(), path);
              List<String> order = new ArrayList<>();
              for (int i = 0; i < items.size(); i++) {
                String type = items.get(i).asText("");
                if (!SOURCE_TYPES.contains(type)) {
                  fields.error(
                      path + "[" + i + "]",
                      "unknown source type '"
                          + type
                          + "'; "
                          + Suggestions.knownOrClosest(type, SOURCE_TYPES));
                } else if (!configured.contains(type)) {
                  fields.error(
                      path + "[" + i + "]",
                      "source '" + type + "' needs its settings under sources: first");
                } else {
                  order.add(type);
                }
              }
              if (items.isEmpty()) {
                fields.error(path, "must list at least one source type");
              }
              orders.put(entry.getKey(), order);
            });
    return orders;
  }

  private static CarbonqConfig withExecutor(CarbonqConfig config, ExecutorConfig executor) {
    return new CarbonqConfig(
        config.regions(),
        config.gpus(),
        config.pools(),
        config.sources(),
        config.fallback(),
        config.forecastCache(),
        executor,
        config.policy(),
        config.home(),
        config.teams(),
        config.budgets());
  }

  /**
   * The default home: a known region with a pool, since a saving is measured against running there
   * now and only the pools' grids are forecast.
   */
  private static Optional<String> readHome(
      JsonNode root, Fields fields, List<RegionConfig> regions, List<PoolConfig> pools) {
    Optional<String> typed = fields.text(root, "home", "", false);
    if (typed.isEmpty()) {
      return Optional.empty();
    }
    Optional<RegionConfig> known =
        regions.stream().filter(region -> region.name().equalsIgnoreCase(typed.get())).findFirst();
    Set<String> withPool = new TreeSet<>(pools.stream().map(PoolConfig::region).toList());
    if (known.isEmpty()) {
      fields.error(
          "home",
          "unknown region '"
              + typed.get()
              + "'; use a region with a pool or leave home out; "
              + Suggestions.knownOrClosest(typed.get(), withPool));
      return Optional.empty();
    }
    if (!withPool.contains(known.get().name())) {
      fields.error(
          "home",
          "no pool is in "
              + known.get().name()
              + ", so running there cannot be forecast; use a region with a pool ("
              + String.join(", ", withPool)
              + ") or leave home out");
      return Optional.empty();
    }
    return Optional.of(known.get().name());
  }

  private static ExecutorConfig readExecutor(JsonNode root, Fields fields, List<PoolConfig> pools) {
    JsonNode node = root.get("executor");
    ExecutorConfig defaults = ExecutorConfig.simulated();
    if (node == null || node.isNull() || !fields.isMapping(node, "executor")) {
      return defaults;
    }
    fields.onlyKeys(
        node,
        "executor",
        List.of(
            "type",
            "namespace",
            "terminationGrace",
            "kueueQueue",
            "pools",
            "prometheus",
            "allowHostPath",
            "leaderElection",
            "kueue"));
    Optional<String> prometheus = fields.text(node, "prometheus", "executor", false);
    prometheus
        .filter(url -> !url.startsWith("http://") && !url.startsWith("https://"))
        .ifPresent(
            url ->
                fields.error(
                    "executor.prometheus",
                    "must be an http:// or https:// URL, got '" + url + "'"));
    String type = fields.text(node, "type", "executor", false).orElse("simulated");
    if (!ExecutorConfig.TYPES.contains(type)) {
      fields.error(
          "executor.type",
          "unknown executor '"
              + type
              + "'; "
              + Suggestions.knownOrClosest(type, ExecutorConfig.TYPES));
    }
    String namespace =
        fields.text(node, "namespace", "executor", false).orElse(defaults.namespace());
    if (!namespace.replace("{owner}", "x").matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
      fields.error(
          "executor.namespace",
          "must be a Kubernetes namespace name (lower-case letters, digits, '-'), optionally with {owner}, got '"
              + namespace
              + "'");
    }
    Duration grace =
        fields.duration(node, "terminationGrace", "executor").orElse(defaults.terminationGrace());
    Optional<String> kueue = fields.text(node, "kueueQueue", "executor", false);
    Map<String, ExecutorConfig.PoolTarget> targets = new LinkedHashMap<>();
    JsonNode poolsNode = node.get("pools");
    if (poolsNode != null && !poolsNode.isNull() && fields.isMapping(poolsNode, "executor.pools")) {
      Set<String> known = new TreeSet<>();
      pools.forEach(pool -> known.add(pool.name()));
      poolsNode
          .fields()
          .forEachRemaining(
              entry -> {
                String path = "executor.pools." + entry.getKey();
                if (!known.contains(entry.getKey())) {
                  fields.error(
                      path,
                      "no pool is named '"
                          + entry.getKey()
                          + "'; "
                          + Suggestions.knownOrClosest(entry.getKey(), known));
                  return;
                }
                JsonNode target = entry.getValue();
                if (!fields.isMapping(target, path)) {
                  return;
                }
                fields.onlyKeys(target, path, List.of("context", "nodeSelector", "tolerations"));
                Map<String, String> selector = textMap(target, "nodeSelector", path, fields);
                List<ExecutorConfig.TolerationConfig> tolerations = new ArrayList<>();
                List<JsonNode> items = fields.list(target, "tolerations", path + ".tolerations");
                for (int i = 0; i < items.size(); i++) {
                  String at = path + ".tolerations[" + i + "]";
                  JsonNode item = items.get(i);
                  if (!fields.isMapping(item, at)) {
                    continue;
                  }
                  fields.onlyKeys(item, at, List.of("key", "operator", "value", "effect"));
                  tolerations.add(
                      new ExecutorConfig.TolerationConfig(
                          fields.text(item, "key", at, false).orElse(null),
                          fields.text(item, "operator", at, false).orElse("Exists"),
                          fields.text(item, "value", at, false).orElse(null),
                          fields.text(item, "effect", at, false).orElse(null)));
                }
                targets.put(
                    entry.getKey(),
                    new ExecutorConfig.PoolTarget(
                        fields.text(target, "context", path, false), selector, tolerations));
              });
    }
    JsonNode hostPath = node.get("allowHostPath");
    if (hostPath != null && !hostPath.isBoolean()) {
      fields.error("executor.allowHostPath", "must be true or false");
    }
    boolean allowHostPath = hostPath != null && hostPath.asBoolean(false);
    return new ExecutorConfig(
        type,
        namespace,
        grace,
        kueue,
        targets,
        prometheus,
        allowHostPath,
        readLeaderElection(node, type, fields),
        readKueue(node, type, pools, fields));
  }

  /** {@code executor.kueue}: Kueue Workloads released through carbonq's admission check. */
  private static Optional<ExecutorConfig.KueueAdmission> readKueue(
      JsonNode executor, String type, List<PoolConfig> pools, Fields fields) {
    JsonNode node = executor.get("kueue");
    String path = "executor.kueue";
    if (node == null || node.isNull() || !fields.isMapping(node, path)) {
      return Optional.empty();
    }
    fields.onlyKeys(
        node,
        path,
        List.of("pools", "defaultDuration", "defaultSlack", "context", "workerClusters"));
    if (!type.equals("kubernetes")) {
      fields.error(path, "needs executor.type: kubernetes (Kueue runs in a cluster)");
    }
    Set<String> known = new TreeSet<>();
    pools.forEach(pool -> known.add(pool.name()));
    List<String> names = new ArrayList<>();
    List<JsonNode> items = fields.list(node, "pools", path + ".pools");
    for (int i = 0; i < items.size(); i++) {
      String name = items.get(i).asText("");
      if (!known.contains(name)) {
        fields.error(
            path + ".pools[" + i + "]",
            "no pool is named '" + name + "'; " + Suggestions.knownOrClosest(name, known));
      } else {
        names.add(name);
      }
    }
    Map<String, String> workers = new LinkedHashMap<>();
    JsonNode workersNode = node.get("workerClusters");
    if (workersNode != null
        && !workersNode.isNull()
        && fields.isMapping(workersNode, path + ".workerClusters")) {
      workersNode
          .fields()
          .forEachRemaining(
              entry -> {
                String at = path + ".workerClusters." + entry.getKey();
                if (!known.contains(entry.getKey())) {
                  fields.error(
                      at,
                      "no pool is named '"
                          + entry.getKey()
                          + "'; "
                          + Suggestions.knownOrClosest(entry.getKey(), known));
                } else if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
                  fields.error(at, "must be the name of the pool's MultiKueueCluster");
                } else {
                  workers.put(entry.getKey(), entry.getValue().asText());
                }
              });
    }
    if (node.get("pools") == null) {
      // With MultiKueue, the pools are those of the worker clusters.
      names.addAll(workers.isEmpty() ? known : new TreeSet<>(workers.keySet()));
      names.retainAll(known);
    } else if (items.isEmpty()) {
      fields.error(path + ".pools", "must list the pools of the cluster Kueue runs in");
    }
    Duration duration =
        fields
            .duration(node, "defaultDuration", path)
            .orElse(ExecutorConfig.KueueAdmission.DEFAULT_DURATION);
    Duration slack =
        fields
            .duration(node, "defaultSlack", path)
            .orElse(ExecutorConfig.KueueAdmission.DEFAULT_SLACK);
    if (duration.isZero() || duration.compareTo(Duration.ofDays(30)) > 0) {
      fields.error(
          path + ".defaultDuration",
          "must be more than 0 and at most 30d, got " + DurationText.format(duration));
    }
    if (slack.compareTo(Duration.ofDays(30)) > 0) {
      fields.error(
          path + ".defaultSlack", "must be at most 30d, got " + DurationText.format(slack));
    }
    return Optional.of(
        new ExecutorConfig.KueueAdmission(
            names, duration, slack, fields.text(node, "context", path, false), workers));
  }

  private static Optional<ExecutorConfig.LeaderElection> readLeaderElection(
      JsonNode executor, String type, Fields fields) {
    JsonNode node = executor.get("leaderElection");
    String path = "executor.leaderElection";
    if (node == null || node.isNull() || !fields.isMapping(node, path)) {
      return Optional.empty();
    }
    fields.onlyKeys(node, path, List.of("lease", "namespace", "context"));
    if (!type.equals("kubernetes")) {
      fields.error(path, "needs executor.type kubernetes: the lease lives on a cluster");
    }
    String lease = fields.text(node, "lease", path, false).orElse("carbonq-leader");
    if (!lease.matches("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?")) {
      fields.error(
          path + ".lease",
          "must be a Kubernetes object name (lower-case letters, digits, '-', '.'), got '"
              + lease
              + "'");
    }
    Optional<String> namespace = fields.text(node, "namespace", path, false);
    namespace
        .filter(ns -> !ns.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"))
        .ifPresent(
            ns ->
                fields.error(
                    path + ".namespace",
                    "must be a Kubernetes namespace name (lower-case letters, digits, '-'), got '"
                        + ns
                        + "'"));
    return Optional.of(
        new ExecutorConfig.LeaderElection(
            lease, namespace, fields.text(node, "context", path, false)));
  }

  private static ForecastCacheConfig readForecastCache(JsonNode root, Fields fields) {
    JsonNode node = root.get("forecastCache");
    if (node == null || node.isNull() || !fields.isMapping(node, "forecastCache")) {
      return ForecastCacheConfig.defaults();
    }
    fields.onlyKeys(node, "forecastCache", List.of("directory", "maxAge"));
    Optional<String> directory = fields.text(node, "directory", "forecastCache", false);
    Duration maxAge =
        fields
            .duration(node, "maxAge", "forecastCache")
            .orElse(ForecastCacheConfig.DEFAULT_MAX_AGE);
    if (maxAge.compareTo(Duration.ofMinutes(1)) < 0 || maxAge.compareTo(Duration.ofDays(7)) > 0) {
      fields.error(
          "forecastCache.maxAge", "must be between 1m and 7d, got " + DurationText.format(maxAge));
    }
    return new ForecastCacheConfig(directory, maxAge);
  }

  private static PolicyConfig readPolicy(JsonNode root, Fields fields) {
    PolicyConfig defaults = PolicyConfig.defaults();
    JsonNode node = root.get("policy");
    if (node == null || node.isNull() || !fields.isMapping(node, "policy")) {
      return defaults;
    }
    fields.onlyKeys(
        node,
        "policy",
        List.of(
            "step",
            "horizon",
            "gpuUtilisation",
            "defaultPue",
            "pauseInterruptible",
            "resumeOverhead",
            "hardwareLifetime",
            "expectUrgentWork"));
    Duration step = fields.duration(node, "step", "policy").orElse(defaults.step());
    Duration horizon = fields.duration(node, "horizon", "policy").orElse(defaults.horizon());
    if (step.compareTo(Duration.ofMinutes(1)) < 0 || step.compareTo(Duration.ofHours(24)) > 0) {
      fields.error("policy.step", "must be between 1m and 24h, got " + DurationText.format(step));
    } else if (horizon.compareTo(step) < 0 || horizon.compareTo(Duration.ofDays(31)) > 0) {
      fields.error(
          "policy.horizon",
          "must be at least one step and at most 31d, got " + DurationText.format(horizon));
    } else if (horizon.dividedBy(step) > 100_000) {
      fields.error(
          "policy.step",
          "makes "
              + horizon.dividedBy(step)
              + " steps over the horizon; use a step of at least "
              + DurationText.format(horizon.dividedBy(100_000)));
    }
    double utilisation =
        fields
            .number(node, "gpuUtilisation", "policy", 0.01, 1.0, false)
            .orElse(defaults.gpuUtilisation());
    double pue =
        fields.number(node, "defaultPue", "policy", 1.0, 3.0, false).orElse(defaults.defaultPue());
    JsonNode pause = node.get("pauseInterruptible");
    if (pause != null && !pause.isBoolean()) {
      fields.error("policy.pauseInterruptible", "must be true or false");
    }
    boolean pauseInterruptible =
        pause == null || !pause.isBoolean() ? defaults.pauseInterruptible() : pause.asBoolean();
    Duration overhead =
        fields
            .duration(node, "resumeOverhead", "policy")
            .orElse(PolicyConfig.DEFAULT_RESUME_OVERHEAD);
    if (overhead.compareTo(Duration.ofHours(6)) > 0) {
      fields.error(
          "policy.resumeOverhead",
          "must be at most 6h (the time a resumed job spends restoring its checkpoint), got "
              + DurationText.format(overhead));
    }
    Duration lifetime =
        fields
            .duration(node, "hardwareLifetime", "policy")
            .orElse(PolicyConfig.DEFAULT_HARDWARE_LIFETIME);
    if (lifetime.compareTo(Duration.ofDays(180)) < 0
        || lifetime.compareTo(Duration.ofDays(20 * 365)) > 0) {
      fields.error(
          "policy.hardwareLifetime",
          "must be between 180d and 7300d (how long GPUs serve before they are replaced), got "
              + DurationText.format(lifetime));
    }
    JsonNode expect = node.get("expectUrgentWork");
    if (expect != null && !expect.isBoolean()) {
      fields.error("policy.expectUrgentWork", "must be true or false");
    }
    boolean expectUrgentWork =
        expect == null || !expect.isBoolean() ? defaults.expectUrgentWork() : expect.asBoolean();
    return new PolicyConfig(
        step, horizon, utilisation, pue, pauseInterruptible, overhead, lifetime, expectUrgentWork);
  }

  private static List<RegionConfig> merge(List<RegionConfig> bundled, List<RegionConfig> own) {
    Map<String, RegionConfig> byName = new LinkedHashMap<>();
    bundled.forEach(region -> byName.put(region.name().toLowerCase(java.util.Locale.ROOT), region));
    own.forEach(region -> byName.put(region.name().toLowerCase(java.util.Locale.ROOT), region));
    return List.copyOf(byName.values());
  }

  private static List<GpuConfig> mergeGpus(List<GpuConfig> bundled, List<GpuConfig> own) {
    Map<String, GpuConfig> byModel = new LinkedHashMap<>();
    bundled.forEach(gpu -> byModel.put(GpuConfig.normalise(gpu.model()), gpu));
    own.forEach(gpu -> byModel.put(GpuConfig.normalise(gpu.model()), gpu));
    return List.copyOf(byModel.values());
  }
}
