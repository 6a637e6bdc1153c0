package dev.turbulence;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Reads one flag source on a daemon thread of its own, one read at a time: a source whose {@code assaults()}
 * hangs holds exactly one thread, and requests made meanwhile share one follow-up read. Whatever the read
 * throws, {@link Error}s included, is handed to the engine as that source's failure. The fields the engine
 * keeps per source are guarded by the engine's plan lock.
 */
final class SourceReader {

    /** What became of one read: its assaults, or the failure in their place. */
    interface Sink {
        void read(SourceReader reader, long number, List<Assault> assaults, Throwable failure);
    }

    /** A requested read: its number, a stage completing once the sink has it, and how long to wait for it. */
    record Ticket(long number, CompletableFuture<Void> done, long waitNanos) {}

    final FlagSource source;
    final String name;
    private final UnaryOperator<Assault> check;
    private final Sink sink;
    private final long timeoutNanos;

    /** The assaults in force from this source: its last good ones, or none while it is unavailable. */
    List<Assault> good = List.of();
    /** Whether its last read failed. */
    boolean failing;
    /** The number of the last read the engine applied. */
    long applied;

    private long started;
    private CompletableFuture<Void> running;
    private long runningSince;
    private CompletableFuture<Void> followUp;

    SourceReader(FlagSource source, String name, UnaryOperator<Assault> check, Sink sink, Duration timeout) {
        this.source = source;
        this.name = name;
        this.check = check;
        this.sink = sink;
        this.timeoutNanos = timeout.toNanos();
    }

    /** The name of {@code source}, or its class name when {@code name()} fails. */
    static String nameOf(FlagSource source) {
        try {
            String name = source.name();
            return name != null ? name : source.getClass().getName();
        } catch (RuntimeException | Error failure) {
            return source.getClass().getName();
        }
    }

    /**
     * Asks for a read that starts no earlier than now. While a read runs, the request waits for one follow-up
     * read, shared by every request made meanwhile; while a read has run past the timeout, the ticket's wait is
     * zero: the source counts as unavailable at once.
     */
    synchronized Ticket request() {
        long now = System.nanoTime();
        if (running == null) {
            running = new CompletableFuture<>();
            runningSince = now;
            start(++started, running);
            return new Ticket(started, running, timeoutNanos);
        }
        if (followUp == null) {
            followUp = new CompletableFuture<>();
        }
        long wait = now - runningSince > timeoutNanos ? 0 : timeoutNanos;
        return new Ticket(started + 1, followUp, wait);
    }

    private void start(long number, CompletableFuture<Void> done) {
        Thread thread = new Thread(() -> read(number, done), "turbulence-source-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void read(long number, CompletableFuture<Void> done) {
        List<Assault> assaults = null;
        Throwable failure = null;
        try {
            List<Assault> read = source.assaults();
            if (read == null) {
                throw new IllegalStateException("assaults() returned null");
            }
            assaults = List.copyOf(read);
            assaults.forEach(check::apply);
        } catch (Throwable any) {
            assaults = null;
            failure = any;
        }
        try {
            sink.read(this, number, assaults, failure);
        } finally {
            synchronized (this) {
                if (followUp != null) {
                    running = followUp;
                    followUp = null;
                    runningSince = System.nanoTime();
                    start(++started, running);
                } else {
                    running = null;
                }
            }
            done.complete(null);
        }
    }
}
