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
    @Test
    void reportsABatchNormWhoseActivationDl4jIgnores() {
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf =
                new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                        .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(4))
                        .addLayer("d", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(4)
                                .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build(), "in")
                        .addLayer("bnRelu", new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder()
                                .activation(org.nd4j.linalg.activations.Activation.RELU).build(), "d")
                        .addLayer("bnPlain", new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().build(), "bnRelu")
                        .setOutputs("bnPlain").build();
        java.util.List<String> w = Backbone.ignoredActivations(conf);
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("'bnRelu'") && w.get(0).contains("relu"), w.get(0));
    }

    @Test
    void theTestBackboneHasNoIgnoredActivation() {
        assertTrue(Backbone.ignoredActivations(TinyNets.convBackbone(3, 8, 6, 1).getConfiguration()).isEmpty());
    }
}
