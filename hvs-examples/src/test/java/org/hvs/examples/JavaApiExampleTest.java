package org.hvs.examples;

import org.hvs.augment.data.Shapes;
import org.hvs.core.train.FitResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaApiExampleTest {

    @Test
    void theReadmeExampleRunsOnTinyData() {
        FitResult r = JavaApiExample.pretrain(Shapes.train(1, 32, 16), 1, 8);
        assertEquals(4, r.steps());
        assertTrue(Double.isFinite(r.finalLoss()));
        assertTrue(r.selectedIouMean() >= 0 && r.selectedIouMean() <= 1);
    }
    @Test
    void theExampleEncoderAppliesItsReLUs() {
        // DL4J M2.1's BatchNormalization ignores an activation set on it: the example must not rely on one
        assertTrue(org.hvs.core.method.Backbone.ignoredActivations(
                JavaApiExample.myEncoder(3, 16).getConfiguration()).isEmpty());
        assertTrue(JavaApiExample.myEncoder(3, 16).getConfiguration().getVertices().containsKey("relu1"));
    }
}
