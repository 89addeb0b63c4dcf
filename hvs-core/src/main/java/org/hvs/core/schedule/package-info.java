/**
 * Stateless schedules for learning rate, weight decay, teacher momentum and temperatures:
 * {@link org.hvs.core.schedule.Schedule#cosine}, {@link org.hvs.core.schedule.Schedule#warmupCosine}
 * (DINO's {@code utils.cosine_scheduler}) and friends. A schedule maps a 0-based global step to a value.
 */
package org.hvs.core.schedule;
