/**
 * Operations: what an operator watches that belongs to no feature, the engine's backlog (jobs, external tasks,
 * incidents) and the build each node runs as Prometheus gauges. Each feature counts its own events where they happen
 * (intake in {@code event}, sends in {@code channel}, arbitration in {@code pressure}, progress in
 * {@code broadcast}).
 */
package io.relance.ops;
