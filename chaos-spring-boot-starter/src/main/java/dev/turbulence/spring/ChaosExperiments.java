package dev.turbulence.spring;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The experiments and game days declared in {@code chaos.experiments.*} and {@code chaos.game-days.*}, run
 * one at a time on a thread of their own: on request, on a cron schedule or on an application event. Its
 * signatures name no Resilience4j type, so the endpoint works whether or not chaos-resilience4j is present.
 */
public interface ChaosExperiments {

    /** Every declared experiment and game day: name, kind, schedule, trigger, whether it runs, last verdict. */
    List<Map<String, Object>> list();

    /** Starts the experiment or game day called {@code name}. */
    Start start(String name, Principal principal);

    /** The last report of {@code name} in its JSON form, as a tree. */
    Optional<Map<String, Object>> lastReport(String name);

    /** The last report of {@code name} as its self-contained HTML page. */
    Optional<String> lastReportHtml(String name);

    /**
     * The outcome of a start request.
     *
     * @param runId the new run's id when {@link Outcome#STARTED}
     */
    record Start(Outcome outcome, String runId, String message) {}

    /** Whether a start request started a run, and if not, why. */
    enum Outcome {
        STARTED,
        /** another run is under way: one experiment at a time */
        ALREADY_RUNNING,
        /** the production guard holds: chaos stays off */
        BLOCKED,
        /** the experiment names what does not exist here, or assaults already defined: nothing was injected */
        INVALID,
        UNKNOWN
    }
}
