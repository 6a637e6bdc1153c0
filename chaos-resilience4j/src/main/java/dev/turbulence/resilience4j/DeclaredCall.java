package dev.turbulence.resilience4j;

import java.util.concurrent.Callable;

/**
 * The call of a {@link Load} as an experiment file declares it: a name, or an HTTP request to the application's
 * own server. It stands for the real call until {@link ExperimentRunner} resolves it, with what the runner was
 * built with, when the run starts; called unresolved, it fails. Immutable.
 */
sealed interface DeclaredCall extends Callable<Object> {

    @Override
    default Object call() {
        throw new IllegalStateException(describe() + " runs only on a runner that resolves it");
    }

    String describe();

    /** A callable registered on the runner under {@code name} ({@link ExperimentRunner.Builder#call}). */
    record Named(String name) implements DeclaredCall {
        @Override
        public String describe() {
            return "call '" + name + "'";
        }
    }

    /** An HTTP request to the server the runner was given ({@link ExperimentRunner.Builder#server}). */
    record Request(String method, String path) implements DeclaredCall {
        @Override
        public String describe() {
            return "request " + method + " " + path;
        }
    }
}
