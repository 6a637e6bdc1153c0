package dev.turbulence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * The shape of call sites that throw — suppliers, callables, proxied methods, failed stages and error signals: what
 * each failure becomes there. Adapters of other shapes implement their own {@link Fault.Shape}.
 */
public final class Failures {

    /** What a socket would throw for a connection failure; the configured exception as it is. */
    private static final Fault.Shape<Throwable> THROWN = new Fault.Shape<>() {
        @Override
        public Throwable exception(Fault.ExceptionFault fault) {
            return fault.newThrowable();
        }

        @Override
        public Throwable jdbc(Fault.JdbcFailure fault) {
            return fault.newException();
        }

        @Override
        public Throwable httpStatus(Fault.HttpStatus fault) {
            // unreachable through an assault: http-status needs target.kind http or inbound, whose adapters answer it
            throw new IllegalArgumentException("http-status is not a failure a call site that throws can express");
        }

        @Override
        public Throwable connectionRefused(Fault.ConnectionRefused fault) {
            return new ConnectException("Connection refused");
        }

        @Override
        public Throwable connectionReset(Fault.ConnectionReset fault) {
            return new SocketException("Connection reset");
        }

        @Override
        public Throwable readTimeout(Fault.ReadTimeout fault) {
            return new SocketTimeoutException("Read timed out");
        }
    };

    private Failures() {}

    /**
     * The throwable {@code failure} becomes at a call site that throws: a new one each call, so that its stack
     * trace is the caller's.
     *
     * @throws IllegalArgumentException for an {@code http-status}, which only HTTP call sites can express
     */
    public static Throwable of(Fault.Failure failure) {
        return failure.in(THROWN);
    }

    /**
     * The throwable a call site that may throw only {@code declared} checked exceptions sees: unchecked
     * ones and declared checked ones as they are, an {@link IOException} as {@link UncheckedIOException},
     * any other checked one inside an {@link InjectedFaultException}.
     */
    public static Throwable forSite(Throwable failure, Class<?>... declared) {
        if (failure instanceof RuntimeException || failure instanceof Error) {
            return failure;
        }
        for (Class<?> type : declared) {
            if (type.isInstance(failure)) {
                return failure;
            }
        }
        if (failure instanceof IOException io) {
            return new UncheckedIOException(io);
        }
        return new InjectedFaultException(failure);
    }

    /** Throws {@code failure}, which {@link #forSite} has made legal for the caller. */
    @SuppressWarnings("unchecked")
    public static <T extends Throwable> RuntimeException sneakyThrow(Throwable failure) throws T {
        throw (T) failure;
    }
}
