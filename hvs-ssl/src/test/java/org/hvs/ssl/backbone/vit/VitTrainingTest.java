package org.hvs.ssl.backbone.vit;

import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hvs.core.method.Backbone;
import org.hvs.core.method.SslMethod;
import org.hvs.core.method.StepContext;
import org.hvs.core.method.TrainingSetup;
import org.hvs.core.method.TrainingViews;
import org.hvs.core.testing.TestViews;
import org.hvs.core.train.GraphTraining;
import org.hvs.core.train.Optimizer;
import org.hvs.ssl.method.Dino;
import org.hvs.ssl.method.SimSiam;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ViT trains unchanged through the existing methods (SimSiam, DINO with local crops). */
class VitTrainingTest {
    /** The mask token is only used by the masked variant: no gradient reaches it in the plain graph. */
    private static final String MASK_TOKEN = VisionTransformer.TOKENS + "_" + PatchTokens.MASK_TOKEN;

    private static Backbone backbone(int imageSize) {
        ComputationGraph g = VisionTransformer.builder().imageSize(imageSize).patchSize(4).dim(16).depth(2).heads(2)
                .seed(9).build().build();
        return Backbone.of(g, 3, imageSize, imageSize);
    }

    private static Map<String, INDArray> snapshot(ComputationGraph g) {
        Map<String, INDArray> m = new HashMap<>();
        g.paramTable().forEach((k, v) -> m.put(k, v.dup()));
        return m;
    }

    private static void assertMoved(Map<String, INDArray> before, ComputationGraph g, String prefixFilter) {
        for (var e : before.entrySet()) {
            String k = e.getKey();
            if (k.equals(MASK_TOKEN) || !k.startsWith(prefixFilter)) {
                continue;
            }
            double change = e.getValue().sub(g.getParam(k)).norm2Number().doubleValue();
            assertTrue(change > 0, k + " did not change");
        }
        assertEquals(before.get(MASK_TOKEN), g.getParam(MASK_TOKEN), "no gradient reaches the unused mask token");
    }

    @Test
    void simSiamTrainsEveryParameterWithTheMethodsOptimizer() {
        SslMethod m = SimSiam.builder().backbone(backbone(8)).projectorHidden(16).projectorDim(16).predictorHidden(8)
                .build();
        m.initialize(new TrainingSetup(Optimizer.adamW(1e-3, 0.05), 7));
        ComputationGraph student = m.networks().get("student");
        // DL4J's fine-tuning alone would leave the ViT's SameDiff layers on the backbone's placeholder Sgd(0.1)
        var block = (AbstractSameDiffLayer) student.getLayer(VisionTransformer.blockName(0)).conf().getLayer();
        assertInstanceOf(Adam.class, block.getUpdater());
        GraphTraining.setLearningRate(student, 0.0123);
        assertEquals(0.0123, ((Adam) block.getUpdater()).getLearningRate(), 1e-12);

        Map<String, INDArray> before = snapshot(student);
        var views = TestViews.random(6, 2, 3, 8, 8, null, 4);
        TrainingViews tv = new TrainingViews(views.view(0), views.view(1), List.of());
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 4; step++) {
            last = m.trainStep(tv, new StepContext(step, 0, 100, 10, 1e-3)).loss();
            first = step == 0 ? last : first;
            assertTrue(Double.isFinite(last), "loss at step " + step + ": " + last);
        }
        assertTrue(last < first, "loss should fall on a fixed batch: " + first + " -> " + last);
        assertMoved(before, student, "");
    }

    @Test
    void dinoTrainsTheBackboneOnGlobalAndLocalCropSizes() {
        Dino d = Dino.builder().backbone(backbone(16)).outDim(32).hiddenDim(16).bottleneckDim(8).localCrops(2).build();
        d.initialize(new TrainingSetup(Optimizer.adamW(5e-3, 0), 1));
        ComputationGraph student = d.networks().get("student");
        Map<String, INDArray> before = snapshot(student);
        var globals = TestViews.random(4, 2, 3, 16, 16, null, 5);
        var locals = TestViews.random(4, 2, 3, 8, 8, null, 6);   // a 2 x 2 patch grid: interpolated positions
        TrainingViews tv = new TrainingViews(globals.view(0), globals.view(1), List.of(locals.view(0), locals.view(1)));
        for (int step = 0; step < 2; step++) {
            double loss = d.trainStep(tv, new StepContext(step, 0, 100, 10, 5e-3)).loss();
            assertTrue(Double.isFinite(loss), "loss at step " + step + ": " + loss);
        }
        Map<String, INDArray> backboneOnly = new HashMap<>(before);
        backboneOnly.keySet().removeIf(k -> k.startsWith("head"));
        assertMoved(backboneOnly, student, "");
    }
}
