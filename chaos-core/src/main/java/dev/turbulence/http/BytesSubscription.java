package dev.turbulence.http;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/** Delivers one body to a subscriber on its first request, then completes it; empty bodies only complete. */
final class BytesSubscription implements Flow.Subscription {

    private final Flow.Subscriber<? super List<ByteBuffer>> subscriber;
    private final byte[] body;
    private final AtomicBoolean delivered = new AtomicBoolean();
    private volatile boolean cancelled;

    BytesSubscription(Flow.Subscriber<? super List<ByteBuffer>> subscriber, byte[] body) {
        this.subscriber = subscriber;
        this.body = body;
    }

    @Override
    public void request(long n) {
        if (cancelled || !delivered.compareAndSet(false, true)) {
            return;
        }
        if (n <= 0) {
            subscriber.onError(new IllegalArgumentException("request must be > 0, but was " + n));
            return;
        }
        if (body.length > 0) {
            subscriber.onNext(List.of(ByteBuffer.wrap(body)));
        }
        if (!cancelled) {
            subscriber.onComplete();
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
    }
}
