/**
 * Labelled image data sets: the procedural {@link org.hvs.augment.data.Shapes} default, readers for
 * Fashion-MNIST (IDX), CIFAR-10 (binary batches) and image folders, and {@link
 * org.hvs.augment.data.DataSpec}, which turns the command-line {@code --data} argument into train
 * and test splits.
 *
 * <p>Every reader loads eagerly into an {@link org.hvs.augment.data.InMemoryDataset}. A corrupt or
 * unreadable file is a {@link org.hvs.augment.data.DataReadException} naming the file, unless the
 * caller asks, through {@link org.hvs.augment.data.ReadOptions}, to skip such files; then each
 * skipped file is logged at WARN and listed in the data set's {@link
 * org.hvs.augment.data.ReadReport}. A reader never changes the data set silently.
 *
 * <pre>{@code
 * DataSplits data = DataSpec.parse("fashion-mnist").open(DataOptions.builder().limit(5000).build());
 * ImageDataset train = data.train();
 * }</pre>
 */
package org.hvs.augment.data;
