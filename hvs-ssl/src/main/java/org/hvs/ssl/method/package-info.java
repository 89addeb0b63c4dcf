/**
 * The self-supervised methods: {@link org.hvs.ssl.method.SimSiam}, {@link org.hvs.ssl.method.SimClr},
 * {@link org.hvs.ssl.method.Dino} and {@link org.hvs.ssl.method.Ibot} (the last two share
 * {@link org.hvs.ssl.method.DistillationBuilder} and the package-private {@code Distillation}).
 */
package org.hvs.ssl.method;
