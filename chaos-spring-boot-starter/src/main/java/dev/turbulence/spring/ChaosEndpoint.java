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
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.lang.Nullable;

/**
 * The {@code chaos} actuator endpoint: reads the chaos state and sets it. Writes are idempotent — they
 * set state rather than toggle it — and each is logged and published as an audit event with the principal.
 * A definition that fails validation is answered with 400 and every problem, and changes nothing.
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
     * Switches chaos on or off; off is the kill switch. Switching on is refused with 409 and the guard's reason
     * while the production guard holds.
     */
    @WriteOperation
    public WebEndpointResponse<Object> enabled(boolean enabled, @Nullable SecurityContext security) {
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
                return new WebEndpointResponse<>(
                        new Errors(List.of(new Problem("enabled", true, "is refused: " + refused))), 409);
            }
        } else {
            engine.disable();
        }
        audit(security, enabled ? "CHAOS_ENABLED" : "CHAOS_DISABLED", Map.of());
        return new WebEndpointResponse<>(chaos());
    }

    @ReadOperation
    public WebEndpointResponse<Object> section(@Selector String section) {
        if (ASSAULTS.equals(section)) {
            return new WebEndpointResponse<>(assaults());
        }
        if (EXPERIMENTS.equals(section)) {
            return new WebEndpointResponse<>(experiments());
        }
        return notFound(section);
    }

    /** An assault with its state, or the last report of an experiment or game day as JSON. */
    @ReadOperation
    public WebEndpointResponse<Object> item(@Selector String section, @Selector String name) {
        if (EXPERIMENTS.equals(section) && experiments != null) {
            return experiments
                    .lastReport(name)
                    .map(report -> new WebEndpointResponse<Object>(report))
                    .orElseGet(() -> noReport(name));
        }
        if (ASSAULTS.equals(section)) {
            return assaults().stream()
                    .filter(assault -> name.equals(assault.get("name")))
                    .findFirst()
                    .map(assault -> new WebEndpointResponse<Object>(assault))
                    .orElseGet(() -> notFound(section + "/" + name));
        }
        return notFound(section);
    }

    /** The last report of an experiment as its HTML page: {@code GET /actuator/chaos/experiments/{name}/html}. */
    @ReadOperation(produces = "text/html")
    public WebEndpointResponse<String> html(@Selector String section, @Selector String name, @Selector String format) {
        if (!EXPERIMENTS.equals(section) || !"html".equals(format) || experiments == null) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        return experiments
                .lastReportHtml(name)
                .map(WebEndpointResponse::new)
                .orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
    }

    /**
     * The write under a section: {@code POST assaults/{name}} defines the assault called {@code name} from
     * {@code definition}, the assault schema as JSON text (the request body itself, which
     * {@link ChaosRequestBodyFilter} hands on as this field), replacing any of that name: 200 with the stored
     * assault, or 400 with every problem and nothing changed. {@code POST experiments/{name}} starts a declared
     * experiment or game day: 202 with its run id, 409 while another runs or the production guard holds, 400 with
     * the reason when it names what does not exist here (nothing is injected), 404 for an unknown name.
     */
    @WriteOperation
    public WebEndpointResponse<Object> write(
            @Selector String section,
            @Selector String name,
            @Nullable String definition,
            @Nullable SecurityContext security) {
        if (ASSAULTS.equals(section)) {
            return define(name, definition, security);
        }
        if (!EXPERIMENTS.equals(section) || experiments == null) {
            return notFound(section + "/" + name);
        }
        ChaosExperiments.Start start = experiments.start(name, security != null ? security.getPrincipal() : null);
        int status = switch (start.outcome()) {
            case STARTED -> 202;
            case ALREADY_RUNNING, BLOCKED -> 409;
            case INVALID -> WebEndpointResponse.STATUS_BAD_REQUEST;
            case UNKNOWN -> WebEndpointResponse.STATUS_NOT_FOUND;
        };
        if (start.outcome() == ChaosExperiments.Outcome.STARTED) {
            audit(security, "CHAOS_EXPERIMENT_STARTED", Map.of("name", name, "runId", start.runId()));
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("runId", start.runId());
        body.put("message", start.message());
        return new WebEndpointResponse<>(body, status);
    }

    private WebEndpointResponse<Object> define(
            String name, @Nullable String definition, @Nullable SecurityContext security) {
        if (definition == null) {
            return badRequest(List.of(new Problem("(body)", null, "must be the assault definition as JSON")));
        }
        try {
            Assault assault = AssaultSchema.fromTree(AssaultSchema.parseTree(definition), name);
            // what the endpoint knew of a previous definition's stressor goes now, whatever order events arrive in
            stressorStates.remove(name);
            engine.define(assault);
            audit(security, "CHAOS_ASSAULT_DEFINED", AssaultSchema.toTree(assault));
            return item(ASSAULTS, name);
        } catch (InvalidDefinitionException invalid) {
            return badRequest(invalid.problems());
        }
    }

    /**
     * Deletes the assault called {@code name} that the endpoint or code defined: 200 with the document, also when
     * there is none (a delete is safe to repeat); 409 when another flag source (a file, the properties, a system
     * property) defines it, which only that source can change; 404 for a section other than {@code assaults}.
     */
    @DeleteOperation
    public WebEndpointResponse<Object> delete(
            @Selector String section, @Selector String name, @Nullable SecurityContext security) {
        if (!ASSAULTS.equals(section)) {
            return notFound(section + "/" + name);
        }
        if (engine.assaults().remove(name)) {
            stressorStates.remove(name);
            audit(security, "CHAOS_ASSAULT_DELETED", Map.of("name", name));
        } else if (engine.status().stream()
                .anyMatch(status -> status.assault().name().equals(name))) {
            return new WebEndpointResponse<>(
                    new Errors(List.of(new Problem(
                            "name",
                            name,
                            "is defined by another flag source (a file, the properties or a system property);"
                                    + " change it there"))),
                    409);
        }
        return new WebEndpointResponse<>(chaos());
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

    private static WebEndpointResponse<Object> badRequest(List<Problem> problems) {
        return new WebEndpointResponse<>(new Errors(problems), WebEndpointResponse.STATUS_BAD_REQUEST);
    }

    private WebEndpointResponse<Object> noReport(String name) {
        List<Object> declared =
                experiments().stream().map(view -> view.get("name")).toList();
        String message = declared.contains(name)
                ? "has no report yet: start it with POST experiments/" + name
                : "must name an experiment or game day declared in chaos.experiments or chaos.game-days; declared are "
                        + declared;
        return new WebEndpointResponse<>(
                new Errors(List.of(new Problem("path", EXPERIMENTS + "/" + name, message))),
                WebEndpointResponse.STATUS_NOT_FOUND);
    }

    private static WebEndpointResponse<Object> notFound(String what) {
        return new WebEndpointResponse<>(
                new Errors(List.of(new Problem("path", what, "must name an existing assault under assaults/"))),
                WebEndpointResponse.STATUS_NOT_FOUND);
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
}
