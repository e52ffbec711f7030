package io.carbonq.scheduler.backtest;

import java.util.Objects;
import java.util.Optional;

/** How many GPUs a job held, and of which model when its record says (A100, NVIDIA-H100-80GB…). */
record GpuRequest(int count, Optional<String> model) {
  static final GpuRequest NONE = new GpuRequest(0, Optional.empty());

  GpuRequest {
    Objects.requireNonNull(model, "model");
    if (count < 0) {
      throw new IllegalArgumentException("GPU count must not be negative, got " + count);
    }
  }
}
