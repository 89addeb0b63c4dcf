/**
 * Adapters that let a user's own per-image code take part in a view recipe:
 * {@link org.hvs.augment.adapt.ImageOperator} (an {@link org.hvs.augment.Image} function),
 * {@link org.hvs.augment.adapt.BufferedImageOperator} (an AWT image function) and
 * {@link org.hvs.augment.adapt.DataVecTransforms} (a DataVec {@code ImageTransform}). Only
 * {@code DataVecTransforms} touches DataVec, an optional dependency: the rest of the module works
 * without it on the classpath.
 *
 * <pre>{@code
 * ViewTransform invert = ImageOperator.asTransform((img, rng) -> invert(img));
 * }</pre>
 */
package org.hvs.augment.adapt;
