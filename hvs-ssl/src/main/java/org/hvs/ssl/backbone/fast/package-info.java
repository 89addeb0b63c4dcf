/**
 * Fast CPU implementations of the backbone's layers (convolution, batch normalisation, ReLU and the
 * residual add) that call ND4J's native kernels ({@code conv2d}, {@code conv2d_bp}, {@code moments},
 * {@code batchnorm}, {@code step}) in NHWC layout; on the oneDNN build of the CPU backend the
 * convolutions run at 100-350 GFLOP/s against ~5-10 for DL4J's own im2col layers (see
 * {@code docs/cpu-backend.md} and {@link org.hvs.ssl.backbone.BackboneSpeed}).
 *
 * <p>Each configuration class extends the DL4J layer it replaces (same parameters, same names, same
 * initialisation, same JSON form plus the class name) and only swaps the runtime layer. Between fast
 * layers activations travel as logically NCHW views of physically NHWC buffers, so the graph boundary
 * stays NCHW while no layout copy is made inside a conv-BN-ReLU chain.
 *
 * <pre>{@code
 * graph.addLayer("c1_conv", FastLayers.conv(3, 1, 32), "input");
 * graph.addLayer("c1_bn", FastLayers.batchNorm(), "c1_conv");
 * graph.addLayer("c1_relu", FastLayers.relu(), "c1_bn");
 * }</pre>
 */
package org.hvs.ssl.backbone.fast;
