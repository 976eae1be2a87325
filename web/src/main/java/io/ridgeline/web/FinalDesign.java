package io.ridgeline.web;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.Scenario;

/** The scenario the advisor ended with: the final design, and the final model and GPU when the loop changed them. */
public final class FinalDesign {

    private FinalDesign() {
    }

    public static Scenario scenario(Ridgeline r, Scenario s, Advice a) {
        Scenario f = s.withDesign(a.finalDesign());
        if (!a.finalModel().equals(s.model().id())) {
            f = f.withModel(r.catalogs().model(a.finalModel()));
        }
        if (!a.finalGpu().equals(s.cluster().gpu().id())) {
            Gpu gpu = r.catalogs().gpu(a.finalGpu());
            f = f.withCluster(s.cluster().withGpu(gpu), r.catalogs().efficiency(gpu));
        }
        return f;
    }
}
