package org.hvs.ssl.backbone;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * An image encoder: a ComputationGraph from NCHW images (input {@value #INPUT}) to a feature
 * vector (output vertex {@value #FEATURES}, {@code [B, featureDim()]}), without any OutputLayer.
 *
 * <pre>{@code
 * BackbonePreset backbone = SmallResNet.builder().inputChannels(3).width(32).seed(7).build();
 * ComputationGraph graph = backbone.build();                 // initialised
 * INDArray features = graph.outputSingle(false, images);     // [B, backbone.featureDim()]
 * }</pre>
 */
public interface BackbonePreset {

    /** Name of the graph input (NCHW images). */
    String INPUT = "input";

    /** Name of the output vertex (global-average-pooled features). */
    String FEATURES = "features";

    /** The graph configuration (workspaces off, no OutputLayer); a new object each call. */
    ComputationGraphConfiguration configuration();

    /** A new, initialised graph; the same settings and seed give the same parameters. */
    ComputationGraph build();

    /** Size of the {@value #FEATURES} output. */
    long featureDim();
}
