package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carbonq.config.DurationText;
import io.carbonq.scheduler.client.ApiClient;
import io.carbonq.scheduler.demo.DemoWorkloads;
import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code carbonq demo --submit}: the demo's queue sent to a running {@code carbonq serve} as job
 * specs, each deadline as long after submission as in the demo, so that the dashboard has a lab's
 * Monday to show. Each job goes with the Idempotency-Key {@code demo-NAME}: sending them again
 * queues nothing twice.
 */
final class DemoSubmission {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoSubmission() {}

  static void submit(ApiClient client, Instant demoNow, PrintWriter out) {
    Sweep sweep = DemoWorkloads.sweep(demoNow);
    List<Workload> jobs =
        DemoWorkloads.queue(demoNow).stream().filter(w -> w.sweep().isEmpty()).toList();
    for (Workload job : jobs) {
      JsonNode queued = client.post("/v1/jobs", spec(job), Optional.of("demo-" + job.id()));
      // A second sending answers with the job queued the first time, in whatever state it is now.
      out.printf("sent %s: %s%n", job.id(), queued.path("state").asText());
    }
    ObjectNode sweepSpec = JSON.createObjectNode();
    // Its own name: the tour's own sweep is called lr-sweep too.
    String sweepName = "demo-" + sweep.id();
    sweepSpec.put("name", sweepName);
    ObjectNode template = spec(sweep.template());
    template.remove("name");
    sweepSpec.set("template", template);
    ObjectNode parameters = sweepSpec.putObject("parameters");
    sweep.parameters().forEach((name, values) -> values.forEach(parameters.putArray(name)::add));
    sweepSpec.put("maxParallel", sweep.maxParallel());
    JsonNode queued = client.post("/v1/sweeps", sweepSpec, Optional.of(sweepName));
    out.printf("sent sweep %s: %d trials%n", sweepName, queued.path("trials").size());
  }

  private static ObjectNode spec(Workload job) {
    ObjectNode spec = JSON.createObjectNode();
    spec.put("name", job.id());
    spec.put("image", job.image());
    ArrayNode command = spec.putArray("command");
    job.command().forEach(command::add);
    spec.put("gpus", job.gpus());
    ArrayNode models = spec.putArray("gpuModels");
    job.gpuModels().stream().sorted().forEach(models::add);
    spec.put("duration", DurationText.format(job.duration()));
    spec.put(
        "deadline", DurationText.format(Duration.between(job.earliestStart(), job.deadline())));
    ArrayNode regions = spec.putArray("regions");
    job.regions().forEach(regions::add);
    job.home().ifPresent(home -> spec.put("home", home));
    spec.put("interruptible", job.interruptible());
    spec.put("priority", job.priority());
    return spec;
  }
}
