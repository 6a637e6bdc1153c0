package dev.turbulence;

import java.util.Map;
import java.util.Objects;

/**
 * Which call sites an assault applies to: a kind, a name glob and globs over the attributes the adapter
 * supplies (HTTP {@code method}, {@code host}, {@code path}; repository {@code type}, {@code method}; …).
 * A call site whose attribute is missing does not match a target that names that attribute.
 */
public record Target(CallSiteKind kind, Glob name, Map<String, Glob> attributes) {

    private static final Target EVERYTHING = new Target(CallSiteKind.ANY, Glob.any(), Map.of());

    public Target {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        attributes = Map.copyOf(attributes);
    }

    /** The target of an assault that names none: every call site. */
    public static Target everything() {
        return EVERYTHING;
    }

    public static Target of(CallSiteKind kind, String namePattern) {
        return new Target(kind, Glob.of(namePattern), Map.of());
    }

    /** Whether a call site of this kind and name can match; its attributes are checked by {@link #matchesAttributes}. */
    public boolean matchesSite(CallSiteKind siteKind, String siteName) {
        return kind.covers(siteKind) && name.matches(siteName);
    }

    public boolean matchesAttributes(Map<String, String> siteAttributes) {
        for (Map.Entry<String, Glob> wanted : attributes.entrySet()) {
            if (!wanted.getValue().matches(siteAttributes.get(wanted.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
