/**
 * Running workloads on Kubernetes GPU node pools. Not built yet: until it is, carbonq plans and
 * simulates but does not submit to a cluster.
 */
package io.carbonq.k8s;
