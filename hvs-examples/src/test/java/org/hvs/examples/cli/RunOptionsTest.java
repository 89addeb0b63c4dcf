package org.hvs.examples.cli;

import org.hvs.augment.recipe.MultiViewRecipe;
import org.hvs.augment.recipe.ViewRecipe;
import org.hvs.augment.transform.ColorJitter;
import org.hvs.augment.transform.Compose;
import org.hvs.augment.transform.RandomGrayscale;
import org.hvs.augment.transform.RandomResizedCrop;
import org.hvs.augment.transform.ViewTransform;
import org.hvs.ssl.backbone.vit.TransformerBlock;
import org.hvs.ssl.backbone.vit.VisionTransformer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The defaults the README and the usage text promise, per method and backbone. */
class RunOptionsTest {

    private static RunOptions parse(String... argv) {
        return new RunOptions(new Args("pretrain", argv, 0));
    }

    @Test
    void pretrainDefaultsAreTheMainJob() {
        RunOptions o = parse();
        assertEquals("simsiam", o.method);
        assertEquals("hvs", o.selector);
        assertEquals(4, o.views);
        assertEquals("shapes", o.data);
        assertEquals(4000, o.limit);
        assertEquals(8, o.epochs);
        assertEquals(64, o.batch);
        assertEquals(4.0, o.hvsWarmupEpochs);
        assertEquals("resnet", o.backboneKind());
        assertEquals("sgd", o.optimizer);
    }

    @Test
    void benchKeepsItsOwnBatchUnlessTold() {
        assertEquals(128, new RunOptions(new Args("bench", new String[0], 0), 128).batch);
        assertEquals(32, new RunOptions(new Args("bench", new String[] {"--batch", "32"}, 0), 128).batch);
    }

    @Test
    void dinoOnTheResNetTakesDinosResNetRecipeWithAFollowingTeacher() {
        RunOptions o = parse("--method", "dino");
        assertEquals("sgd", o.optimizer);
        assertEquals(0.1, o.lr);
        assertEquals(5e-4, o.weightDecay);
        assertEquals(o.weightDecay, o.weightDecayEnd);
        assertEquals(256, o.dinoOutDim);
        assertTrue(o.dinoHeadBn);
        assertEquals(0.04, o.teacherTemp);
        assertEquals(0.98, o.teacherMomentum);
        assertEquals(0.98, o.teacherMomentumEnd);
    }

    @Test
    void hvsScoresFixedLocalsOnlyWhenAskedAndAlwaysScoresSelectedOnes() {
        assertFalse(parse("--method", "dino").scoreLocals);
        assertTrue(parse("--method", "dino", "--score-locals").scoreLocals);
        assertTrue(parse("--method", "dino", "--select-locals").scoreLocals);
        assertFalse(parse("--method", "ibot").scoreLocals);
        Args.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(Args.UsageException.class,
                () -> parse("--method", "dino", "--select-locals", "--score-locals", "false"));
        assertTrue(e.getMessage().contains("--select-locals"), e.getMessage());
    }

    @Test
    void distillationOnTheVitTakesDinosVitRecipe() {
        for (String method : new String[] {"ibot", "dino"}) {
            RunOptions o = method.equals("ibot") ? parse("--method", method) : parse("--method", method, "--backbone", "vit");
            assertEquals("vit", o.backboneKind(), method);
            assertEquals("adamw", o.optimizer, method);
            assertEquals(2e-3, o.lr, method);
            assertEquals(0.04, o.weightDecay, method);
            assertEquals(0.4, o.weightDecayEnd, method);
            assertEquals(1024, o.dinoOutDim, method);
            assertFalse(o.dinoHeadBn, method);
            assertEquals(0.07, o.teacherTemp, method);
            assertEquals(0.996, o.teacherMomentum, method);
            assertEquals(1.0, o.teacherMomentumEnd, method);
        }
    }

    @Test
    void explicitValuesWinOverTheRecipe() {
        RunOptions o = parse("--method", "dino", "--teacher-momentum", "0.99", "--dino-head-bn", "false",
                "--weight-decay", "0.01", "--weight-decay-end", "0.1");
        assertEquals(0.99, o.teacherMomentum);
        assertEquals(0.99, o.teacherMomentumEnd, "the end follows an explicit start on the ResNet");
        assertFalse(o.dinoHeadBn);
        assertEquals(0.01, o.weightDecay);
        assertEquals(0.1, o.weightDecayEnd);
        // an explicit AdamW weight decay is kept constant unless an end is given
        RunOptions v = parse("--method", "ibot", "--weight-decay", "0.05");
        assertEquals(0.05, v.weightDecayEnd);
    }

