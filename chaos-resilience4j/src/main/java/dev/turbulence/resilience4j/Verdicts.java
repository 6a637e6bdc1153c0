package dev.turbulence.resilience4j;

import java.util.Map;

/** The shapes a probe result takes, and the rule that keeps a probe that could not be tested from failing. */
final class Verdicts {

    private Verdicts() {}

    static ProbeResult result(
            String phase, Probe probe, Verdict verdict, String explanation, Map<String, Object> observed) {
        return new ProbeResult(phase, probe.describe(), verdict, explanation, observed);
    }

    static ProbeResult passed(String phase, Probe probe, String explanation, Map<String, Object> observed) {
        return result(phase, probe, Verdict.PASSED, explanation, observed);
    }

    static ProbeResult failed(Probe probe, String explanation, Map<String, Object> observed) {
        return result("hypothesis", probe, Verdict.FAILED, explanation, observed);
    }

    static ProbeResult inconclusive(Probe probe, String explanation, Map<String, Object> observed) {
        return inconclusive("hypothesis", probe, explanation, observed);
    }

    static ProbeResult inconclusive(String phase, Probe probe, String explanation, Map<String, Object> observed) {
        return result(phase, probe, Verdict.INCONCLUSIVE, explanation, observed);
    }

    static ProbeResult noFault(Probe probe, Window window, Map<String, Object> observed) {
        return inconclusive(
                probe,
                "no fault was injected while the assaults ran for " + Text.duration(window.length())
                        + ": no call reached an assaulted call site, so nothing was tested",
                observed);
    }

    /**
     * A hypothesis that did not hold: FAILED, unless no fault was injected or the run was cut short before
     * the probe could be decided, which make it INCONCLUSIVE.
     */
    static ProbeResult unmet(
            Probe probe, Window window, String explanation, Map<String, Object> observed, boolean undecidedByAbort) {
        if (window.injections() == 0) {
            return noFault(probe, window, observed);
        }
        if (undecidedByAbort) {
            return inconclusive(
                    probe,
                    "undecided: the experiment was aborted by " + window.abortedBy() + " after "
                            + Text.duration(window.length()) + " of " + Text.duration(window.planned()) + "; so far "
                            + explanation,
                    observed);
        }
        return failed(probe, explanation, observed);
    }
}
