/**
 * The Vision Transformer backbone ({@link org.hvs.ssl.backbone.vit.VisionTransformer}) and its DL4J
 * SameDiff layers: {@link org.hvs.ssl.backbone.vit.PatchTokens} (class token, mask token, position
 * embeddings with {@link org.hvs.ssl.backbone.vit.PositionInterpolation}),
 * {@link org.hvs.ssl.backbone.vit.TransformerBlock}, {@link org.hvs.ssl.backbone.vit.TokenNorm} and
 * {@link org.hvs.ssl.backbone.vit.TokenSelect}. Token sequences travel between layers in DL4J's
 * recurrent format {@code [B, D, N]}, the class token first. Each layer runs a hand-written ND4J
 * pass ({@code BlockPass}, {@code TokensPass}, {@link org.hvs.ssl.nn.ManualLayer}); its SameDiff
 * {@code defineLayer} is the reference the tests compare it with.
 */
package org.hvs.ssl.backbone.vit;
