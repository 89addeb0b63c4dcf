/**
 * View recipes: the augmentation pipelines of SimCLR, SimSiam, DINO and iBOT as named
 * {@link org.hvs.augment.recipe.ViewRecipe}s, and a method's view plan (how many global
 * candidates from which recipe, how many local crops) as a
 * {@link org.hvs.augment.recipe.MultiViewRecipe}.
 *
 * <pre>{@code
 * MultiViewRecipe plan = MultiViewRecipe.multiCrop(ViewRecipe.dinoGlobal1(32), ViewRecipe.dinoGlobal2(32), 4,
 *         ViewRecipe.dinoLocal(16), 6);
 * }</pre>
 */
package org.hvs.augment.recipe;
