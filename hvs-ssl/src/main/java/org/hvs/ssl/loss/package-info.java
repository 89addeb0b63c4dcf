/**
 * Self-supervised losses with their value, their analytic gradient and per-sample scores for Hard
 * View Selection: {@link org.hvs.ssl.loss.NegativeCosineLoss} (SimSiam),
 * {@link org.hvs.ssl.loss.NtXentLoss} (SimCLR), {@link org.hvs.ssl.loss.DinoLoss} (DINO, and
 * iBOT's CLS term) and {@link org.hvs.ssl.loss.IbotPatchLoss} (iBOT's masked patch term, on
 * {@code [V*B, T, K]} patch logits with {@code [V*B, T]} masks); centres and temperatures are passed
 * in by the trainer, never updated inside a loss.
 *
 * <p>Each loss is a small stateless object: {@code compute(...)} returns the mean loss and the
 * gradient of that mean with respect to the inputs that receive one; {@code perSample(...)} returns
 * the per-sample terms whose mean is the loss; {@code pairScores(...)} scores every candidate view
 * pair from one stacked, view-major batch of embeddings ({@code [N*B, D]}, row {@code v*B + b} is
 * view {@code v} of sample {@code b}) and returns {@code [pairs, B]}.
 */
package org.hvs.ssl.loss;
