package dev.turbulence.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps {@code threads} daemon threads busy for {@code load} of every 100 ms period each; stopping ends them
 * at once.
 */
final class CpuBurner extends WorkerStressor {

    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private final double load;
    private final int threads;
    private final AtomicInteger burning = new AtomicInteger();
    private final List<Thread> burners = new ArrayList<>();

    CpuBurner(String name, double load, int threads, Listener listener) {
        super("turbulence-cpu-burn-" + name, listener);
        this.name = name;
        this.load = load;
        this.threads = threads;
    }

    @Override
    String target() {
        return "burn " + load + " of a core on each of " + threads + " threads";
    }

    @Override
    void work() throws InterruptedException {
        CountDownLatch allBurning = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread burner = new Thread(() -> burn(allBurning), "turbulence-cpu-burn-" + name + "-" + i);
            burner.setDaemon(true);
            burners.add(burner);
            burner.start();
        }
        allBurning.await();
        if (!stopping()) {
            publish(State.REACHED, burning.get(), burning.get() + " threads burn " + load + " of a core each");
        }
        awaitStop();
    }

    private void burn(CountDownLatch allBurning) {
        burning.incrementAndGet();
        allBurning.countDown();
        try {
            long busyNanos = (long) (PERIOD_NANOS * load);
            while (!stopping()) {
                long busyUntil = System.nanoTime() + busyNanos;
                while (System.nanoTime() - busyUntil < 0 && !stopping()) {
                    Thread.onSpinWait();
                }
                if (busyNanos < PERIOD_NANOS) {
                    awaitStop(PERIOD_NANOS - busyNanos);
                }
            }
        } finally {
            burning.decrementAndGet();
        }
    }

    @Override
    void release() throws InterruptedException {
        for (Thread burner : burners) {
            burner.join();
        }
    }

    @Override
    public long held() {
        return burning.get();
    }
}
