package org.hvs.core.select;

import org.hvs.augment.MultiViewBatch;
import org.hvs.core.schedule.Schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Selection without a forward pass: HVS picks low-overlap pairs, so pick them by crop-box IoU
 * directly. Without a threshold, per sample the candidate whose two global boxes overlap least;
 * with a threshold schedule, a seeded random candidate among those at or below the threshold (the
 * lowest-IoU one when none is).
 */
public final class IouViewSelector implements ViewSelector {
    private final Schedule threshold;

    /** @param threshold IoU threshold per step, or {@code null} for "always the lowest IoU" */
    public IouViewSelector(Schedule threshold) {
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "iou";
    }

    @Override
    public Selection select(SelectionRequest request) {
        MultiViewBatch views = request.views();
        List<Candidate> candidates = request.candidates();
        int[] chosen = new int[views.batchSize()];
        SplittableRandom rng = new SplittableRandom(request.seed());
        double t = threshold == null ? Double.NaN : threshold.valueAt(request.step());
        for (int b = 0; b < chosen.length; b++) {
            int lowest = 0;
            double lowestIou = Double.POSITIVE_INFINITY;
            List<Integer> below = new ArrayList<>();
            for (int c = 0; c < candidates.size(); c++) {
                Candidate cand = candidates.get(c);
                double iou = views.iou(cand.first(), cand.second(), b);
                if (iou < lowestIou) {
                    lowestIou = iou;
                    lowest = c;
                }
                if (iou <= t) {
                    below.add(c);
                }
            }
            chosen[b] = below.isEmpty() ? lowest : below.get(rng.nextInt(below.size()));
        }
        return new Selection(candidates, chosen);
    }
}
