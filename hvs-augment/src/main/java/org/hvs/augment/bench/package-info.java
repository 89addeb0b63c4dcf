/**
 * Micro-benchmarks of the view pipeline. {@link org.hvs.augment.bench.ViewThroughput} measures
 * views per second for the reference recipes on synthetic images; run its {@code main}.
 */
package org.hvs.augment.bench;
