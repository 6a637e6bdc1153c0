package dev.turbulence.resilience4j;

/**
 * The outcome of a probe or of a whole experiment. A verdict never passes what it could not observe: when
 * the outcome cannot be decided (no fault was injected, no call reached the probed instance, a meter never
 * appeared) it is {@link #INCONCLUSIVE}, with the reason.
 */
public enum Verdict {
    /** the check held, as observed */
    PASSED,
    /** the check did not hold, as observed */
    FAILED,
    /** the check could not be decided; the explanation says why */
    INCONCLUSIVE
}
