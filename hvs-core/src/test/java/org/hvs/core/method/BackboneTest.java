package org.hvs.core.method;

import org.hvs.core.testing.TinyNets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackboneTest {

    @Test
    void probesTheFeatureSize() {
        Backbone bb = Backbone.of(TinyNets.convBackbone(3, 8, 6, 1), 3, 8, 8);
        assertEquals(6, bb.featureDim());
        assertEquals("features", bb.featureVertex());
    }

    @Test
    void rejectsABackboneEndingInAnOutputLayer() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Backbone.of(TinyNets.withOutputLayer(3, 8), 3, 8, 8));
        assertTrue(ex.getMessage().contains("'out' is a OutputLayer"), ex.getMessage());
    }

    @Test
    void rejectsImagesOfTheWrongChannelCount() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Backbone.of(TinyNets.convBackbone(3, 8, 6, 1), 1, 8, 8));
        assertTrue(ex.getMessage().contains("[B, 1, 8, 8]"), ex.getMessage());
    }
}
