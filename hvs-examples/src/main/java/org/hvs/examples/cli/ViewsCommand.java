package org.hvs.examples.cli;

import org.hvs.augment.ContactSheet;
import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.hvs.augment.data.ImageDataset;
import org.hvs.augment.recipe.MultiViewRecipe;
import org.hvs.augment.recipe.ViewRecipe;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code hvs views}: a contact sheet PNG of candidate views, each source image with its views'
 * crop boxes drawn on it, to see what a recipe does to the data.
 */
final class ViewsCommand {
    static final String USAGE = "hvs views [--method simsiam|simclr] [--views N] [--data SPEC] [--images K] [--out FILE.png]";

    private ViewsCommand() {
    }

    static int run(Args args, PrintStream out) throws Exception {
        int images = args.integer("images", 6, 1);
        Path file = Path.of(args.string("out", "runs/views.png"));
        RunOptions o = new RunOptions(args);
        args.checkAllUsed();
        ImageDataset data = o.openData().train();
        int size = data.image(0).height();
        MultiViewRecipe recipe = o.recipe(size);
        List<Image> sources = new ArrayList<>();
        List<List<View>> views = new ArrayList<>();
        Random rng = new Random(o.seed);
        for (int i = 0; i < Math.min(images, data.size()); i++) {
            Image src = data.image(i);
            sources.add(src);
            List<View> vs = new ArrayList<>();
            for (int v = 0; v < recipe.numViews(); v++) {
                ViewRecipe r = recipe.global(v);
                vs.add(r.make(src, rng));
            }
            views.add(vs);
        }
        if (file.toAbsolutePath().getParent() != null) {
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        }
        ContactSheet.write(file, sources, views, Math.max(64, size * 2));
        out.println("wrote " + file);
        return 0;
    }
}
