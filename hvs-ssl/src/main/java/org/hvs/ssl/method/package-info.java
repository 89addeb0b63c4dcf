/**
 * The self-supervised methods: {@link org.hvs.ssl.method.SimSiam} and {@link org.hvs.ssl.method.SimClr}.
 */
package org.hvs.ssl.method;
