/**
 * Masks for masked image modelling: {@link org.hvs.ssl.mask.BlockMasking} draws iBOT's block-wise
 * masks on the patch grid of each view (reproducibly, from the seed, the epoch, the image index and
 * the view index), {@link org.hvs.ssl.mask.BlockMask} is one view's mask with the rectangles it was
 * made of.
 *
 * <p>A batch of masks is a {@code [V*B, T]} 0/1 array, view-major (row {@code v*B + b} is view
 * {@code v} of sample {@code b}) and row-major over the grid (token {@code t = row*gridWidth + col}),
 * the layout {@link org.hvs.ssl.loss.IbotPatchLoss} reads.
 */
package org.hvs.ssl.mask;
