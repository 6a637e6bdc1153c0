package dev.turbulence.spring;

import dev.turbulence.CallSite;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Injection;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.http.server.PathContainer;
import org.springframework.lang.Nullable;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The one call site of the application's own HTTP endpoints, of kind {@code inbound} and named {@value #NAME},
 * with the per-request attributes {@code method} and {@code path} (the path as sent, within the application: without
 * its context path). The paths actuator serves are never assaulted, so the kill switch and the health checks keep
 * answering. Thread-safe.
 */
final class InboundSite {

    /** The name of the call site, which targets match. */
    static final String NAME = "server";

    private final CallSite site;
    private final List<PathPattern> management;

    /**
     * @param managementPaths the paths actuator serves on this server (its base path and each endpoint's path),
     *     each left alone with every path below it
     */
    InboundSite(ChaosEngine engine, Collection<String> managementPaths) {
        this.site = engine.callSite(CallSiteKind.INBOUND, NAME, Map.of());
        this.management = managementPaths.stream()
                .map(path -> path.replaceAll("/+$", ""))
                .filter(path -> !path.isEmpty()) // a base path of "/" serves no page of its own
                .map(path -> PathPatternParser.defaultInstance.parse(path + "/**"))
                .toList();
    }

    /**
     * Whether any assault in force aims at inbound requests; with chaos off, one volatile read. Filters ask this
     * first, so that they look at a request only when chaos may strike it.
     */
    boolean isTargeted() {
        return site.isTargeted();
    }

    /**
     * Decides what happens to one request.
     *
     * @return the injection to apply, or {@code null} when the request goes through untouched
     */
    @Nullable
    Injection decide(String method, PathContainer pathWithinApplication) {
        for (PathPattern pattern : management) {
            if (pattern.matches(pathWithinApplication)) {
                return null;
            }
        }
        return site.decide(Map.of("method", method, "path", pathWithinApplication.value()));
    }
}
