/**
 * Observing training: the {@link org.hvs.core.listen.TrainingListener} hooks (fit start, step end,
 * epoch end, fit end), the records they receive, a console progress bar and the
 * {@code metrics.jsonl} writer of a run directory.
 */
package org.hvs.core.listen;
