package io.carbonq.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdmissionTest {
  private final Admission admission = new Admission(2, "what-if plans");

  @Test
  void oneMoreThanTheBoundIsRefusedAtOnceWith429() {
    Admission.Place first = admission.enter();
    Admission.Place second = admission.enter();

    assertThatThrownBy(admission::enter)
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(429))
        .hasMessage("at most 2 what-if plans run at once; retry in a second");
    first.close();
    second.close();
  }

  @Test
  void aPlaceLetGoIsFreeAgainOnceHoweverOftenItIsClosed() {
    Admission.Place first = admission.enter();
    Admission.Place second = admission.enter();
    first.close();
    first.close();

    Admission.Place third = admission.enter();

    assertThatThrownBy(admission::enter).isInstanceOf(Problem.class);
    second.close();
    third.close();
  }
}
