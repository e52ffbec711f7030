package io.carbonq.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.scheduler.domain.Volume.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"/", "/../../etc", "/a:b", "/a\0b", "data", "", "/data/", "//data", "/a/./b"})
  void refusesMountPathsKubernetesOrTheRuntimeWouldNot(String path) {
    assertThat(Volume.mountPathProblem(path)).isPresent();
    assertThatThrownBy(() -> new Volume("data", path, Kind.EMPTY_DIR, "", false))
        .hasMessageStartingWith("volume 'data': mountPath ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "My_Claim", "", "-claim", "claim-", "a b", "a.b_c"})
  void refusesSourceNamesThatAreNotKubernetesObjectNames(String name) {
    for (Kind kind : new Kind[] {Kind.PERSISTENT_VOLUME_CLAIM, Kind.CONFIG_MAP, Kind.SECRET}) {
      assertThat(Volume.sourceProblem(kind, "x".repeat(254))).isPresent();
      assertThat(Volume.sourceProblem(kind, name)).as(kind + " " + name).isPresent();
    }
  }

  @Test
  void acceptsWhatAPodSpecAccepts() {
    Volume claim =
        new Volume("data", "/data/imagenet", Kind.PERSISTENT_VOLUME_CLAIM, "imagenet.v2", true);

    assertThat(claim.readOnly()).isTrue();
    assertThat(Volume.nameProblem("My_Volume")).isPresent();
    assertThat(Volume.sourceProblem(Kind.HOST_PATH, "/mnt/../etc")).isPresent();
    assertThat(Volume.sourceProblem(Kind.HOST_PATH, "/mnt/datasets")).isEmpty();
    assertThat(Volume.sourceProblem(Kind.EMPTY_DIR, "x")).isPresent();
  }
}
