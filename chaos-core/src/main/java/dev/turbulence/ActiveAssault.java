package dev.turbulence;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An assault in force: its lifetime, its seeded streams of decisions, its budget. Kept across plan versions
 * while its definition is unchanged, so redefining other assaults does not reset it. Thread-safe.
 *
 * <p>A {@code rate} draws from one stream per thread, so that threads share nothing: stream {@code k} belongs
 * to the {@code k}-th thread to reach this assault, and a thread's {@code n}-th chosen call draws, from the
 * {@code n}-th number of its stream, how many calls the thread passes over before the next one (a geometric
 * gap, so that a call passed over draws nothing). Seeded, one thread's decisions and sampled latencies are the
 * same in every run, and so are each thread's when the threads reach the assault in the same order.
 * {@code everyNth} counts the calls of all threads on one shared counter, exact under contention.
 */
final class ActiveAssault {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    /** Spaces the threads' streams apart (an odd constant, as in SplittableRandom's gamma). */
    private static final long STREAM_GAMMA = 0xd1b54a32d192ed03L;
    /** A call number holds the call's index in its thread's stream in its low bits, the stream above them. */
    private static final int INDEX_BITS = 40;

    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    /** Streams repeat after 2^23 threads, so that a call number is never negative (never {@link #PASS}). */
    private static final long STREAM_MASK = (1L << (63 - INDEX_BITS)) - 1;
    /** How many threads find their stream without a {@link ThreadLocal} lookup: a power of two. */
    private static final int SLOTS = 64;

    final Assault assault;
    /** The name of the flag source the assault came from, such as {@code memory} or {@code file:/etc/chaos.yaml}. */
    final String source;

    final Instant activatedAt;
    final Instant expiresAt;
    private final long expiresAtMillis;
    private final long seed;
    private final long everyNth;
    /**
     * Whether {@link #choose} needs more than the calling thread's stream: a count of every thread's calls
     * ({@code everyNth}) or a request scope to admit the call. One flag, so that a plain {@code rate}'s passed-over
     * call reads one field of this assault before its stream.
     */
    private final boolean countsOrScoped;

    private final long maxInjections;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong threadsArrived = new AtomicLong();
    private final ThreadLocal<ThreadStream> streams = ThreadLocal.withInitial(this::newThreadStream);
    /**
     * A cache before {@link #streams}: slot {@code id % SLOTS} holds the stream of the first thread of that id to
     * claim it, found by that thread with two loads and a compare. Written once per slot, read racily: a thread
     * that finds another's stream there (its {@code threadId} is final) goes to {@link #streams}.
     */
    private final ThreadStream[] slots = new ThreadStream[SLOTS];

    private final AtomicLong injections = new AtomicLong();
    private final AtomicBoolean expiryReported = new AtomicBoolean();

    /** {@code fallbackSeed}, when not null, seeds an assault that gives no seed of its own. */
    ActiveAssault(Assault assault, String source, Instant activatedAt, Duration defaultDuration, Long fallbackSeed) {
        this.assault = assault;
        this.source = source;
        this.activatedAt = activatedAt;
        this.expiresAt = activatedAt.plus(assault.duration() != null ? assault.duration() : defaultDuration);
        this.expiresAtMillis = expiresAt.toEpochMilli();
        this.seed = assault.seed() != null
                ? assault.seed()
                : fallbackSeed != null
                        ? fallbackSeed ^ assault.name().hashCode()
                        : ThreadLocalRandom.current().nextLong();
        this.everyNth = assault.everyNth() != null ? assault.everyNth() : 0;
        this.maxInjections = assault.maxInjections() != null ? assault.maxInjections() : Long.MAX_VALUE;
        this.countsOrScoped = everyNth > 0 || assault.requestScoped();
    }

    /** {@link #choose} or {@link #admit} found this call not assaulted. */
    static final long PASS = -1;
    /** {@link #admit} found the assault expired, and this is the first call to find so. */
    static final long JUST_EXPIRED = -2;
    /**
     * {@link #choose} found the call chosen by the {@code rate}; {@link #admit} draws its number. Drawing it there,
     * off the path of the calls passed over, keeps that path free of calls, so the JIT keeps its values in registers.
     */
    static final long NUMBER_TO_DRAW = -3;

    /**
     * Whether this assault, enabled, chooses the calling thread's next call: the call's number or
     * {@link #NUMBER_TO_DRAW}, else {@link #PASS}. Reads no clock, so that a call the assault passes over costs only
     * a decrement of its thread's gap (every-Nth: the shared count); a {@code rate} touches no state that another
     * thread writes. A request-scoped assault passes over,
     * without counting or drawing, every call outside a {@link RequestScope} that names it.
     */
    long choose() {
        return countsOrScoped ? chooseCountedOrScoped() : chooseByRate();
    }

