package dev.turbulence.http;

import dev.turbulence.CallSite;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Injection;
import dev.turbulence.RequestScopes;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A JDK {@link HttpClient} that injects faults into {@link #send} and {@link #sendAsync}, each in the shape
 * the JDK client gives for the real failure: a refused or reset connection and a timeout fail as they do
 * against a real server, an {@code http-status} fault is a real {@link HttpResponse} read through the
 * caller's {@link HttpResponse.BodyHandler}. A failure replaces the request, which never leaves; a latency
 * delays it ({@code sendAsync} waits on a timer, blocking no thread) and counts against the request's own
 * timeout; a {@code corrupt-body} fault damages the real response's body. From an after-call assault, the request
 * goes to the server and the real response is read, then it is delayed or, lost, replaced by the failure.
 *
 * <p>The client is one call site of kind {@code http} with the name given to {@link #decorate}; targets match
 * each request's {@code method}, {@code host}, {@code path}, {@code port} and {@code scheme}. While chaos is
 * off, or no assault targets this name, every call goes to the decorated client untouched. A request sent while a
 * {@link dev.turbulence.RequestScope} is bound carries its signed context to the hosts {@link RequestScopes} allows,
 * so the next hop sees the same request-scoped assaults. Everything else —
 * executor, version, cookies, proxy, TLS, WebSockets — is the decorated client's. Thread-safe.
 */
public final class ChaosHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final CallSite site;
    private final RequestScopes scopes;

    private ChaosHttpClient(HttpClient delegate, CallSite site, RequestScopes scopes) {
        this.delegate = delegate;
        this.site = site;
        this.scopes = scopes;
    }

    /** Decorates {@code client}: a call site of kind {@code http} called {@code name}. */
    public static ChaosHttpClient decorate(ChaosEngine engine, String name, HttpClient client) {
        Objects.requireNonNull(client, "client");
        return new ChaosHttpClient(
                client,
                engine.callSite(CallSiteKind.HTTP, Objects.requireNonNull(name, "name"), Map.of()),
                engine.requestScopes());
    }

    /**
     * Sends as the decorated client does. An injected failure is thrown as the JDK's {@code send} throws the
     * real one; an {@code exception} fault is thrown as configured (a checked exception other than
     * {@link IOException} or {@link InterruptedException} inside an {@link dev.turbulence.InjectedFaultException}).
     *
     * @throws InterruptedException when interrupted, an injected delay included; the request is then not sent
     */
    @Override
    public <T> HttpResponse<T> send(HttpRequest given, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpRequest request = scoped(given);
        Injection injection = decide(request);
        if (injection == null) {
            return delegate.send(request, handler);
        }
        Exchange<T> exchange = Exchange.of(injection, request, handler, versionOf(request));
        injection.pause(exchange.delay());
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        HttpResponse<T> response = exchange.send(delegate);
        return injection.strikesAfterCall()
                ? Exchange.afterCall(injection, response, request, handler, versionOf(request))
                : response;
    }

    /** Sends as the decorated client does; an injected failure completes the returned future exceptionally. */
    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest given, HttpResponse.BodyHandler<T> handler) {
        HttpRequest request = scoped(given);
        Injection injection = decide(request);
        if (injection == null) {
            return delegate.sendAsync(request, handler);
        }
        return afterCall(
                injection,
                Exchange.of(injection, request, handler, versionOf(request)).sendAsync(injection, delegate::sendAsync),
                request,
                handler);
    }

    /** As {@link #sendAsync(HttpRequest, HttpResponse.BodyHandler)}; pushed responses are not assaulted. */
    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest given,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        HttpRequest request = scoped(given);
        Injection injection = decide(request);
        if (injection == null) {
            return delegate.sendAsync(request, handler, pushPromiseHandler);
        }
        return afterCall(
                injection,
                Exchange.of(injection, request, handler, versionOf(request))
                        .sendAsync(
                                injection,
                                (sent, sentHandler) -> delegate.sendAsync(sent, sentHandler, pushPromiseHandler)),
                request,
                handler);
    }

    private <T> CompletableFuture<HttpResponse<T>> afterCall(
            Injection injection,
            CompletableFuture<HttpResponse<T>> answered,
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        return injection.strikesAfterCall()
                ? answered.thenCompose(
                        response -> Exchange.afterCallAsync(injection, response, request, handler, versionOf(request)))
                : answered;
    }

    /** The request with the calling thread's chaos context ({@link RequestScopes}), when its host may receive it. */
    private HttpRequest scoped(HttpRequest request) {
        String context = scopes.forwardedTo(request.uri().getHost());
        return context == null
                ? request
                : HttpRequest.newBuilder(request, (name, value) -> !RequestScopes.HEADER.equalsIgnoreCase(name))
                        .header(RequestScopes.HEADER, context)
                        .build();
    }

    private Injection decide(HttpRequest request) {
        return site.isTargeted() ? site.decide(HttpCallAttributes.of(request.method(), request.uri())) : null;
    }

    private Version versionOf(HttpRequest request) {
        return request.version().orElse(delegate.version());
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return delegate.newWebSocketBuilder();
    }

    @Override
    public String toString() {
        return "ChaosHttpClient[" + site.name() + "]: " + delegate;
    }
}
