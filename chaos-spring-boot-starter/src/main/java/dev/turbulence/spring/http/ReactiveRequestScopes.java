package dev.turbulence.spring.http;

import dev.turbulence.RequestScope;
import dev.turbulence.RequestScopes;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Carries a reactive request's {@link RequestScope} in the Reactor context of its subscribers, where a scope bound to
 * a thread cannot follow: the WebFlux filter puts it there, and the reactive adapters bind it to the thread while
 * they decide and forward. Stateless.
 */
public final class ReactiveRequestScopes {

    private ReactiveRequestScopes() {}

    /** {@code mono} with {@code scope} in its subscribers' context. */
    public static <T> Mono<T> within(RequestScope scope, Mono<T> mono) {
        return mono.contextWrite(Context.of(RequestScope.class, scope));
    }

    /**
     * {@code assembly}'s Mono, assembled at subscription with the scope of the subscribers' context, if any, bound to
     * the thread. Adapters call it only while request scopes are on ({@link RequestScopes#isOff()}), and assemble at
     * once, allocating nothing, while they are off.
     */
    public static <T> Mono<T> assembled(Supplier<Mono<T>> assembly) {
        return Mono.deferContextual(context -> {
            RequestScope scope = context.getOrDefault(RequestScope.class, null);
            if (scope == null) {
                return assembly.get();
            }
            try (RequestScope.Binding bound = scope.bind()) {
                return assembly.get();
            }
        });
    }
}
