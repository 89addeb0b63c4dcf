/**
 * Heads appended to a backbone: projectors and predictors.
 */
package org.hvs.ssl.head;
