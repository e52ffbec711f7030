package io.carbonq.config;

/**
 * A place where GPUs run: a cloud region ({@code gcp:europe-west4}) or a site of one's own, the
 * grid zone that supplies it (an Electricity Maps zone id such as {@code NL}) and its PUE.
 */
public record RegionConfig(String name, String zone, double pue, String location) {}
