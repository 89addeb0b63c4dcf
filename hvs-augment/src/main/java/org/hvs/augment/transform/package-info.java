/**
 * Random image transforms that turn a source {@link org.hvs.augment.Image} into a
 * {@link org.hvs.augment.View}, each recording what it did in {@link org.hvs.augment.ViewParams}.
 *
 * <p>They follow torchvision's semantics (the reference code of SimCLR, SimSiam, DINO, iBOT and
 * HVS is written with it): {@link org.hvs.augment.transform.RandomResizedCrop},
 * {@link org.hvs.augment.transform.HorizontalFlip}, {@link org.hvs.augment.transform.ColorJitter},
 * {@link org.hvs.augment.transform.RandomGrayscale}, {@link org.hvs.augment.transform.GaussianBlur},
 * {@link org.hvs.augment.transform.Solarize}, chained with
 * {@link org.hvs.augment.transform.Compose}. Mean/std normalisation is not an image transform:
 * {@link org.hvs.augment.transform.Normalization} is applied to the ND4J batch.
 *
 * <pre>{@code
 * ViewTransform t = Compose.of(RandomResizedCrop.of(32, 0.2, 1.0), new HorizontalFlip(0.5));
 * View v = t.apply(View.of(image), new Random(1));
 * }</pre>
 */
package org.hvs.augment.transform;
