/**
 * The service-provider interface a self-supervised method implements ({@link org.hvs.core.method.SslMethod}) and the values passed across it; {@link org.hvs.core.method.Backbone} wraps the user's encoder graph.
 */
package org.hvs.core.method;
