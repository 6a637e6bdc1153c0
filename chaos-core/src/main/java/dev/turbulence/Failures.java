package dev.turbulence.internal;

import dev.turbulence.Fault;
import dev.turbulence.InjectedFaultException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** The throwables a failure fault becomes at call sites that cannot express it natively. */
public final class Failures {

    private Failures() {}

    /** The exception the real failure produces in the JDK: what a socket would throw. */
    public static Throwable of(Fault fault) {
        if (fault instanceof Fault.ConnectionRefused) {
            return new ConnectException("Connection refused");
        }
        if (fault instanceof Fault.ConnectionReset) {
            return new SocketException("Connection reset");
        }
        if (fault instanceof Fault.ReadTimeout) {
            return new SocketTimeoutException("Read timed out");
        }
        if (fault instanceof Fault.ExceptionFault exception) {
            return exception.newThrowable();
        }
        throw new IllegalArgumentException(fault.type() + " is not a failure this call site can express");
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