    private long chooseCountedOrScoped() {
        if (assault.requestScoped() && !RequestScope.admits(assault.name())) {
            return PASS;
        }
        if (everyNth > 0) {
            long call = calls.getAndIncrement();
            return (call + 1) % everyNth == 0 ? call : PASS;
        }
        return chooseByRate();
    }

    private long chooseByRate() {
        ThreadStream thread = stream();
        if (thread.passesLeft > 0) {
            thread.passesLeft--;
            return PASS;
        }
        return NUMBER_TO_DRAW;
    }

    /** The calling thread's stream: from its slot, found with two loads and a compare, else from {@link #streams}. */
    private ThreadStream stream() {
        long threadId = Thread.currentThread().getId();
        ThreadStream thread = slots[(int) threadId & (SLOTS - 1)];
        return thread != null && thread.threadId == threadId ? thread : claimSlot(threadId);
    }

    /** The calling thread's stream, from {@link #streams}; put in its slot when that is still free. */
    private ThreadStream claimSlot(long threadId) {
        ThreadStream thread = streams.get();
        int slot = (int) threadId & (SLOTS - 1);
        if (slots[slot] == null) {
            slots[slot] = thread;
        }
        return thread;
    }

    private ThreadStream newThreadStream() {
        ThreadStream thread = new ThreadStream(
                Thread.currentThread().getId(), (threadsArrived.getAndIncrement() & STREAM_MASK) << INDEX_BITS);
        thread.passesLeft = passesBefore(thread.peek());
        return thread;
    }

    /**
     * How many calls a {@code rate} passes over before it chooses call {@code call} of a thread: a geometric
     * gap drawn from the call's number, so that each call is chosen with probability {@code rate},
     * independently of the others.
     */
    private long passesBefore(long call) {
        double rate = assault.rate();
        return rate >= 1.0 ? 0 : (long) Math.floor(Math.log1p(-unit(call, 0)) / Math.log1p(-rate));
    }

    /**
     * Admits a call that {@link #choose} chose, on the thread that it chose it on, at {@code nowMillis}: returns the
     * call's number when the assault is live and had budget left (then taken), else {@link #PASS} or
     * {@link #JUST_EXPIRED}. A number still to draw is drawn first, live or not, so that a thread's stream moves on
     * with each call its rate chooses.
     */
    long admit(long chosen, long nowMillis) {
        long call = chosen == NUMBER_TO_DRAW ? drawNumber() : chosen;
        if (nowMillis >= expiresAtMillis) {
            return expiryReported.compareAndSet(false, true) ? JUST_EXPIRED : PASS;
        }
        return takeBudget() ? call : PASS;
    }

    /** The number of the call the calling thread's rate has just chosen; draws the gap to the next one. */
    private long drawNumber() {
        ThreadStream thread = stream();
        long call = thread.next();
        thread.passesLeft = passesBefore(thread.peek());
        return call;
    }

    /** Draws the latency of call number {@code call} from this assault's seeded stream. */
    Duration sampleLatency(Fault.Latency latency, long call) {
        return latency.sample(unit(call, 1), unit(call, 2));
    }

    /** The event of this assault's expiry, found at {@code nowMillis}. */
    ChaosEvent.AssaultExpired expiredAt(long nowMillis) {
        return new ChaosEvent.AssaultExpired(Instant.ofEpochMilli(nowMillis), assault.name());
    }

    long injections() {
        return injections.get();
    }

    boolean isLive(long nowMillis) {
        return assault.enabled() && nowMillis < expiresAtMillis && injections.get() < maxInjections;
    }

    private boolean takeBudget() {
        long used;
        do {
            used = injections.get();
            if (used >= maxInjections) {
                return false;
            }
        } while (!injections.compareAndSet(used, used + 1));
        return true;
    }

    /**
     * Number {@code draw} (0: the gap before it, 1 and 2: a latency) of call {@code call}, uniform in [0, 1):
     * SplitMix64 over the seed, moved by the call's thread stream.
     */
    private double unit(long call, long draw) {
        long index = call & INDEX_MASK;
        long z = seed + (call >>> INDEX_BITS) * STREAM_GAMMA + (index * 3 + draw + 1) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    /** One thread's stream of chosen calls; only that thread reads or writes its state. */
    private static final class ThreadStream {
        /** The id of the thread it belongs to: final, so that a thread reading it from a slot sees it whole. */
        final long threadId;

        private final long stream;
        private long index;
        /** The calls to pass over before the next chosen one. */
        long passesLeft;

        ThreadStream(long threadId, long stream) {
            this.threadId = threadId;
            this.stream = stream;
        }

        /** The number of the next chosen call: the stream in the high bits, its index in the low. */
        long peek() {
            return stream | index;
        }

        /** {@link #peek}, then moves on to the chosen call after it. */
        long next() {
            long call = peek();
            index = (index + 1) & INDEX_MASK;
            return call;
        }
    }
}
