package io.carbonq.scheduler.api;

import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What would be queued for a spec, in the API's JSON form but without a state: a job's {@code id}
 * and {@code spec}, or a sweep's name, {@code maxParallel} and its {@code trials}. For a dry run,
 * which checks a spec without a server.
 */
public final class SpecPreview {
  private SpecPreview() {}

  public static Map<String, Object> job(Workload workload) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", workload.id());
    json.put("spec", JobJson.spec(workload));
    return json;
  }

  public static Map<String, Object> sweep(Sweep sweep) {
    List<Map<String, Object>> trials = sweep.trials().stream().map(SpecPreview::job).toList();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sweep", sweep.id());
    json.put("maxParallel", sweep.maxParallel());
    json.put("trials", trials);
    return json;
  }
}
