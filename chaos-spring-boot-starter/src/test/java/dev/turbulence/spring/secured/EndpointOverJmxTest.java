package dev.turbulence.spring.secured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.ChaosEngine;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.management.MBeanException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The {@code chaos} endpoint over JMX, where an operator exposes it there: every operation answers with typed
 * results (maps and lists, never a web response), and what it refuses is the operation's exception, naming why.
 */
@SpringBootTest(
        classes = SecuredApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "chaos.enabled=true",
            "spring.jmx.enabled=true",
            "spring.jmx.default-domain=turbulence-jmx-test",
            "management.endpoints.jmx.exposure.include=chaos"
        })
class EndpointOverJmxTest {

    private static final String SLOW = """
            { "target": { "kind": "supplier", "name": "inventory" },
              "fault": { "type": "latency", "fixed": "1ms" }, "duration": "1m" }""";

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Autowired
    ChaosEngine engine;

    @AfterEach
    void removeTheAssault() {
        engine.assaults().remove("slow");
    }

    @Test
    void definesListsAndDeletesAnAssaultWithTypedResults() throws Exception {
        engine.decorateSupplier("inventory", () -> "7");

        Map<String, Object> stored = map(invoke("write", "assaults", "slow", SLOW));
        Map<String, Object> state = map(invoke("chaos"));
        List<Object> assaults = list(invoke("section", "assaults"));
        Map<String, Object> one = map(invoke("item", "assaults", "slow"));

        assertThat(stored).containsEntry("name", "slow").containsKey("state");
        assertThat(state.get("assaults")).isEqualTo(assaults);
        assertThat(one).isEqualTo(assaults.get(0));
        assertThat(list(state.get("callSites"))).contains(Map.of("kind", "supplier", "name", "inventory"));
        for (int i = 0; i < 2; i++) {
            assertThat(list(map(invoke("delete", "assaults", "slow")).get("assaults")))
                    .isEmpty();
        }
    }

    @Test
    void aRefusedDefinitionIsTheOperationsExceptionNamingEveryProblemAndChangesNothing() {
        assertThatThrownBy(() -> invoke("write", "assaults", "slow", """
                        { "fault": { "type": "latency", "fixed": "1ms" }, "rate": 1.5 }"""))
                .isInstanceOf(MBeanException.class)
                .hasMessage("rate must be > 0 and <= 1, but was 1.5");
        assertThatThrownBy(() -> invoke("item", "assaults", "never-defined"))
                .isInstanceOf(MBeanException.class)
                .hasMessage("path must name an existing assault under assaults/, but was 'assaults/never-defined'");
        assertThat(engine.status()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object result) {
        assertThat(result).isInstanceOf(Map.class);
        return (Map<String, Object>) result;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object result) {
        assertThat(result).isInstanceOf(List.class);
        return (List<Object>) result;
    }

    /**
     * Invokes operation {@code name} of the endpoint's MBean with {@code arguments}, as a JMX client would; actuator
     * lists the security context as a last parameter, which a JMX client leaves null.
     */
    private Object invoke(String name, Object... arguments) throws Exception {
        ObjectName chaos = new ObjectName("turbulence-jmx-test:type=Endpoint,name=Chaos");
        MBeanOperationInfo operation = Arrays.stream(server.getMBeanInfo(chaos).getOperations())
                .filter(candidate -> candidate.getName().equals(name))
                .findFirst()
                .orElseThrow();
        String[] signature = Arrays.stream(operation.getSignature())
                .map(MBeanParameterInfo::getType)
                .toArray(String[]::new);
        return server.invoke(chaos, name, Arrays.copyOf(arguments, signature.length), signature);
    }
}
