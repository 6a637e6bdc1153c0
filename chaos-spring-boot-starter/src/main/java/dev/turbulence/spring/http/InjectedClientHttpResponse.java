package dev.turbulence.spring.http;

import dev.turbulence.Fault;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/** A response whose body is held in memory: an injected status, or a real response with a damaged body. */
final class InjectedClientHttpResponse implements ClientHttpResponse {

    private final HttpStatusCode status;
    private final String statusText;
    private final HttpHeaders headers;
    private final InputStream body;
    private final ClientHttpResponse original;

    private InjectedClientHttpResponse(
            HttpStatusCode status, String statusText, HttpHeaders headers, byte[] body, ClientHttpResponse original) {
        this.status = status;
        this.statusText = statusText;
        this.headers = headers;
        this.body = new ByteArrayInputStream(body);
        this.original = original;
    }

    /** The response a server would send for {@code fault}, with the standard reason phrase of its status. */
    static ClientHttpResponse of(Fault.HttpStatus fault) {
        HttpHeaders headers = new HttpHeaders();
        fault.headers().forEach(headers::add);
        HttpStatus known = HttpStatus.resolve(fault.status());
        return new InjectedClientHttpResponse(
                HttpStatusCode.valueOf(fault.status()),
                known == null ? "" : known.getReasonPhrase(),
                headers,
                fault.body().getBytes(StandardCharsets.UTF_8),
                null);
    }

    /** {@code response} as it arrived, but with its body damaged by {@code corruption}; reads the whole body. */
    static ClientHttpResponse corrupted(ClientHttpResponse response, Fault.CorruptBody corruption) throws IOException {
        try (InputStream in = response.getBody()) {
            byte[] damaged = corruption.damage(in.readAllBytes());
            return new InjectedClientHttpResponse(
                    response.getStatusCode(), response.getStatusText(), response.getHeaders(), damaged, response);
        } catch (IOException | RuntimeException failure) {
            response.close();
            throw failure;
        }
    }

    @Override
    public HttpStatusCode getStatusCode() {
        return status;
    }

    @Override
    public String getStatusText() {
        return statusText;
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }

    @Override
    public InputStream getBody() {
        return body;
    }

    @Override
    public void close() {
        if (original != null) {
            original.close();
        }
    }
}
