/**
 * View selection: the {@link org.hvs.core.select.ViewSelector} plug-in point (random, hard = HVS, IoU), candidates, selections and the gathering of chosen views.
 */
package org.hvs.core.select;
