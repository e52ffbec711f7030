package io.carbonq.scheduler.store;

import static io.carbonq.scheduler.TestData.aWorkload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carbonq.scheduler.domain.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadJsonTest {

  @Test
  void aHomeOutsideTheRegionsAndNoHomeBothReadBackAsStored() {
    Workload homed = aWorkload("homed").regions(List.of("r2", "r3")).home("r1").build();
    Workload homeless = aWorkload("homeless").regions(List.of("r2", "r3")).build();

    assertThat(WorkloadJson.read(WorkloadJson.write(homed))).isEqualTo(homed);
    assertThat(WorkloadJson.read(WorkloadJson.write(homeless))).isEqualTo(homeless);
  }

  @Test
  void aSpecStoredBeforeHomesWereExplicitKeepsItsFirstRegionAsHome() throws Exception {
    Workload stored = aWorkload("old").regions(List.of("r2", "r3")).build();
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(WorkloadJson.write(stored));
    json.remove("home");

    assertThat(WorkloadJson.read(json.toString()).home()).contains("r2");
  }
}
