package dev.turbulence.spring.secured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turbulence.Assault;
import dev.turbulence.AssaultStatus;
import dev.turbulence.ChaosEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Bodies of the {@code chaos} endpoint are limited to 64 KiB: more is answered with 413 without being read
 * whole, and changes nothing. Raw sockets show that the server answers before the body has even been sent.
 */
@SpringBootTest(
        classes = SecuredApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chaos.enabled=true", "management.endpoints.web.exposure.include=chaos"})
class EndpointBodyLimitTest {

    private static final int LIMIT = 64 * 1024;
    private static final String DEFINITION = "{\"fault\":{\"type\":\"latency\",\"fixed\":\"1ms\"}}";

    private final Http http = new Http();
    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @Autowired
    ChaosEngine engine;

    @Value("${local.server.port}")
    int port;

    @BeforeEach
    void noProbe() {
        engine.enable();
        engine.assaults().remove("probe");
    }

    @AfterEach
    void stopWriter() {
        writer.shutdownNow();
    }

    @Test
    void aDeclaredBodyOverTheLimitIsAnswered413BeforeItIsSent() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("POST /actuator/chaos/assaults/probe", "Content-Length: " + 8 * 1024 * 1024));
            out.write(new byte[1024]);
            out.flush();

            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 413 ");
        }
        assertThat(names()).doesNotContain("probe");
    }

    @Test
    void aChunkedBodyIsAnswered413OnceItPassesTheLimitWithoutWaitingForItsEnd() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("POST /actuator/chaos/assaults/probe", "Transfer-Encoding: chunked"));
            byte[] chunk = new byte[4096];
            Arrays.fill(chunk, (byte) ' ');
            for (int i = 0; i < LIMIT / chunk.length + 2; i++) {
                out.write(("1000\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();

            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 413 ");
        }
        assertThat(names()).doesNotContain("probe");
    }

    @Test
    void aBodyOfSeveralMegabytesIsAnswered413Quickly() throws Exception {
        Runtime runtime = Runtime.getRuntime();
        long usedBefore = runtime.totalMemory() - runtime.freeMemory();
        long started = System.nanoTime();
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            int size = 16 * 1024 * 1024;
            out.write(head("POST /actuator/chaos/assaults/probe", "Content-Length: " + size));
            CompletableFuture<Void> sending = CompletableFuture.runAsync(
                    () -> {
                        byte[] block = new byte[64 * 1024];
                        try {
                            for (int sent = 0; sent < size; sent += block.length) {
                                out.write(block);
                            }
                        } catch (IOException closedByTheServer) {
                            // the server answered and closed the connection: what this test expects
                        }
                    },
                    writer);

            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 413 ");
            sending.cancel(true);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long grewBy = runtime.totalMemory() - runtime.freeMemory() - usedBefore;
        System.out.printf("16 MiB body: 413 after %d ms, heap grew by %d KiB%n", millis, grewBy / 1024);
        assertThat(millis).as("answered within").isLessThan(10_000);
        assertThat(names()).doesNotContain("probe");
    }

    @Test
    void aDefinitionJustUnderTheLimitIsAccepted() {
        String padded =
                DEFINITION.substring(0, DEFINITION.length() - 1) + " ".repeat(LIMIT - DEFINITION.length()) + "}";
        assertThat(padded.length()).isEqualTo(LIMIT);

        assertThat(http.send("POST", port, "/actuator/chaos/assaults/probe", padded, "engineer")
                        .statusCode())
                .isEqualTo(200);
        assertThat(names()).contains("probe");
    }

    @Test
    void everyWriteOfTheEndpointHasTheLimitAndAnOversizedOneChangesNothing() {
        String oversized = "{\"enabled\":false" + " ".repeat(LIMIT) + "}";

        var answer = http.send("POST", port, "/actuator/chaos", oversized, "engineer");

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("\"field\":\"(body)\"").contains("must be at most 65536 bytes (64 KiB)");
        assertThat(engine.isEnabled()).isTrue();
    }

    @Test
    void securityRefusesAnAnonymousOversizedBodyBeforeAnythingReadsIt() {
        String oversized = DEFINITION + " ".repeat(LIMIT);

        assertThat(http.send("POST", port, "/actuator/chaos/assaults/probe", oversized, null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(names()).doesNotContain("probe");
    }

    @Test
    void aBodyThatIsNotUtf8IsAnswered400AndChangesNothing() throws IOException {
        byte[] body = DEFINITION.replace("1ms", "1\u00e9ms").getBytes(StandardCharsets.ISO_8859_1);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("POST /actuator/chaos/assaults/probe", "Content-Length: " + body.length));
            out.write(body);
            out.flush();

            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 400 ");
        }
        assertThat(names()).doesNotContain("probe");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static byte[] head(String requestLine, String lengthHeader) {
        return (requestLine + " HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\n"
                        + "Authorization: " + Http.basic("engineer") + "\r\n"
                        + "Content-Type: application/json\r\n"
                        + lengthHeader + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The status line without its reason phrase, which Tomcat leaves out. */
    private static String statusLine(Socket socket) throws IOException {
        String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        return line == null ? "(connection closed)" : line.substring(0, Math.min(line.length(), 13));
    }

    private java.util.List<String> names() {
        return engine.status().stream()
                .map(AssaultStatus::assault)
                .map(Assault::name)
                .toList();
    }
}
