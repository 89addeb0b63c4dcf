import org.hvs.augment.data.InMemoryDataset;
import org.hvs.augment.data.ShapeColours;
import org.hvs.augment.data.Shapes;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the {@code shapes} data the command line trains on (seed 42, 4,000 train and 1,000 test
 * images, 32 px) as raw little-endian float32 [N, 3, 32, 32] plus one label per line, for the PyTorch
 * scripts beside this file.
 *
 * <pre>
 * java -cp hvs-examples/target/hvs.jar tools/torch-crosscheck/ExportShapes.java NATURAL data/shapes
 * java -cp hvs-examples/target/hvs.jar tools/torch-crosscheck/ExportShapes.java RANDOM_RGB data/shapes-rgb
 * </pre>
 */
public final class ExportShapes {
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ExportShapes NATURAL|RANDOM_RGB OUT_DIR");
            System.exit(2);
        }
        ShapeColours colours = ShapeColours.valueOf(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        write(Shapes.train(42, 4000, 32, colours), out, "train");
        write(Shapes.test(42, 1000, 32, colours), out, "test");
    }

    private static void write(InMemoryDataset d, Path dir, String split) throws IOException {
        int per = d.channels() * d.height() * d.width();
        ByteBuffer bytes = ByteBuffer.allocate(4 * per * d.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < d.size(); i++) {
            for (float f : d.image(i).data()) {
                bytes.putFloat(f);
            }
        }
        try (OutputStream o = Files.newOutputStream(dir.resolve(split + "_x.f32"))) {
            o.write(bytes.array());
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve(split + "_y.txt")))) {
            for (int i = 0; i < d.size(); i++) {
                w.println(d.label(i));
            }
        }
        System.out.printf("%s/%s: %d images %dx%dx%d%n", dir, split, d.size(), d.channels(), d.height(), d.width());
    }
}
