package dev.turbulence.resilience4j;

import dev.turbulence.schema.Problems;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

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

    /**
     * An HTTP request to the server the runner was given ({@link ExperimentRunner.Builder#server}): {@code method}
     * in any case, {@code path} on that server.
     */
    record Request(String method, String path) implements DeclaredCall {

        private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

        /** A path on the server: it starts with one slash and holds no space or control character. */
        private static final Pattern PATH = Pattern.compile("/(?!/)[^\\s\\p{Cntrl}]{0,2047}");

        public Request {
            Problems problems = new Problems();
            method = method == null ? null : method.toUpperCase(Locale.ROOT);
            if (method == null) {
                problems.add("method", null, "is required");
            } else if (!METHODS.contains(method)) {
                problems.add("method", method, "must be one of " + METHODS);
            }
            if (path == null) {
                problems.add("path", null, "is required");
            } else if (!(PATH.matcher(path).matches() && isUriPath(path))) {
                problems.add(
                        "path",
                        Problems.abbreviate(path),
                        "must be a path on the application's own server: one leading slash, no spaces, at most 2048"
                                + " characters, valid in a URI (encode {, }, | and the like as %7B, %7D, %7C), such as"
                                + " /products/1?view=full");
            }
            problems.throwIfAny("request");
        }

        /** Whether {@code path} makes a valid URI on a server's authority, and keeps that authority. */
        private static boolean isUriPath(String path) {
            try {
                return "localhost".equals(URI.create("http://localhost" + path).getRawAuthority());
            } catch (IllegalArgumentException invalid) {
                return false;
            }
        }

        @Override
        public String describe() {
            return "request " + method + " " + path;
        }
    }
}
