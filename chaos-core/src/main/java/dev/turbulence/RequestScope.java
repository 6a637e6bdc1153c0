package dev.turbulence;

import java.time.Instant;
import java.util.Set;

/**
 * The request-scoped assaults one request asked for with its signed chaos context (read by {@link RequestScopes}),
 * bound to the thread that serves the request. A {@linkplain Assault#requestScoped() request-scoped} assault applies
 * only to calls made on a thread whose bound scope names it, so the call chain of that one request sees it, across
 * the hops the context is forwarded over, and no other request does. Immutable; each thread binds its own.
 */
public final class RequestScope {

    private static final ThreadLocal<RequestScope> CURRENT = new ThreadLocal<>();

    private final Set<String> assaults;
    private final Instant expiresAt;
    private final String token;

    RequestScope(Set<String> assaults, Instant expiresAt, String token) {
        this.assaults = Set.copyOf(assaults);
        this.expiresAt = expiresAt;
        this.token = token;
    }

    /** The scope bound to the calling thread, or {@code null}. */
    public static RequestScope current() {
        return CURRENT.get();
    }

    /** Whether the scope bound to the calling thread names {@code assault}. */
    static boolean admits(String assault) {
        RequestScope scope = CURRENT.get();
        return scope != null && scope.assaults.contains(assault);
    }

    /**
     * Binds this scope to the calling thread until the binding is closed, which binds again the scope bound before
     * (none, usually). Close it on the thread that bound it, in a {@code finally} or try-with-resources.
     */
    public Binding bind() {
        RequestScope previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The names of the request-scoped assaults this scope lets apply. */
    public Set<String> assaults() {
        return assaults;
    }

    /** When the context stops being accepted; checked when it is read. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The signed context as the request carried it, forwarded unchanged to the hosts allowed. */
    public String token() {
        return token;
    }

    /** A scope bound to a thread; closing it unbinds it. */
    @FunctionalInterface
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }
}
