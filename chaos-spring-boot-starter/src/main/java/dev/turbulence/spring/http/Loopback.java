package dev.turbulence.spring.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Addresses on the loopback interface where a connection really fails, so that the application's own HTTP
 * client raises exactly the exception it raises for that failure. Nothing leaves the machine.
 */
final class Loopback {

    private static Socket closedPort;

    private Loopback() {}

    /**
     * A URI whose port is bound but never listens: the kernel refuses every connection to it. The port is
     * reserved once and kept, so that no other socket can start listening on it.
     */
    static synchronized URI refusing() throws IOException {
        if (closedPort == null) {
            Socket bound = new Socket();
            bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            closedPort = bound;
        }
        return uri(closedPort.getLocalPort());
    }

    static URI uri(int port) {
        try {
            return new URI("http", null, InetAddress.getLoopbackAddress().getHostAddress(), port, "/", null, null);
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
