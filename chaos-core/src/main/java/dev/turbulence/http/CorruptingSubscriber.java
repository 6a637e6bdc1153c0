package dev.turbulence.http;

import dev.turbulence.Fault;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Reads the whole real body, damages it, then hands it to the caller's own subscriber. */
final class CorruptingSubscriber<T> implements HttpResponse.BodySubscriber<T> {

    private final HttpResponse.BodySubscriber<T> downstream;
    private final Fault.CorruptBody corruption;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private CorruptingSubscriber(HttpResponse.BodySubscriber<T> downstream, Fault.CorruptBody corruption) {
        this.downstream = downstream;
        this.corruption = corruption;
    }

    static <T> HttpResponse.BodyHandler<T> handler(HttpResponse.BodyHandler<T> handler, Fault.CorruptBody corruption) {
        return info -> new CorruptingSubscriber<>(handler.apply(info), corruption);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            received.writeBytes(bytes);
        }
    }

    @Override
    public void onError(Throwable failure) {
        downstream.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        downstream.onError(failure);
    }

    @Override
    public void onComplete() {
        downstream.onSubscribe(new BytesSubscription(downstream, corruption.damage(received.toByteArray())));
    }

    @Override
    public CompletionStage<T> getBody() {
        return downstream.getBody();
    }
}
