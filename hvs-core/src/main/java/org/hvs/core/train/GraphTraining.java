package org.hvs.core.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Training a DL4J {@link ComputationGraph} from an external loss: forward with stored activations,
 * backward from the loss gradient with respect to the graph's outputs, updater, parameter update.
 * This is the path DESIGN.md describes; every method's training step goes through it.
 *
 * <p>Convention: the epsilons passed to {@link #backwardAndUpdate} are gradients of the batch-MEAN
 * loss, so the updater is called with batch size 1 and does not divide again.
 *
 * <pre>{@code
 * INDArray[] out = GraphTraining.forward(graph, x);          // train mode, activations kept
 * INDArray[] eps = ...;                                      // dLoss/dOut per output
 * GraphTraining.backwardAndUpdate(graph, eps, step, epoch, lr);
 * }</pre>
 */
public final class GraphTraining {
    private GraphTraining() {
    }

    /**
     * Training-mode forward that keeps the activations for {@link #backwardAndUpdate}. Returns the
     * graph's outputs in the order of {@code getConfiguration().getNetworkOutputs()}.
     */
    public static INDArray[] forward(ComputationGraph graph, INDArray input) {
        Objects.requireNonNull(input, "input");
        return forward(graph, new INDArray[] {input});
    }

    /** As {@link #forward(ComputationGraph, INDArray)} for a graph with several inputs (e.g. image and mask). */
    public static INDArray[] forward(ComputationGraph graph, INDArray[] inputs) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(inputs, "inputs");
        requireNoTrainingWorkspaces(graph);
        Map<String, INDArray> acts = graph.feedForward(inputs, true, false);
        List<String> outs = graph.getConfiguration().getNetworkOutputs();
        INDArray[] result = new INDArray[outs.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = acts.get(outs.get(i));
        }
        return result;
    }

    /**
     * Backpropagates {@code epsilons} (dLoss/dOutput per network output, mean loss over the batch),
     * applies the updater (including decoupled weight decay) at learning rate {@code lr}, and
     * subtracts the update from the parameters.
     */
    public static void backwardAndUpdate(ComputationGraph graph, INDArray[] epsilons, long step, int epoch, double lr) {
        update(graph, backward(graph, epsilons), step, epoch, lr);
    }

    /**
     * Backpropagates {@code epsilons} from the activations of the graph's last {@link #forward}.
     * The returned gradient's arrays are views of the graph's one flat gradient buffer, which the
     * next backward overwrites: {@code dup()} {@code gradient.gradient()} to keep it.
     */
    public static Gradient backward(ComputationGraph graph, INDArray[] epsilons) {
        return graph.backpropGradient(epsilons);
    }

    /**
     * Applies the updater (and decoupled weight decay, if configured) to {@code gradient} at
     * learning rate {@code lr} and subtracts the result from the parameters.
     */
    public static void update(ComputationGraph graph, Gradient gradient, long step, int epoch, double lr) {
        setLearningRate(graph, lr);
        int iteration = (int) Math.min(Integer.MAX_VALUE, step);
        graph.getUpdater().update(gradient, iteration, epoch, 1, LayerWorkspaceMgr.noWorkspaces());
        graph.params().subi(gradient.gradient());
        graph.getConfiguration().setIterationCount(iteration + 1);
        graph.getConfiguration().setEpochCount(epoch);
    }

    /**
     * A second graph with the same configuration whose parameters ARE {@code graph}'s (one shared
     * buffer, not a copy). DL4J keeps only the activations of the last forward, so a method that
     * forwards two batches of different image sizes (DINO's global and local crops) forwards one on
     * each graph and adds the two gradients.
     */
    public static ComputationGraph twin(ComputationGraph graph) {
        ComputationGraph t = new ComputationGraph(graph.getConfiguration().clone());
        t.init(graph.params(), false);
        return t;
    }

    /**
     * Decoupled weight decay {@code w -= rate * w} on what DINO's and iBOT's optimiser groups
     * regularise ({@code get_params_groups}: every tensor but biases and 1-D ones): the weight
     * matrices and kernels (keys ending in {@code W}, such as {@code W} or the ViT's {@code qkvW}, and
     * {@code V}) and the ViT's class token, position embeddings and mask token ({@code cls},
     * {@code pos}, {@code maskToken}); not biases or normalisation parameters. {@code rate} is
     * learning rate times decay coefficient.
     */
    public static void decayWeights(ComputationGraph graph, double rate) {
        if (rate == 0) {
            return;
        }
        for (Map.Entry<String, INDArray> e : graph.paramTable().entrySet()) {
            if (isDecayed(e.getKey())) {
                e.getValue().muli(1 - rate);
            }
        }
    }

    /** The ViT's token parameters DINO and iBOT decay (tensors of 2 or more dimensions in PyTorch). */
    private static final Set<String> DECAYED_TOKENS = Set.of("cls", "pos", "maskToken");

    /** Whether {@link #decayWeights} decays the parameter {@code layer_key}. */
    public static boolean isDecayed(String paramTableKey) {
        String param = paramTableKey.substring(paramTableKey.lastIndexOf('_') + 1);
        return param.endsWith("W") || param.equals("V") || DECAYED_TOKENS.contains(param);
    }

    /** Sets to zero the gradient of every parameter of the named layer (freezing it for this step). */
    public static void zeroLayerGradient(ComputationGraph graph, Gradient gradient, String layer) {
        org.deeplearning4j.nn.api.Layer l = graph.getLayer(layer);
        if (l == null) {
            throw new IllegalArgumentException("no layer '" + layer + "' in the graph");
        }
        for (String param : l.paramTable().keySet()) {
            INDArray g = gradient.getGradientFor(layer + "_" + param);
            if (g != null) {
                g.assign(0);
            }
        }
    }

    /**
     * Whether {@link #inference} runs inside DL4J's workspaces (system property
     * {@code hvs.inferenceWorkspaces}, default true).
     */
    static final boolean INFERENCE_WORKSPACES =
            Boolean.parseBoolean(System.getProperty("hvs.inferenceWorkspaces", "true"));

    /**
     * Inference with no gradient and unchanged parameters. In train mode ({@code trainMode=true},
     * the paper's choice for scoring candidates) batch-norm layers use batch statistics; their
     * running averages, which DL4J updates during any train-mode forward, are restored afterwards.
     *
     * <p>The forward runs in DL4J's workspaces: the intermediate activations of a selection forward
     * over N*B images go to memory kept from the previous call instead of fresh pages, and only the
     * outputs are detached. The graph's workspace modes are switched on for the call and restored
     * after it (training stays off workspaces: in M2.1 {@code calcBackpropGradients} reads the
     * inference mode, so it must be NONE whenever a backward pass runs). Set
     * {@code -Dhvs.inferenceWorkspaces=false} to run without them.
     */
    public static INDArray[] inference(ComputationGraph graph, INDArray input, boolean trainMode) {
        return inference(graph, new INDArray[] {input}, trainMode);
    }

    /** As {@link #inference(ComputationGraph, INDArray, boolean)} for a graph with several inputs. */
    public static INDArray[] inference(ComputationGraph graph, INDArray[] inputs, boolean trainMode) {
        return inference(graph, inputs, trainMode, INFERENCE_WORKSPACES);
    }

    static INDArray[] inference(ComputationGraph graph, INDArray[] inputs, boolean trainMode, boolean workspaces) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        WorkspaceMode trainingMode = conf.getTrainingWorkspaceMode();
        WorkspaceMode inferenceMode = conf.getInferenceWorkspaceMode();
        INDArray saved = trainMode ? graph.params().dup() : null;
        if (workspaces) {
            conf.setTrainingWorkspaceMode(WorkspaceMode.ENABLED);
            conf.setInferenceWorkspaceMode(WorkspaceMode.ENABLED);
        }
        try {
            return graph.output(trainMode, inputs);
        } finally {
            conf.setTrainingWorkspaceMode(trainingMode);
            conf.setInferenceWorkspaceMode(inferenceMode);
            if (saved != null) {
                graph.params().assign(saved);
            }
        }
    }

    /**
     * Fails when a network output also feeds another vertex. DL4J M2.1 backpropagates into an output
     * vertex only the external epsilon it is given, never the errors of the vertices it feeds, so the
     * gradient of everything downstream of it stops there (SimSiam puts an identity vertex after its
     * projector for this reason; iBOT's CLS head once lost its gradient to the backbone so).
     *
     * @throws IllegalStateException naming the output and the vertices it feeds
     */
    public static void requireLeafOutputs(ComputationGraph graph) {
        var conf = graph.getConfiguration();
        for (String out : conf.getNetworkOutputs()) {
            List<String> feeds = new ArrayList<>();
            conf.getVertexInputs().forEach((vertex, inputs) -> {
                if (inputs != null && inputs.contains(out)) {
                    feeds.add(vertex);
                }
            });
            if (!feeds.isEmpty()) {
                throw new IllegalStateException("network output '" + out + "' also feeds " + feeds + ": DL4J would "
                        + "backpropagate only the output's own epsilon into it, cutting off the gradient from " + feeds
                        + "; put an identity vertex after it and make that the output");
            }
        }
    }

    /**
     * External-error backprop fails in DL4J M2.1 with "outdated workspace pointer" when training
     * workspaces are on; this path switches them off for the graph (a configuration flag, no
     * numerical effect).
     */
    static void requireNoTrainingWorkspaces(ComputationGraph graph) {
        if (graph.getConfiguration().getTrainingWorkspaceMode() != WorkspaceMode.NONE) {
            graph.getConfiguration().setTrainingWorkspaceMode(WorkspaceMode.NONE);
        }
    }

    /**
     * Sets the learning rate of every layer's updater to {@code lr} in place, SameDiff layers
     * included. All layers share one rate, so the updater blocks stay as they are and their state is
     * kept.
     */
    public static void setLearningRate(ComputationGraph graph, double lr) {
        for (Layer layer : graph.getLayers()) {
            if (layer.conf() == null) {
                continue;
            }
            Object conf = layer.conf().getLayer();
            if (conf instanceof BaseLayer bl) {
                setLr(bl.getIUpdater(), lr);
                setLr(bl.getBiasUpdater(), lr);
            } else if (conf instanceof AbstractSameDiffLayer sd) {
                setLr(sd.getUpdater(), lr);
                setLr(sd.getBiasUpdater(), lr);
            }
        }
    }

    private static void setLr(IUpdater u, double lr) {
        if (u != null && u.hasLearningRate()) {
            u.setLrAndSchedule(lr, null);
        }
    }
}
