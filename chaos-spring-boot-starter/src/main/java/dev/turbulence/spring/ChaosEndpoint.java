package dev.turbulence.spring;

import dev.turbulence.Assault;
import dev.turbulence.AssaultSchema;
import dev.turbulence.AssaultStatus;
import dev.turbulence.ChaosEngine;
import dev.turbulence.ChaosEvent;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import dev.turbulence.stress.Stressor;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.lang.Nullable;

/**
 * The {@code chaos} actuator endpoint: reads the chaos state and sets it, over any technology actuator offers (web,
 * JMX) with typed results. Writes are idempotent — they set state rather than toggle it — and each is logged and
 * published as an audit event with the principal. What it refuses it throws as {@link Refused}, which
 * {@link ChaosWebEndpointExtension} answers on the web with its status and body; a definition that fails
 * validation changes nothing.
 */
@Endpoint(id = "chaos")
public class ChaosEndpoint {

    private static final System.Logger LOG = System.getLogger(ChaosEndpoint.class.getName());
    private static final String ASSAULTS = "assaults";
    private static final String EXPERIMENTS = "experiments";

    private final ChaosEngine engine;
    private final ChaosGuard guard;
    private final ApplicationEventPublisher events;
    private final ChaosExperiments experiments;

    /**
     * The latest state of each stressor, by assault: an assault's entry goes with it when the plan drops it,
     * and a stressor's "stopped" arriving after its assault was removed leaves nothing behind. (A new
     * stressor's first states may arrive before the plan change that names it, so they are always kept.)
     */
    private final Map<String, ChaosEvent.StressorChanged> stressorStates = new ConcurrentHashMap<>();

    private volatile Set<String> planned;

    /** {@code experiments} may be {@code null} when chaos-resilience4j is not on the classpath. */
    public ChaosEndpoint(
            ChaosEngine engine,
            ChaosGuard guard,
            ApplicationEventPublisher events,
            @Nullable ChaosExperiments experiments) {
        this.engine = engine;
        this.guard = guard;
        this.events = events;
        this.experiments = experiments;
        engine.addListener(this::track);
        planned =
                engine.status().stream().map(status -> status.assault().name()).collect(Collectors.toSet());
    }

    private void track(ChaosEvent event) {
        if (event instanceof ChaosEvent.PlanChanged changed) {
            planned = Set.copyOf(changed.assaults());
            stressorStates.keySet().retainAll(planned);
        } else if (event instanceof ChaosEvent.StressorChanged changed) {
            if (changed.state() == Stressor.State.STOPPED && !planned.contains(changed.assault())) {
                stressorStates.remove(changed.assault());
            } else {
                stressorStates.put(changed.assault(), changed);
            }
        }
    }

    @ReadOperation
    public ChaosDocument chaos() {
        return new ChaosDocument(engine.isEnabled(), guard, assaults(), stressors(), experiments(), callSites());
    }

    /**
     * Switches chaos on or off; off is the kill switch.
     *
     * @throws Refused with status 409 and the guard's reason when switching on while the production guard holds;
     *     chaos stays off
     */
    @WriteOperation
    public ChaosDocument enabled(boolean enabled, @Nullable SecurityContext security) {
        if (enabled) {
            String refused = guard.blocked() ? guard.reason() : null;
            if (refused == null) {
                try {
                    engine.enable();
                } catch (IllegalStateException engineGuardRefused) {
                    refused = engineGuardRefused.getMessage();
                }
            }
            if (refused != null) {
                throw new Refused(409, new Problem("enabled", true, "is refused: " + refused));
            }
        } else {
            engine.disable();
        }
        audit(security, enabled ? "CHAOS_ENABLED" : "CHAOS_DISABLED", Map.of());
        return chaos();
    }

    /**
     * Every assault, or every declared experiment and game day.
     *
     * @throws Refused with status 404 for another section
     */
    @ReadOperation
    public List<Map<String, Object>> section(@Selector String section) {
        if (ASSAULTS.equals(section)) {
            return assaults();
        }
        if (EXPERIMENTS.equals(section)) {
            return experiments();
        }
        throw notFound(section);
    }

