package dev.turbulence;

import java.util.Locale;

/**
 * The kind of place a fault is injected at. {@link #ANY} is only used in targets, to match every kind but
 * {@link #INBOUND}, whose call sites — the application's own HTTP endpoints — only a target naming that kind
 * reaches; {@link #PROCESS} is the target of stressors ({@link Stress}), which no call site has.
 */
public enum CallSiteKind {
    SUPPLIER,
    HTTP,
    REPOSITORY,
    JDBC,
    BEAN,
    INBOUND,
    PROCESS,
    ANY;

    /** The name used in the schema, such as {@code http}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a target of this kind covers a call site of {@code kind}. */
    public boolean covers(CallSiteKind kind) {
        return this == kind || (this == ANY && kind != INBOUND);
    }
}
