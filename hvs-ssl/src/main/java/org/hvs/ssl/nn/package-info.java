/**
 * Neural-network pieces shared by heads and backbones: {@link org.hvs.ssl.nn.ExactSameDiffLayer},
 * the base of this library's DL4J SameDiff layers (with {@link org.hvs.ssl.nn.HalvedErrorLayer}, the
 * workaround for DL4J 1.0.0-M2.1's doubled SameDiff-layer gradients and its one-input-shape SameDiff
 * graphs, or {@link org.hvs.ssl.nn.ManualLayerRuntime} for a layer with a hand-written
 * {@link org.hvs.ssl.nn.ManualLayer} pass), and {@link org.hvs.ssl.nn.SameDiffOps}, GELU, layer norm and linear maps from primitive,
 * gradient-checked SameDiff ops.
 */
package org.hvs.ssl.nn;
