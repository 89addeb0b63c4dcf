/**
 * Training: {@link org.hvs.core.train.HvsTrainer}, the external-loss path through a DL4J graph ({@link org.hvs.core.train.GraphTraining}), optimisers, seeds.
 */
package org.hvs.core.train;
