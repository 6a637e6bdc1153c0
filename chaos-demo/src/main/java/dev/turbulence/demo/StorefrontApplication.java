package dev.turbulence.demo;

import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo: starts the storefront with its downstreams, runs the game day and exits with 0 when every
 * verdict is the expected one (1 when not, 2 when the game day could not run). With {@code --keep-running}
 * the storefront stays up afterwards, on port 8080 unless {@code --server.port} says otherwise, to play
 * with by hand; without it, it listens on a free port for the game day only.
 */
@SpringBootApplication
public class StorefrontApplication {

    static final String KEEP_RUNNING = "--keep-running";

    public static void main(String[] args) {
        boolean keepRunning = Arrays.asList(args).contains(KEEP_RUNNING);
        SpringApplication application = new SpringApplication(StorefrontApplication.class);
        application.setDefaultProperties(Map.of("server.port", keepRunning ? "8080" : "0"));
        ConfigurableApplicationContext context = application.run(args);
        StorefrontGameDay gameDay = context.getBean(StorefrontGameDay.class);
        int exitCode;
        try {
            exitCode = gameDay.run().asExpected() ? 0 : 1;
        } catch (RuntimeException failure) {
            System.err.println("The game day could not run: " + failure.getMessage());
            exitCode = 2;
        }
        if (keepRunning) {
            gameDay.printPlayground();
        } else {
            int code = exitCode;
            System.exit(SpringApplication.exit(context, () -> code));
        }
    }
}
