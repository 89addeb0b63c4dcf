package org.hvs.augment;

import org.hvs.augment.recipe.MultiViewRecipe;
import org.hvs.augment.recipe.ViewRecipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContactSheetTest {

    @Test
    void writesAPngWithOneRowPerSource(@TempDir Path dir) throws Exception {
        List<Image> sources = List.of(ImageConversionsTest.random(3, 24, 32, 1), ImageConversionsTest.random(3, 24, 24, 2));
        try (MultiViewGenerator g = MultiViewGenerator.builder().threads(1).seed(5).recipe(MultiViewRecipe
                .multiCrop(ViewRecipe.dinoGlobal1(16), ViewRecipe.dinoGlobal2(16), 2, ViewRecipe.dinoLocal(8), 2))
                .build()) {
            List<List<View>> views = List.of(g.views(sources.get(0), 0, 0), g.views(sources.get(1), 1, 0));
            Path file = dir.resolve("sub/sheet.png");
            ContactSheet.write(file, sources, views, 32);
            BufferedImage back = ImageIO.read(file.toFile());
            assertNotNull(back);
            assertEquals(5 * (32 + 4) + 4, back.getWidth());  // source + 4 views
            assertEquals(2 * (32 + 4) + 4, back.getHeight());
            assertNotEquals(back.getRGB(0, 0), back.getRGB(4 + 16, 4 + 10)); // something drawn
        }
    }

    @Test
    void distinctColoursAndValidation() {
        assertNotEquals(ContactSheet.colour(0), ContactSheet.colour(1));
        assertNotEquals(ContactSheet.colour(1), ContactSheet.colour(2));
        assertEquals("cell must be >= 8 pixels, got 4", assertThrows(IllegalArgumentException.class,
                () -> ContactSheet.render(List.of(Image.zeros(1, 4, 4)), List.of(List.of()), 4)).getMessage());
        assertEquals("sources and views differ in length: 1 and 0", assertThrows(IllegalArgumentException.class,
                () -> ContactSheet.render(List.of(Image.zeros(1, 4, 4)), List.of(), 16)).getMessage());
    }
}
