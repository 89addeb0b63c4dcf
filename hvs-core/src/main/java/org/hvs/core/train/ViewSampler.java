package org.hvs.core.train;

import org.hvs.augment.MultiViewBatch;
import org.hvs.augment.data.ImageDataset;

/**
 * Makes the candidate views of a batch: {@code MultiViewGenerator::generate} from hvs-augment is
 * one; a user may supply any other, as long as the same (data, indices, epoch) always gives the same views.
 */
@FunctionalInterface
public interface ViewSampler {
    MultiViewBatch sample(ImageDataset data, int[] indices, int epoch);
}
