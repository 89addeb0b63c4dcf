/**
 * The {@code hvs} command line: pretrain, eval, bench, views.
 */
package org.hvs.examples.cli;
