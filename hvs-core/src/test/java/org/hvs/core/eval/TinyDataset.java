package org.hvs.core.eval;

import org.hvs.augment.Image;
import org.hvs.augment.data.ImageDataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** An in-memory data set of small random images for the evaluation tests. */
final class TinyDataset implements ImageDataset {
    private final List<Image> images;
    private final int[] labels;
    private final int numClasses;

    TinyDataset(List<Image> images, int[] labels, int numClasses) {
        this.images = List.copyOf(images);
        this.labels = labels.clone();
        this.numClasses = numClasses;
    }

    static TinyDataset random(int n, int c, int h, int w, int numClasses, long seed) {
        Random rnd = new Random(seed);
        List<Image> images = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float[] d = new float[c * h * w];
            for (int j = 0; j < d.length; j++) {
                d[j] = rnd.nextFloat();
            }
            images.add(Image.of(d, c, h, w));
            labels[i] = i % numClasses;
        }
        return new TinyDataset(images, labels, numClasses);
    }

    @Override
    public String name() {
        return "tiny";
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public Image image(int index) {
        return images.get(index);
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < numClasses; i++) {
            names.add("class" + i);
        }
        return names;
    }
}
