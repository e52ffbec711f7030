package io.carbonq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The bundled node types and their host power by Cloud Carbon Footprint's coefficients. */
class NodeTypeTest {

  @Test
  void aP4dDrawsItsCpusAndMemoryByCcfsAwsCoefficients() {
    NodeType p4d = new NodeType("p4d.24xlarge", "aws", 96, 1152, 8, "A100");

    // 96 × (0.74 + 0.5 × (3.5 − 0.74)) = 203.52 W of CPU; 1152 × 0.392 = 451.584 W of memory.
    assertThat(p4d.hostWatts()).isCloseTo(655.104, within(1e-9));
    assertThat(p4d.hostWattsPerGpu()).isCloseTo(81.888, within(1e-9));
  }

  /** The host watts per GPU docs/configuration.md lists for each bundled node type. */
  @Test
  void theBundledTableGivesTheHostWattsPerGpuTheDocsList() {
    Map<String, Double> perGpu = new TreeMap<>();
    BundledCatalogs.nodeTypes()
        .forEach(t -> perGpu.put(t.name(), Math.round(t.hostWattsPerGpu() * 10) / 10.0));

    assertThat(perGpu)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "p4d.24xlarge", 81.9,
                "p4de.24xlarge", 81.9,
                "p5.48xlarge", 151.2,
                "g5.48xlarge", 88.5,
                "a2-highgpu-8g", 63.1,
                "a3-highgpu-8g", 156.3,
                "Standard_ND96asr_v4", 71.3,
                "Standard_ND96isr_H100_v5", 120.3));
  }

  @Test
  void everyBundledNodeTypeCarriesABundledGpuModel() {
    CarbonqConfig config = ConfigLoader.bundledDefault();

    assertThat(BundledCatalogs.nodeTypes())
        .allSatisfy(type -> assertThat(config.gpu(type.gpuModel())).isPresent());
  }
}
