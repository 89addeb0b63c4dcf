package org.hvs.core.eval;

import org.hvs.augment.Image;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureExtractorTest {

    private static final INDArray PROJECTION = Nd4j.rand(DataType.FLOAT, 3 * 4 * 4, 5).subi(0.5);

    /** A fixed linear encoder: flatten then project to 5 dimensions. */
    private static INDArray encode(INDArray images) {
        return images.reshape(images.size(0), 3 * 4 * 4).mmul(PROJECTION);
    }

    @Test
    void batchSizeNotDividingNGivesTheSameFeaturesAsOneBatch() {
        TinyDataset data = TinyDataset.random(10, 3, 4, 4, 3, 1);
        List<Long> batchSizes = new ArrayList<>();
        Function<INDArray, INDArray> recording = x -> {
            batchSizes.add(x.size(0));
            return encode(x);
        };
        Features batched = FeatureExtractor.builder().batchSize(3).build().extract(data, recording);
        Features whole = FeatureExtractor.builder().batchSize(10).build().extract(data, FeatureExtractorTest::encode);

        assertEquals(List.of(3L, 3L, 3L, 1L), batchSizes);
        assertArrayEquals(new long[]{10, 5}, batched.features().shape());
        assertTrue(whole.features().equalsWithEps(batched.features(), 1e-5), "batched features differ");
        assertArrayEquals(new int[]{0, 1, 2, 0, 1, 2, 0, 1, 2, 0}, batched.labels());
        assertEquals(3, batched.numClasses());
    }

    @Test
    void imagesArriveInChwOrderAndNormalised() {
        TinyDataset data = TinyDataset.random(4, 3, 4, 4, 2, 2);
        FeatureExtractor fx = FeatureExtractor.builder().batchSize(2)
                .normalization(new float[]{0.5f, 0.25f, 0f}, new float[]{0.5f, 2f, 1f}).build();
        INDArray batch = fx.toBatch(data, 1, 3);
        assertArrayEquals(new long[]{2, 3, 4, 4}, batch.shape());
        Image img = data.image(2);
        assertEquals((img.get(0, 1, 3) - 0.5f) / 0.5f, batch.getFloat(1, 0, 1, 3), 1e-6);
        assertEquals((img.get(1, 2, 0) - 0.25f) / 2f, batch.getFloat(1, 1, 2, 0), 1e-6);
        assertEquals(img.get(2, 3, 2), batch.getFloat(1, 2, 3, 2), 1e-6);

        Features raw = FeatureExtractor.defaults().extract(data, x -> x.reshape(x.size(0), 48));
        assertEquals(data.image(3).get(1, 2, 3), raw.features().getFloat(3, 16 + 2 * 4 + 3), 1e-6);
    }

    @Test
    void validation() {
        TinyDataset data = TinyDataset.random(5, 3, 4, 4, 2, 3);
        FeatureExtractor fx = FeatureExtractor.builder().batchSize(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fx.extract(data, x -> Nd4j.zeros(1, 4)));
        assertEquals("encoder must return [2, D] for images 0..1, got [1, 4]", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> FeatureExtractor.builder().batchSize(0).build());
        assertEquals("batchSize must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FeatureExtractor.builder().normalization(new float[]{0f}, new float[]{0f}).build());
        assertEquals("std must be > 0 and mean finite, got mean[0]=0.0, std[0]=0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FeatureExtractor.builder().normalization(new float[]{0f, 0f}, new float[]{1f}).build());
        assertEquals("mean and std must have the same non-zero length, got 2 and 1", e.getMessage());
        FeatureExtractor gray = FeatureExtractor.builder().normalization(new float[]{0f}, new float[]{1f}).build();
        e = assertThrows(IllegalArgumentException.class, () -> gray.extract(data, FeatureExtractorTest::encode));
        assertEquals("normalisation has 1 channels but images of tiny have 3", e.getMessage());

        List<Image> mixed = List.of(Image.zeros(3, 4, 4), Image.zeros(3, 4, 5));
        TinyDataset bad = new TinyDataset(mixed, new int[]{0, 1}, 2);
        e = assertThrows(IllegalArgumentException.class,
                () -> FeatureExtractor.defaults().extract(bad, FeatureExtractorTest::encode));
        assertEquals("image 1 of tiny is 3x4x5, expected 3x4x4", e.getMessage());
    }
}