    /**
     * An assault with its state, or the last report of an experiment or game day.
     *
     * @throws Refused with status 404 when there is none, saying whether an experiment is declared but has not run
     */
    @ReadOperation
    public Object item(@Selector String section, @Selector String name) {
        if (EXPERIMENTS.equals(section) && experiments != null) {
            return experiments.lastReport(name).orElseThrow(() -> noReport(name));
        }
        if (ASSAULTS.equals(section)) {
            return assaults().stream()
                    .filter(assault -> name.equals(assault.get("name")))
                    .findFirst()
                    .orElseThrow(() -> notFound(section + "/" + name));
        }
        throw notFound(section);
    }

    /** The last report of experiment {@code name} as its HTML page, if it has one; for the web extension. */
    Optional<String> reportHtml(String name) {
        return experiments == null ? Optional.empty() : experiments.lastReportHtml(name);
    }

    /**
     * The write under a section: {@code assaults/{name}} defines the assault called {@code name} from
     * {@code definition}, the assault schema as JSON text, replacing any of that name, and returns it as stored.
     * {@code experiments/{name}} starts a declared experiment or game day and returns its run id.
     *
     * @throws Refused with status 400 and every problem when the definition is not valid (nothing changes); for
     *     a start, 409 while another runs or the production guard holds, 400 with the reason when it names what
     *     does not exist here (nothing is injected), 404 for an unknown name
     */
    @WriteOperation
    public Map<String, Object> write(
            @Selector String section,
            @Selector String name,
            @Nullable String definition,
            @Nullable SecurityContext security) {
        if (ASSAULTS.equals(section)) {
            return define(name, definition, security);
        }
        if (!EXPERIMENTS.equals(section) || experiments == null) {
            throw notFound(section + "/" + name);
        }
        ChaosExperiments.Start start = experiments.start(name, security != null ? security.getPrincipal() : null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("runId", start.runId());
        body.put("message", start.message());
        switch (start.outcome()) {
            case STARTED -> audit(security, "CHAOS_EXPERIMENT_STARTED", Map.of("name", name, "runId", start.runId()));
            case ALREADY_RUNNING, BLOCKED -> throw new Refused(409, body);
            case INVALID -> throw new Refused(400, body);
            case UNKNOWN -> throw new Refused(404, body);
        }
        return body;
    }

    private Map<String, Object> define(String name, @Nullable String definition, @Nullable SecurityContext security) {
        if (definition == null) {
            throw new Refused(400, new Problem("(body)", null, "must be the assault definition as JSON"));
        }
        try {
            Assault assault = AssaultSchema.fromTree(AssaultSchema.parseTree(definition), name);
            // what the endpoint knew of a previous definition's stressor goes now, whatever order events arrive in
            stressorStates.remove(name);
            engine.define(assault);
            audit(security, "CHAOS_ASSAULT_DEFINED", AssaultSchema.toTree(assault));
            @SuppressWarnings("unchecked")
            Map<String, Object> stored = (Map<String, Object>) item(ASSAULTS, name);
            return stored;
        } catch (InvalidDefinitionException invalid) {
            throw new Refused(400, new Errors(invalid.problems()));
        }
    }

    /**
     * Deletes the assault called {@code name} that the endpoint or code defined, and returns the state; when there is
     * none, nothing changes and the state is returned as well, so that a delete is safe to repeat.
     *
     * @throws Refused with status 409 when another flag source (a file, the properties, a system property) defines
     *     it, which only that source can change; 404 for a section other than {@code assaults}
     */
    @DeleteOperation
    public ChaosDocument delete(@Selector String section, @Selector String name, @Nullable SecurityContext security) {
        if (!ASSAULTS.equals(section)) {
            throw notFound(section + "/" + name);
        }
        if (engine.assaults().remove(name)) {
            stressorStates.remove(name);
            audit(security, "CHAOS_ASSAULT_DELETED", Map.of("name", name));
        } else if (engine.status().stream()
                .anyMatch(status -> status.assault().name().equals(name))) {
            throw new Refused(
                    409,
                    new Problem(
                            "name",
                            name,
                            "is defined by another flag source (a file, the properties or a system property);"
                                    + " change it there"));
        }
        return chaos();
    }

    /** The call sites chaos can reach, as {@code {kind, name}}: what {@code chaos.beans.include} and the rest took. */
    private List<CallSiteView> callSites() {
        return engine.callSites().stream()
                .map(site -> new CallSiteView(site.kind().id(), site.name()))
                .toList();
    }

    private List<Map<String, Object>> experiments() {
        return experiments == null ? List.of() : experiments.list();
    }

    private List<Map<String, Object>> assaults() {
        return engine.status().stream().map(this::view).toList();
    }

    /** The stressors among the assaults, with what each holds now. */
    private List<Map<String, Object>> stressors() {
        return engine.status().stream()
                .filter(status -> status.assault().stress() != null)
                .map(status -> {
                    Map<String, Object> view = view(status);
                    ChaosEvent.StressorChanged latest =
                            stressorStates.get(status.assault().name());
                    view.put(
                            "stressor",
                            latest == null
                                    ? "not started"
                                    : latest.state().name().toLowerCase(Locale.ROOT));
                    view.put("held", latest == null ? 0 : latest.held());
                    return view;
                })
                .toList();
    }

    private Map<String, Object> view(AssaultStatus status) {
        Map<String, Object> view = AssaultSchema.toTree(status.assault());
        view.put("state", engine.isEnabled() ? status.state().name().toLowerCase(Locale.ROOT) : "pending");
        view.put("injections", status.injections());
        view.put("source", status.source());
        view.put("activatedAt", status.activatedAt().toString());
        view.put("expiresAt", status.expiresAt().toString());
        return view;
    }

    private void audit(@Nullable SecurityContext security, String type, Map<String, Object> data) {
        Principal principal = security != null ? security.getPrincipal() : null;
        String who = principal != null ? principal.getName() : "anonymous";
        LOG.log(System.Logger.Level.INFO, "Chaos " + type + " by " + who + " " + data);
        events.publishEvent(new AuditApplicationEvent(who, type, data));
    }

    private Refused noReport(String name) {
        List<Object> declared =
                experiments().stream().map(view -> view.get("name")).toList();
        String message = declared.contains(name)
                ? "has no report yet: start it with POST experiments/" + name
                : "must name an experiment or game day declared in chaos.experiments or chaos.game-days; declared are "
                        + declared;
        return new Refused(404, new Problem("path", EXPERIMENTS + "/" + name, message));
    }

    private static Refused notFound(String what) {
        return new Refused(404, new Problem("path", what, "must name an existing assault under assaults/"));
    }

    /**
     * The state of chaos in this application.
     *
     * @param enabled whether chaos is on
     * @param guard the production guard and why it holds
     * @param assaults every assault defined, with {@code state}, {@code injections} and {@code expiresAt}
     * @param stressors the assaults whose stressors run or ran, with their state and what they hold
     * @param experiments every declared experiment and game day, with its last run
     * @param callSites every call site chaos can reach, as {@code kind} and {@code name}
     */
    public record ChaosDocument(
            boolean enabled,
            ChaosGuard guard,
            List<Map<String, Object>> assaults,
            List<Map<String, Object>> stressors,
            List<Map<String, Object>> experiments,
            List<CallSiteView> callSites) {}

    /** A call site chaos can reach: its kind, such as {@code http}, and its name. */
    public record CallSiteView(String kind, String name) {}

    /** The answer to a rejected write: every problem, each with its field, value and message. */
    public record Errors(List<Problem> errors) {}

    /**
     * An operation the endpoint refuses: the status a web client is answered with, and the body that says why
     * (usually {@link Errors}). Over JMX it is the operation's exception, its message naming every problem.
     */
    public static final class Refused extends RuntimeException {

        private final int status;
        private final transient Object body;

        Refused(int status, Object body) {
            super(describe(body), null, false, false);
            this.status = status;
            this.body = body;
        }

        Refused(int status, Problem problem) {
            this(status, new Errors(List.of(problem)));
        }

        private static String describe(Object body) {
            if (body instanceof Errors errors) {
                return errors.errors().stream().map(Problem::toString).collect(Collectors.joining("; "));
            }
            return body instanceof Map<?, ?> start ? String.valueOf(start.get("message")) : String.valueOf(body);
        }

        /** The HTTP status of the answer: 400, 404 or 409. */
        public int status() {
            return status;
        }

        /** What the answer says: {@link Errors}, or for a start that did not start its name, run id and message. */
        public Object body() {
            return body;
        }
    }
}
