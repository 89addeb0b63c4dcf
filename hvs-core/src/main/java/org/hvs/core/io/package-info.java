/**
 * Checkpoints: every network, the method state and metadata in one zip, written atomically.
 */
package org.hvs.core.io;
