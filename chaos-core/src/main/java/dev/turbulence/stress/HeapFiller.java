package dev.turbulence.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Allocates heap in steps on its worker thread and holds it; stopping drops every reference. */
final class HeapFiller extends WorkerStressor {

    private static final long MIN_STEP = 1 << 20;
    private static final long MAX_STEP = 16 << 20;

    private final long bytes;
    private final List<byte[]> chunks = new ArrayList<>();
    private final AtomicLong held = new AtomicLong();

    HeapFiller(String name, long bytes, Listener listener) {
        super("turbulence-heap-pressure-" + name, listener);
        this.bytes = bytes;
    }

    @Override
    String target() {
        return "hold " + bytes + " bytes of heap";
    }

    @Override
    void work() {
        long step = Math.max(MIN_STEP, Math.min(MAX_STEP, bytes / 64));
        while (held.get() < bytes && !stopping()) {
            int size = (int) Math.min(step, bytes - held.get());
            chunks.add(new byte[size]);
            held.addAndGet(size);
        }
        if (!stopping()) {
            publish(State.REACHED, held.get(), "holds " + held.get() + " bytes of heap");
        }
        awaitStop();
    }

    @Override
    void release() {
        chunks.clear();
        held.set(0);
    }

    @Override
    public long held() {
        return held.get();
    }
}