    private static <T> T step(ViewRecipe r, Class<T> type) {
        for (ViewTransform t : ((Compose) r.transform()).steps()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError(r.name() + " has no " + type.getSimpleName());
    }

    @Test
    void colourAndCropOptionsReachEveryMethodsViews() {
        for (String method : new String[] {"simsiam", "simclr", "dino", "ibot"}) {
            MultiViewRecipe m = parse("--method", method, "--grayscale", "1", "--hue", "0.3",
                    "--crop-min-scale", "0.5").recipe(32);
            List<ViewRecipe> all = new ArrayList<>(m.globals());
            m.local().ifPresent(all::add);
            for (ViewRecipe r : all) {
                assertEquals(1.0, step(r, RandomGrayscale.class).p(), method + " " + r.name());
                assertEquals(0.3, step(r, ColorJitter.class).hue(), method + " " + r.name());
            }
            for (ViewRecipe r : m.globals()) {
                assertEquals(0.5, step(r, RandomResizedCrop.class).scaleMin(), method + " " + r.name());
            }
        }
        // without the options DINO and iBOT keep their own global crop scales; SimSiam takes shapes' 0.3
        assertEquals(0.4, step(parse("--method", "dino").recipe(32).globals().get(0),
                RandomResizedCrop.class).scaleMin());
        assertEquals(0.14, step(parse("--method", "ibot").recipe(32).globals().get(1),
                RandomResizedCrop.class).scaleMin());
        assertEquals(0.3, step(parse().recipe(32).globals().get(0),
                RandomResizedCrop.class).scaleMin());
        assertEquals(0.2, step(parse("--method", "dino").recipe(32).globals().get(0),
                RandomGrayscale.class).p());
    }

    @Test
    void vitStemIsPatchUnlessAskedAndConvNeedsAPowerOfTwoPatch() {
        assertFalse(parse("--method", "ibot").convStem);
        assertTrue(parse("--method", "ibot", "--vit-stem", "conv").convStem);
        Args.UsageException bad = org.junit.jupiter.api.Assertions.assertThrows(Args.UsageException.class,
                () -> parse("--method", "ibot", "--vit-stem", "convs"));
        assertEquals("--vit-stem must be patch or conv, got 'convs'", bad.getMessage());
        Args.UsageException odd = org.junit.jupiter.api.Assertions.assertThrows(Args.UsageException.class,
                () -> parse("--method", "ibot", "--vit-stem", "conv", "--patch", "3"));
        assertEquals("--vit-stem conv needs a power-of-two --patch >= 2, got 3", odd.getMessage());
    }

    @Test
    void vitQkvInitIsXavierUnlessAskedAndReachesTheBackbone() {
        assertEquals(TransformerBlock.QkvInit.XAVIER_UNIFORM, parse("--method", "ibot").qkvInit);
        RunOptions trunc = parse("--method", "ibot", "--vit-qkv-init", "TRUNC");
        assertEquals(TransformerBlock.QkvInit.TRUNC_NORMAL, trunc.qkvInit);
        assertEquals(TransformerBlock.QkvInit.TRUNC_NORMAL,
                VisionTransformer.from(trunc.backbone(3, 32, 32).graph()).qkvInit());
        Args.UsageException bad = org.junit.jupiter.api.Assertions.assertThrows(Args.UsageException.class,
                () -> parse("--method", "ibot", "--vit-qkv-init", "he"));
        assertEquals("--vit-qkv-init must be xavier or trunc, got 'he'", bad.getMessage());
    }

    @Test
    void benchGivesEachMethodItsOwnDefaultsAndKeepsWhatWasGiven() {
        RunOptions o = new RunOptions(new Args("bench", new String[] {"--method", "simclr,ibot", "--views", "6"}, 0), 128);
        assertEquals("simclr", o.method);
        assertEquals("resnet", o.backboneKind());
        assertEquals("sgd", o.optimizer);
        RunOptions ibot = o.withMethod("ibot");
        assertEquals("ibot", ibot.method);
        assertEquals("vit", ibot.backboneKind());
        assertEquals("adamw", ibot.optimizer);
        assertEquals(6, ibot.views);
        assertEquals(128, ibot.batch);
        assertEquals("simclr", o.method, "the original is unchanged");
        Args.UsageException bad = org.junit.jupiter.api.Assertions.assertThrows(Args.UsageException.class,
                () -> o.withMethod("byol"));
        assertTrue(bad.getMessage().contains("'byol'"), bad.getMessage());
    }

    @Test
    void patchWeightIsIbotsLambdaTwoAndDefaultsToOne() {
        assertEquals(1.0, parse("--method", "ibot").patchWeight);
        assertEquals(0.25, parse("--method", "ibot", "--patch-weight", "0.25").patchWeight);
        // the run's summary records it, with the head's batch norm, so that a run can be repeated
        java.util.Map<String, Object> d = parse("--method", "ibot", "--patch-weight", "0.25", "--dino-head-bn", "true").describe();
        assertEquals(0.25, d.get("patch_weight"));
        assertEquals(true, d.get("dino_head_bn"));
        org.junit.jupiter.api.Assertions.assertThrows(Args.UsageException.class,
                () -> parse("--method", "ibot", "--patch-weight", "-1"));
    }
}
